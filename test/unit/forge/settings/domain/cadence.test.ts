import { CADENCE_SLACK_MS, isScanDue } from '../../../../../src/forge/settings/domain/cadence';
import type { Cadence } from '../../../../../src/contract/app/records';

const NOW = new Date('2026-02-10T12:00:00.000Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms).toISOString();
const H = 3_600_000;

describe('isScanDue', () => {
  const cases: Array<[Cadence, string | null, boolean]> = [
    ['daily', null, true],
    ['daily', 'not a date', true],
    ['daily', ago(-H), true], // clock went backwards
    ['hourly', ago(H), true],
    ['hourly', ago(H - CADENCE_SLACK_MS), true],
    ['hourly', ago(H - CADENCE_SLACK_MS - 1), false],
    ['hourly', ago(10 * 60_000), false],
    ['every-6-hours', ago(5 * H), false],
    ['every-6-hours', ago(6 * H), true],
    ['daily', ago(23 * H), false],
    ['daily', ago(24 * H - 60_000), true],
    ['weekly', ago(6 * 24 * H), false],
    ['weekly', ago(7 * 24 * H), true],
  ];
  it.each(cases)('%s, last %s → %s', (cadence, last, due) => {
    expect(isScanDue(cadence, last, NOW)).toBe(due);
  });
});
