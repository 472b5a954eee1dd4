import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  listRefusal,
  MAX_LIST_BYTES,
  parseAccountList,
  type AccountList,
} from '../../../src/cli/admin/account-list';
import { readListSource } from '../../../src/cli/admin/list-source';
import { CliError } from '../../../src/cli/io/errors';
import { EXIT } from '../../../src/cli/io/exit-codes';
import type { CliIo } from '../../../src/cli/io/terminal';

const ID = '712020:2a059c35-56c4-59fd-af88-1c0878558a19';

describe('parseAccountList', () => {
  test.each<[string, string, Pick<AccountList, 'refs' | 'duplicates'>, number[]]>([
    ['one email', 'bob@acme.example', { refs: ['bob@acme.example'], duplicates: 0 }, []],
    ['an account id', ID, { refs: [ID], duplicates: 0 }, []],
    [
      'blank lines and surrounding whitespace are skipped',
      '\n  bob@acme.example  \n\n\t\n',
      { refs: ['bob@acme.example'], duplicates: 0 },
      [],
    ],
    [
      'whole-line and trailing comments are skipped',
      '# INC-42\n  # indented\nbob@acme.example # HR-12\ncarla@acme.example\t#x',
      { refs: ['bob@acme.example', 'carla@acme.example'], duplicates: 0 },
      [],
    ],
    [
      'Windows line ends and a byte-order mark',
      '\uFEFFbob@acme.example\r\ncarla@acme.example\r\n',
      { refs: ['bob@acme.example', 'carla@acme.example'], duplicates: 0 },
      [],
    ],
    [
      'duplicates: emails case-insensitively, first spelling kept; ids exactly',
      `Bob@Acme.example\nbob@acme.example\n${ID}\n${ID}\nab-1\nAB-1`,
      { refs: ['Bob@Acme.example', ID, 'ab-1', 'AB-1'], duplicates: 2 },
      [],
    ],
    ['only comments: no account', '# nothing here\n\n', { refs: [], duplicates: 0 }, []],
    [
      'bad lines are reported with their line numbers, good ones kept',
      'bob@acme.example\nbob acme\n\nnot@an@email\nx,y@acme.example\n<script>\n',
      { refs: ['bob@acme.example'], duplicates: 0 },
      [2, 4, 5, 6],
    ],
    ['an id longer than 128 characters', 'a'.repeat(129), { refs: [], duplicates: 0 }, [1]],
    ['a # inside a word is not a comment', 'bob#1', { refs: [], duplicates: 0 }, [1]],
  ])('%s', (_name, text, expected, badLines) => {
    const list = parseAccountList(text);
    expect({ refs: list.refs, duplicates: list.duplicates }).toEqual(expected);
    expect(list.problems.map((p) => p.line)).toEqual(badLines);
  });

  test('a problem names the line as written, clipped, with why', () => {
    const [problem] = parseAccountList(`ok@acme.example\n${'x'.repeat(80)}@\n`).problems;
    expect(problem?.line).toBe(2);
    expect(problem?.text.length).toBeLessThanOrEqual(60);
    expect(problem?.message).toMatch(/^not an email address/);
  });
});

describe('listRefusal', () => {
  const many = (n: number): string => Array.from({ length: n }, (_, i) => `acc-${i}`).join('\n');
  test.each<[string, string, RegExp | null]>([
    ['a good list', 'bob@acme.example', null],
    ['exactly 1,000 accounts', many(1000), null],
    ['1,000 after removing duplicates', `${many(1000)}\nacc-1\nacc-2`, null],
    ['1,001 accounts', many(1001), /names 1,001 accounts; a batch takes at most 1,000: nothing was started/],
    ['no account', '# just a comment', /names no account: nothing was started/],
    ['one bad line', 'bob@acme.example\nbad line', /^1 line of the list is not an email or account id/],
  ])('%s', (_name, text, refused) => {
    const refusal = listRefusal(parseAccountList(text));
    if (refused === null) expect(refusal).toBeNull();
    else expect(refusal?.title).toMatch(refused);
  });

  test('bad lines: the first 20 listed, the rest counted', () => {
    const refusal = listRefusal(parseAccountList(Array.from({ length: 25 }, () => 'a b').join('\n')));
    expect(refusal?.title).toMatch(/^25 lines of the list are not/);
    expect(refusal?.detail).toHaveLength(21);
    expect(refusal?.detail[0]).toMatch(/^line 1: "a b" is not one account/);
    expect(refusal?.detail[20]).toBe('… and 5 more');
  });
});

describe('readListSource', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'list-source-'));
  const io = (stdin?: string): CliIo => ({
    out: () => undefined,
    err: () => undefined,
    env: {},
    interactive: false,
    color: false,
    confirm: () => Promise.resolve(false),
    ...(stdin === undefined ? {} : { readStdin: () => Promise.resolve(stdin) }),
  });
  async function refusal(p: Promise<unknown>): Promise<CliError> {
    try {
      await p;
    } catch (err) {
      if (err instanceof CliError) return err;
      throw err;
    }
    throw new Error('expected a refusal');
  }

  test('a file and standard input are read', async () => {
    const file = path.join(dir, 'people.txt');
    writeFileSync(file, 'bob@acme.example\n');
    expect(await readListSource(io(), file)).toBe('bob@acme.example\n');
    expect(await readListSource(io('carla@acme.example'), '-')).toBe('carla@acme.example');
  });
  test('a missing file, a folder and a huge file are usage errors', async () => {
    const missing = await refusal(readListSource(io(), path.join(dir, 'nope.txt')));
    expect([missing.exitCode, missing.message]).toEqual([EXIT.usage, expect.stringMatching(/ENOENT/)]);
    expect((await refusal(readListSource(io(), dir))).message).toMatch(/is not a file/);
    const big = path.join(dir, 'big.txt');
    writeFileSync(big, 'x'.repeat(MAX_LIST_BYTES + 1));
    expect((await refusal(readListSource(io(), big))).message).toMatch(/larger than 1024 KiB/);
    expect((await refusal(readListSource(io('x'.repeat(MAX_LIST_BYTES + 1)), '-'))).exitCode).toBe(
      EXIT.usage,
    );
  });
});
