import { z } from 'zod';

/**
 * Identifier and free-text primitives shared by every request schema. Ids end up inside upstream URL
 * paths, so the patterns deliberately exclude `/`, `.`, `%` and whitespace: a value that passes can never
 * change which upstream resource a path names, even before it is percent-encoded.
 */
export const ACCOUNT_ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;
export const DIRECTORY_ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;
export const SCIM_USER_ID_PATTERN = /^[A-Za-z0-9:_-]{1,128}$/;
/** RFC 5321 caps a forward path at 256 octets including the angle brackets. */
export const EMAIL_MAX_LENGTH = 254;
export const REASON_MAX_LENGTH = 500;

export const AccountId = z
  .string()
  .regex(ACCOUNT_ID_PATTERN, 'must be 1-128 characters of letters, digits, ":", "_" or "-"');
export type AccountId = z.infer<typeof AccountId>;

export const DirectoryId = z
  .string()
  .regex(DIRECTORY_ID_PATTERN, 'must be 1-128 characters of letters, digits, "_" or "-"');
export type DirectoryId = z.infer<typeof DirectoryId>;

export const ScimUserId = z
  .string()
  .regex(SCIM_USER_ID_PATTERN, 'must be 1-128 characters of letters, digits, ":", "_" or "-"');

export const Email = z.email('must be an email address').max(EMAIL_MAX_LENGTH);
export type Email = z.infer<typeof Email>;

/** Why a person asked for a mutation; recorded in the audit line, so it is bounded and never blank. */
export const Reason = z.string().trim().min(1, 'is required').max(REASON_MAX_LENGTH);
export type Reason = z.infer<typeof Reason>;
