import { BatchAccountRef, MAX_BATCH_ACCOUNTS } from '../../../../src/contract/proxy';

/**
 * A pasted list of people for a batch: one email or account id per line (commas, semicolons and tabs
 * separate too, as spreadsheets paste them). Checked with the contract's own rule before anything is
 * sent, duplicates dropped (emails compared without case), and at most MAX_BATCH_ACCOUNTS kept.
 */
export interface ParsedList {
  /** Valid, distinct entries in the order pasted. */
  accounts: string[];
  duplicates: number;
  /** Entries that are neither an email nor an account id, with their 1-based line. */
  invalid: Array<{ line: number; text: string }>;
  /** Distinct valid entries beyond the limit (not in `accounts`). */
  overLimit: number;
}

const SEPARATORS = /[,;\t]/;
const QUOTES = /^["'<]+|["'>]+$/g;

export function parseAccountList(text: string, max = MAX_BATCH_ACCOUNTS): ParsedList {
  const seen = new Set<string>();
  const accounts: string[] = [];
  const invalid: ParsedList['invalid'] = [];
  let duplicates = 0;
  let overLimit = 0;
  text.split(/\r\n|\r|\n/).forEach((rawLine, i) => {
    for (const part of rawLine.split(SEPARATORS)) {
      const entry = part.trim().replace(QUOTES, '').trim();
      if (entry === '') continue;
      if (!BatchAccountRef.safeParse(entry).success) {
        invalid.push({ line: i + 1, text: entry });
        continue;
      }
      const key = entry.includes('@') ? entry.toLowerCase() : entry;
      if (seen.has(key)) {
        duplicates += 1;
        continue;
      }
      seen.add(key);
      if (accounts.length >= max) overLimit += 1;
      else accounts.push(entry);
    }
  });
  return { accounts, duplicates, invalid, overLimit };
}
