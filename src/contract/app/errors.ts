/**
 * The error half of the resolver contract: every resolver answers `{ error: ErrorBody }` on failure,
 * and the pages choose their words by `code`. Shared by the Forge app and the pages, so it holds no
 * classes and imports nothing.
 */
export const ERROR_CODES = [
  'forbidden',
  'invalid-input',
  'not-found',
  'conflict',
  'not-configured',
  'policy-refused',
  'rate-limited',
  'unavailable',
  'upstream-error',
  'storage-error',
  'internal',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export type ErrorDetails = Record<string, unknown>;

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: ErrorDetails;
}
