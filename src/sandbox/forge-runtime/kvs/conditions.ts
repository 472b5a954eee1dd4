import { KvsServiceError } from '../errors';

/** One condition as @forge/kvs sends it (`WhereConditions` / `FilterConditions` plus the property). */
export interface Condition {
  property?: string;
  condition: string;
  values: readonly unknown[];
}

export interface FilterGroup {
  and?: readonly Condition[];
  or?: readonly Condition[];
}

type Comparable = string | number;

function comparable(v: unknown): v is Comparable {
  return typeof v === 'string' || typeof v === 'number';
}

/** Orders strings and numbers; values of different types never compare (the condition is false). */
function compare(a: unknown, b: unknown): number | null {
  if (!comparable(a) || !comparable(b) || typeof a !== typeof b) return null;
  return a < b ? -1 : a > b ? 1 : 0;
}

const ARITY: Record<string, number> = {
  BEGINS_WITH: 1,
  BETWEEN: 2,
  CONTAINS: 1,
  NOT_CONTAINS: 1,
  EQUAL_TO: 1,
  NOT_EQUAL_TO: 1,
  EXISTS: 1,
  NOT_EXISTS: 1,
  GREATER_THAN: 1,
  GREATER_THAN_EQUAL_TO: 1,
  LESS_THAN: 1,
  LESS_THAN_EQUAL_TO: 1,
};

/** Conditions an entity query's `where` (the index range) accepts (docs/forge-storage.md, "Queries"). */
export const WHERE_CONDITIONS: readonly string[] = [
  'BEGINS_WITH',
  'BETWEEN',
  'EQUAL_TO',
  'GREATER_THAN',
  'GREATER_THAN_EQUAL_TO',
  'LESS_THAN',
  'LESS_THAN_EQUAL_TO',
];

/** A complex query holds at most 100 conditions: `where` plus every filter (docs/forge-storage.md). */
export const MAX_QUERY_CONDITIONS = 100;

export function checkCondition(c: Condition, allowed: readonly string[] = Object.keys(ARITY)): void {
  if (!allowed.includes(c.condition) || ARITY[c.condition] === undefined) {
    throw new KvsServiceError(
      400,
      'INVALID_FILTER_CONDITION',
      'The specified condition is not supported for filters.',
    );
  }
  if (c.condition === 'BETWEEN' && c.values.length < 2) {
    throw new KvsServiceError(
      400,
      'INSUFFICIENT_FILTER_VALUES',
      'The specified condition needs at least two values.',
    );
  }
  if (c.values.length !== ARITY[c.condition]) {
    throw new KvsServiceError(
      400,
      'INVALID_FILTER_VALUES',
      'The specified number of values are not supported by the given condition.',
    );
  }
}

/** Whether `value` (an attribute value, or undefined when absent) satisfies the condition. */
export function matches(c: Condition, value: unknown): boolean {
  const [first, second] = c.values;
  switch (c.condition) {
    case 'EXISTS':
      return value !== undefined;
    case 'NOT_EXISTS':
      return value === undefined;
    case 'EQUAL_TO':
      return value === first;
    case 'NOT_EQUAL_TO':
      return value !== first;
    case 'BEGINS_WITH':
      return typeof value === 'string' && typeof first === 'string' && value.startsWith(first);
    case 'CONTAINS':
      return typeof value === 'string'
        ? typeof first === 'string' && value.includes(first)
        : Array.isArray(value) && value.includes(first);
    case 'NOT_CONTAINS':
      return typeof value === 'string'
        ? typeof first === 'string' && !value.includes(first)
        : Array.isArray(value) && !value.includes(first);
    case 'BETWEEN': {
      const lo = compare(value, first);
      const hi = compare(value, second);
      return lo !== null && hi !== null && lo >= 0 && hi <= 0;
    }
    case 'GREATER_THAN':
      return (compare(value, first) ?? -1) > 0;
    case 'GREATER_THAN_EQUAL_TO':
      return (compare(value, first) ?? -1) >= 0;
    case 'LESS_THAN':
      return (compare(value, first) ?? 1) < 0;
    case 'LESS_THAN_EQUAL_TO':
      return (compare(value, first) ?? 1) <= 0;
    default:
      return false;
  }
}

export function checkFilterGroup(group: FilterGroup): void {
  if (group.and !== undefined && group.or !== undefined) {
    throw new KvsServiceError(
      400,
      'INVALID_FILTER_OPERATORS_COMBINATION',
      'Filter operators "and" and "or" cannot be present at the same level.',
    );
  }
  const items = group.and ?? group.or;
  if (items === undefined || items.length === 0) {
    throw new KvsServiceError(
      400,
      'EMPTY_FILTER_OPERATOR',
      'Filter operators "and" and "or" cannot be empty.',
    );
  }
  for (const c of items) {
    if (c.property === undefined || c.property.length === 0) {
      throw new KvsServiceError(400, 'INVALID_FILTER_CONDITION', 'Every filter condition names a property.');
    }
    checkCondition(c);
  }
}

/** How many conditions a filter group holds (for the per-query cap). */
export function conditionCount(group: FilterGroup | undefined): number {
  return (group?.and ?? []).length + (group?.or ?? []).length;
}

/** Evaluates an `{and:[…]}` / `{or:[…]}` group against an entity value's attributes. */
export function matchesGroup(group: FilterGroup, attributes: Readonly<Record<string, unknown>>): boolean {
  const test = (c: Condition) => matches(c, c.property === undefined ? undefined : attributes[c.property]);
  if (group.and !== undefined) return group.and.every(test);
  return (group.or ?? []).some(test);
}
