import { auditIndexFor } from '../../../../../src/forge/audit/domain/audit-index';

/** Each Audit tab filter combination and the index (manifest.yml `audit-entry`) that answers it. */
describe('auditIndexFor', () => {
  it.each([
    [{}, { index: 'at', partition: [], actionFilter: null }],
    [{ accountId: 'a' }, { index: 'by-account', partition: ['a'], actionFilter: null }],
    [{ action: 'unlock' }, { index: 'by-action', partition: ['unlock'], actionFilter: null }],
    [{ actor: 'u' }, { index: 'by-actor', partition: ['u'], actionFilter: null }],
    [
      { accountId: 'a', action: 'unlock' },
      { index: 'by-account-action', partition: ['a', 'unlock'], actionFilter: null },
    ],
    [
      { actor: 'u', action: 'unlock' },
      { index: 'by-actor-action', partition: ['u', 'unlock'], actionFilter: null },
    ],
    [
      { accountId: 'a', actor: 'u' },
      { index: 'by-account-actor', partition: ['a', 'u'], actionFilter: null },
    ],
    [
      { accountId: 'a', actor: 'u', action: 'unlock' },
      { index: 'by-account-actor', partition: ['a', 'u'], actionFilter: 'unlock' },
    ],
  ])('%j → %j', (filter, choice) => {
    expect(auditIndexFor(filter)).toEqual(choice);
  });
});
