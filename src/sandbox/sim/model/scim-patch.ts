import { InvalidScimRequestError } from './errors';
import type { ScimEmail, ScimName, ScimPhoneNumber, ScimUserAttributes } from './types';

/**
 * SCIM PATCH for users, as a pure function over the IdP-controlled attributes. Attribute names and
 * `op` are case-insensitive (RFC 7643/7644); Entra sends `Replace` and string booleans ("False").
 */

export interface PatchOperation {
  op: string;
  path?: string | undefined;
  value?: unknown;
}

export const ENTERPRISE_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

type NullableStringAttr =
  | 'externalId'
  | 'displayName'
  | 'nickName'
  | 'title'
  | 'department'
  | 'organization'
  | 'timezone'
  | 'preferredLanguage';

const STRING_ATTRS: Record<string, NullableStringAttr> = {
  externalid: 'externalId',
  displayname: 'displayName',
  nickname: 'nickName',
  title: 'title',
  department: 'department',
  organization: 'organization',
  timezone: 'timezone',
  preferredlanguage: 'preferredLanguage',
  [`${ENTERPRISE_URN.toLowerCase()}:department`]: 'department',
  [`${ENTERPRISE_URN.toLowerCase()}:organization`]: 'organization',
};

const NAME_PARTS: Record<string, keyof ScimName> = {
  formatted: 'formatted',
  familyname: 'familyName',
  givenname: 'givenName',
  middlename: 'middleName',
  honorificprefix: 'honorificPrefix',
  honorificsuffix: 'honorificSuffix',
};

const invalidValue = (detail: string) => new InvalidScimRequestError('invalidValue', detail);

export function toBoolean(value: unknown, attr: string): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
  throw invalidValue(`Attribute ${attr} must be a boolean.`);
}

