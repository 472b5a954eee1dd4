/**
 * The Flags tab over 5,000 flags in chromium: the page shows one server page (20 rows), pages forward
 * and back through cursors, filters by status and directory and sorts by first detected / last seen on
 * the server, and its counts come from the counters (5,000 in all). The flags are written into the local
 * runtime's storage by the app's own flag store, so the counters are the ones a scan would leave.
 */
import type { Flag, FlagStatus } from '../../src/contract/app/records';
import { flags } from '../../src/forge/flags/flags';
import { axeViolations } from './support/axe';
import { describeInBrowser } from './support/chromium';
import { useE2eFixture } from './support/fixture';
import { adminFrame } from './support/pages';

jest.setTimeout(240_000);

const TOTAL = 5000;
const BASE = Date.UTC(2026, 9, 1);
const DIRECTORIES = [
  { directoryId: 'dir-okta', directoryName: 'Okta' },
  { directoryId: 'dir-entra', directoryName: 'Entra ID' },
];

function seedFlag(i: number): Flag {
  const dir = DIRECTORIES[i % 2] ?? DIRECTORIES[0];
  const status: FlagStatus = i % 5 === 0 ? 'dismissed' : 'open';
  const name = `Person ${String(i).padStart(4, '0')}`;
  return {
    accountId: `acc-${String(i).padStart(5, '0')}`,
    email: `person${i}@acme.example`,
    name,
    reason: 'SCIM deactivated the account',
    confidence: 'high',
    status,
    episode: '1',
    // Two unrelated orders, all times distinct, so each sort shows different first rows.
    firstDetectedAt: new Date(BASE + ((i * 7919) % TOTAL) * 60_000).toISOString(),
    lastSeenAt: new Date(BASE + (TOTAL + i) * 60_000).toISOString(),
    clearedAt: null,
    dismissed:
      status === 'dismissed' ? { by: 'admin-1', at: new Date(BASE).toISOString(), reason: 'ok' } : null,
    issue: null,
    post: { attempts: 0, lastAttemptAt: null, lastError: null },
    evidence: {
      links: [
        {
          directoryId: dir?.directoryId ?? 'dir-okta',
          directoryName: dir?.directoryName ?? null,
          scimUserId: `scim-${i}`,
          record: null,
          active: false,
          lastModified: null,
        },
      ],
      verifiedAt: new Date(BASE).toISOString(),
    },
  };
}

const SEEDED = Array.from({ length: TOTAL }, (_, i) => seedFlag(i));

function namesOf(
  filter: (f: Flag) => boolean,
  sort: 'firstDetectedAt' | 'lastSeenAt',
  order: 'asc' | 'desc',
): string[] {
  const dir = order === 'asc' ? 1 : -1;
  return SEEDED.filter(filter)
    .sort((a, b) => dir * (a[sort] < b[sort] ? -1 : a[sort] > b[sort] ? 1 : 0))
    .map((f) => f.name ?? '');
}

describeInBrowser('Flags tab: server paging over 5,000 flags', () => {
  const fx = useE2eFixture({
    prepare: async (e2e) => {
      const { rt } = e2e.sandbox.forge;
      for (let start = 0; start < TOTAL; start += 500) {
        await rt.invokeFunction(async () => {
          for (const f of SEEDED.slice(start, start + 500)) await flags.save(f);
        }, {});
      }
    },
  });

  it('pages, filters and sorts on the server and counts from the counters', async () => {
    await fx.page.goto(`${fx.e2e.shellUrl}/admin`);
    const app = adminFrame(fx.page);
    const summary = app.getByTestId('flag-page-summary');
    const table = app.getByRole('table', { name: 'Flagged accounts' });
    const bodyRows = table.locator('tbody tr');
    const firstNames = async (n: number) =>
      (await bodyRows.allTextContents()).slice(0, n).map((t) => /Person \d{4}/.exec(t)?.[0] ?? t);

    // Default view: open flags, last seen newest first, one page of 20; counts from the counters.
    await summary.getByText('Page 1: 20 accounts of 4000 matching the filter.').waitFor();
    const stats = app.getByRole('definition');
    expect(await app.getByLabel('Flag counts').textContent()).toContain('All flags5000');
    expect(await stats.first().textContent()).toBe('5000');
    expect(await bodyRows.count()).toBe(20);
    const open = (f: Flag) => f.status === 'open';
    const byLastSeen = namesOf(open, 'lastSeenAt', 'desc');
    expect(await firstNames(20)).toEqual(byLastSeen.slice(0, 20));

    // Next, next, previous: exactly the pages of the index, from the cursor stack.
    const pager = app.getByRole('navigation', { name: 'Flagged accounts pages' });
    await pager.getByRole('button', { name: 'Next page' }).click();
    await summary.getByText('Page 2: 20 accounts of 4000').waitFor();
    await table.getByText(byLastSeen[20] ?? '(none)', { exact: true }).waitFor();
    expect(await firstNames(20)).toEqual(byLastSeen.slice(20, 40));
    await pager.getByRole('button', { name: 'Next page' }).click();
    await summary.getByText('Page 3: 20 accounts of 4000').waitFor();
    await table.getByText(byLastSeen[40] ?? '(none)', { exact: true }).waitFor();
    await pager.getByRole('button', { name: 'Previous page' }).click();
    await summary.getByText('Page 2: 20 accounts of 4000').waitFor();
    await table.getByText(byLastSeen[20] ?? '(none)', { exact: true }).waitFor();
    expect(await firstNames(20)).toEqual(byLastSeen.slice(20, 40));

    // Sorting by first detected asks the server for another index and starts at page 1.
    await table.getByRole('button', { name: /First detected/ }).click();
    await summary.getByText('Page 1: 20 accounts of 4000').waitFor();
    const byFirstAsc = namesOf(open, 'firstDetectedAt', 'asc');
    await table.getByText(byFirstAsc[0] ?? '(none)', { exact: true }).waitFor();
    expect(await firstNames(20)).toEqual(byFirstAsc.slice(0, 20));

    // Status, then directory: the totals are the counters for that filter.
    await app.getByLabel('Status').click();
    await app.getByRole('option', { name: 'Dismissed (1000)' }).click();
    await summary.getByText('Page 1: 20 accounts of 1000 matching the filter.').waitFor();
    await app.getByLabel('Directory').click();
    await app.getByRole('option', { name: 'Okta (500)' }).click();
    await summary.getByText('Page 1: 20 accounts of 500 matching the filter.').waitFor();
    const oktaDismissed = namesOf(
      (f) => f.status === 'dismissed' && f.evidence?.links[0]?.directoryId === 'dir-okta',
      'firstDetectedAt',
      'asc',
    );
    await table.getByText(oktaDismissed[0] ?? '(none)', { exact: true }).waitFor();
    expect(await firstNames(20)).toEqual(oktaDismissed.slice(0, 20));

    expect(await axeViolations(fx.page)).toEqual([]);
    expect(fx.e2e.backgroundErrors).toEqual([]);
  });
});
