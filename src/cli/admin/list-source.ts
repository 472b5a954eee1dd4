import { open } from 'node:fs/promises';
import { CliError } from '../io/errors';
import { EXIT } from '../io/exit-codes';
import type { CliIo } from '../io/terminal';
import { MAX_LIST_BYTES } from './account-list';

const tooBig = (): CliError =>
  new CliError(
    `The list is larger than ${MAX_LIST_BYTES / 1024} KiB: not a list of at most 1,000 accounts.`,
    ['Check that --from-file names the right file.'],
    EXIT.usage,
  );

/** The text of `--from-file <path|->` (`-`: standard input), bounded in size; errors name no content. */
export async function readListSource(io: CliIo, source: string): Promise<string> {
  if (source === '-') {
    if (!io.readStdin) throw new CliError('Standard input cannot be read here.', [], EXIT.usage);
    const text = await io.readStdin();
    if (Buffer.byteLength(text, 'utf8') > MAX_LIST_BYTES) throw tooBig();
    return text;
  }
  let handle;
  try {
    handle = await open(source, 'r');
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    throw new CliError(
      `The list ${source} cannot be read${typeof code === 'string' ? ` (${code})` : ''}.`,
      [],
      EXIT.usage,
    );
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new CliError(`The list ${source} is not a file.`, [], EXIT.usage);
    if (info.size > MAX_LIST_BYTES) throw tooBig();
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}
