import { Reason, REASON_MAX_LENGTH } from '../../src/contract/proxy';

export { REASON_MAX_LENGTH };

/** The same rule the resolvers enforce (contract `Reason`), checked before sending; null when fine. */
export function checkReason(value: string, required: boolean): string | null {
  if (value.trim() === '') return required ? 'Enter a reason.' : null;
  return Reason.safeParse(value).success
    ? null
    : `Keep the reason under ${REASON_MAX_LENGTH + 1} characters.`;
}