function toNullableString(value: unknown, attr: string): string | null {
  if (value === null) return null;
  if (typeof value === 'string') return value;
  throw invalidValue(`Attribute ${attr} must be a string.`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function toEmails(value: unknown): ScimEmail[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((e) => {
    if (!isRecord(e) || typeof e.value !== 'string' || !e.value.includes('@')) {
      throw invalidValue('Each email needs a string value that is an email address.');
    }
    return {
      value: e.value,
      type: typeof e.type === 'string' ? e.type : 'work',
      primary: e.primary === undefined ? false : toBoolean(e.primary, 'emails.primary'),
    };
  });
}

function toPhones(value: unknown): ScimPhoneNumber[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((p) => {
    if (!isRecord(p) || typeof p.value !== 'string') throw invalidValue('Each phone number needs a value.');
    return {
      value: p.value,
      ...(typeof p.type === 'string' ? { type: p.type } : {}),
      ...(p.primary !== undefined ? { primary: toBoolean(p.primary, 'phoneNumbers.primary') } : {}),
    };
  });
}

function toName(value: unknown): ScimName {
  if (!isRecord(value)) throw invalidValue('Attribute name must be an object.');
  const name: ScimName = {};
  for (const [k, v] of Object.entries(value)) {
    const part = NAME_PARTS[k.toLowerCase()];
    if (part && typeof v === 'string') name[part] = v;
  }
  return name;
}

/** `emails[type eq "work"].value` and the like: a single-valued sub-attribute of a filtered multi-value. */
const VALUE_FILTER_PATH = /^(emails|phonenumbers)\[(type|primary) eq (?:"([^"]*)"|(true|false))\]\.value$/i;

function setFilteredValue<T extends { value: string; type?: string; primary?: boolean }>(
  list: T[],
  key: string,
  match: string,
  value: string | null,
  make: (value: string) => T,
): T[] {
  const hit = (e: T) => (key === 'type' ? e.type === match : String(e.primary ?? false) === match);
  if (value === null) return list.filter((e) => !hit(e));
  if (list.some(hit)) return list.map((e) => (hit(e) ? { ...e, value } : e));
  return [...list, make(value)];
}

function applyPath(
  attrs: ScimUserAttributes,
  op: 'add' | 'replace' | 'remove',
  rawPath: string,
  value: unknown,
) {
  const path = rawPath.toLowerCase();
  const removing = op === 'remove';
  if (path === 'active') {
    if (removing) throw new InvalidScimRequestError('mutability', 'Attribute active cannot be removed.');
    attrs.active = toBoolean(value, 'active');
    return;
  }
  if (path === 'username') {
    if (removing) throw new InvalidScimRequestError('mutability', 'Attribute userName is required.');
    const v = toNullableString(value, 'userName');
    if (!v) throw invalidValue('Attribute userName must not be empty.');
    attrs.userName = v;
    return;
  }
  const stringAttr = STRING_ATTRS[path];
  if (stringAttr) {
    attrs[stringAttr] = removing ? null : toNullableString(value, rawPath);
    return;
  }
  if (path === 'name') {
    attrs.name = removing ? {} : { ...(op === 'add' ? attrs.name : {}), ...toName(value) };
    return;
  }
  if (path.startsWith('name.')) {
    const part = NAME_PARTS[path.slice(5)];
    if (!part) throw new InvalidScimRequestError('invalidPath', `Path ${rawPath} is not supported.`);
    const next = { ...attrs.name };
    if (removing) delete next[part];
    else next[part] = toNullableString(value, rawPath) ?? undefined;
    attrs.name = next;
    return;
  }
  if (path === 'emails') {
    if (removing) throw new InvalidScimRequestError('mutability', 'Attribute emails is required.');
    attrs.emails = op === 'add' ? [...attrs.emails, ...toEmails(value)] : toEmails(value);
    return;
  }
  if (path === 'phonenumbers') {
    attrs.phoneNumbers = removing
      ? []
      : op === 'add'
        ? [...attrs.phoneNumbers, ...toPhones(value)]
        : toPhones(value);
    return;
  }
  if (path === ENTERPRISE_URN.toLowerCase()) {
    if (removing) {
      attrs.department = null;
      attrs.organization = null;
      return;
    }
    applyObject(attrs, op, value);
    return;
  }
  const filtered = VALUE_FILTER_PATH.exec(rawPath);
  if (filtered) {
    const [, list, key = 'type', quoted, bool] = filtered;
    const match = quoted ?? bool ?? '';
    const v = removing ? null : toNullableString(value, rawPath);
    if (list?.toLowerCase() === 'emails') {
      attrs.emails = setFilteredValue(attrs.emails, key.toLowerCase(), match, v, (value) => ({
        value,
        type: key.toLowerCase() === 'type' ? match : 'work',
        primary: attrs.emails.length === 0,
      }));
    } else {
      attrs.phoneNumbers = setFilteredValue(attrs.phoneNumbers, key.toLowerCase(), match, v, (value) => ({
        value,
        ...(key.toLowerCase() === 'type' ? { type: match } : {}),
      }));
    }
    return;
  }
  throw new InvalidScimRequestError('invalidPath', `Path ${rawPath} is not supported.`);
}

function applyObject(attrs: ScimUserAttributes, op: 'add' | 'replace', value: unknown) {
  if (!isRecord(value)) throw invalidValue('An operation without a path needs an object value.');
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas' || key.toLowerCase() === 'id' || key.toLowerCase() === 'meta')
      continue;
    applyPath(attrs, op, key, v);
  }
}

/** Applies the operations to a copy of `current`; throws InvalidScimRequestError on a bad operation. */
export function applyScimUserPatch(
  current: ScimUserAttributes,
  operations: PatchOperation[],
): ScimUserAttributes {
  if (operations.length === 0) throw invalidValue('A patch request needs at least one operation.');
  const attrs: ScimUserAttributes = {
    ...current,
    emails: current.emails.map((e) => ({ ...e })),
    name: { ...current.name },
    phoneNumbers: current.phoneNumbers.map((p) => ({ ...p })),
  };
  for (const operation of operations) {
    const op = operation.op.toLowerCase();
    if (op !== 'add' && op !== 'replace' && op !== 'remove') {
      throw new InvalidScimRequestError('invalidSyntax', `Unsupported patch op ${operation.op}.`);
    }
    if (operation.path === undefined || operation.path === '') {
      if (op === 'remove') throw new InvalidScimRequestError('noTarget', 'A remove operation needs a path.');
      applyObject(attrs, op, operation.value);
    } else {
      applyPath(attrs, op, operation.path, operation.value);
    }
  }
  return attrs;
}

/** The primary email of a SCIM user: the one marked primary, else the first. */
export function primaryEmail(emails: ScimEmail[]): string | undefined {
  return (emails.find((e) => e.primary) ?? emails[0])?.value;
}
