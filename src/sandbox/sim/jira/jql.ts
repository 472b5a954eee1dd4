/**
 * The JQL the simulator understands — exactly what the Forge app needs to find an issue it
 * already posted, nothing more:
 *
 *   query   := clause { AND clause } [ ORDER BY (created | key) [ASC | DESC] ]
 *   clause  := project = value
 *            | labels = value
 *            | issue.property[propertyKey].path = value
 *   value   := "double-quoted, \" and \\ escaped" | bare word of [A-Za-z0-9_.@-]
 *   path    := name { . name }          (name = [A-Za-z0-9_]+)
 *
 * Keywords are case-insensitive. Anything else is a JqlError (the API answers 400), so a caller
 * relying on JQL the simulator does not implement fails loudly instead of matching nothing.
 */
export type JqlClause =
  | { kind: 'project'; value: string }
  | { kind: 'labels'; value: string }
  | { kind: 'property'; key: string; path: string[]; value: string };

export interface JqlQuery {
  clauses: JqlClause[];
  orderBy?: { field: 'created' | 'key'; direction: 'ASC' | 'DESC' };
}

export class JqlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JqlError';
  }
}

export const UNBOUNDED_MESSAGE =
  'Unbounded JQL queries are not allowed here. Please add a search restriction to your query.';

const PROPERTY = /issue\.property\[([A-Za-z0-9_.-]+)\]\.([A-Za-z0-9_]+(?:\.[A-Za-z0-9_]+)*)\s*=\s*/iy;
const FIELD = /(project|labels)\s*=\s*/iy;
const QUOTED = /"((?:[^"\\]|\\.)*)"/y;
const BARE = /[A-Za-z0-9_.@-]+/y;
const AND = /\s+AND\s+/iy;
const ORDER_BY = /\s*ORDER\s+BY\s+(created|key)(?:\s+(ASC|DESC))?\s*$/iy;
const ONLY_ORDER_BY = /^\s*(ORDER\s+BY\b.*)?$/is;

function matchAt(re: RegExp, input: string, at: number): RegExpExecArray | null {
  re.lastIndex = at;
  return re.exec(input);
}

function readValue(input: string, at: number): { value: string; end: number } {
  const quoted = matchAt(QUOTED, input, at);
  if (quoted) return { value: (quoted[1] ?? '').replace(/\\(.)/g, '$1'), end: QUOTED.lastIndex };
  const bare = matchAt(BARE, input, at);
  if (bare) return { value: bare[0], end: BARE.lastIndex };
  throw new JqlError(`Error in the JQL Query: expected a value at character ${at + 1}.`);
}

function readClause(input: string, at: number): { clause: JqlClause; end: number } {
  const prop = matchAt(PROPERTY, input, at);
  if (prop) {
    const { value, end } = readValue(input, PROPERTY.lastIndex);
    return { clause: { kind: 'property', key: prop[1] ?? '', path: (prop[2] ?? '').split('.'), value }, end };
  }
  const field = matchAt(FIELD, input, at);
  if (field) {
    const { value, end } = readValue(input, FIELD.lastIndex);
    const kind = (field[1] ?? '').toLowerCase() === 'project' ? 'project' : 'labels';
    return { clause: { kind, value }, end };
  }
  throw new JqlError(
    `Error in the JQL Query: unsupported clause at character ${at + 1}. The simulator supports ` +
      '`project = KEY`, `labels = "label"` and `issue.property[key].path = "value"`, joined by AND.',
  );
}

export function parseJql(input: string): JqlQuery {
  if (ONLY_ORDER_BY.test(input)) throw new JqlError(UNBOUNDED_MESSAGE);
  const clauses: JqlClause[] = [];
  let at = input.length - input.trimStart().length;
  for (;;) {
    const { clause, end } = readClause(input, at);
    clauses.push(clause);
    at = end;
    if (input.slice(at).trim() === '') return { clauses };
    const order = matchAt(ORDER_BY, input, at);
    if (order) {
      const field = (order[1] ?? '').toLowerCase() === 'key' ? 'key' : 'created';
      const direction = (order[2] ?? 'ASC').toUpperCase() === 'DESC' ? 'DESC' : 'ASC';
      return { clauses, orderBy: { field, direction } };
    }
    if (!matchAt(AND, input, at)) {
      throw new JqlError(`Error in the JQL Query: expected AND or ORDER BY at character ${at + 1}.`);
    }
    at = AND.lastIndex;
  }
}
