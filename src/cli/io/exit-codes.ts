/**
 * The CLI's exit codes, the same for every command (README, "Command line"). Scripts branch on them, so
 * they never change meaning.
 */
export const EXIT = {
  /** Everything asked for was done (or, for a read, answered). */
  done: 0,
  /** Failed or blocked: nothing (more) was changed; the message says why. */
  failed: 1,
  /** The command line itself was wrong: unknown option, missing argument, bad value. */
  usage: 2,
  /** A mutation stopped midway: some steps ran, some did not; running it again is safe. */
  partial: 3,
  /**
   * Ctrl-C while following a batch: the command stopped following, the batch goes on in the proxy
   * (128 + SIGINT, as shells report an interrupted command).
   */
  detached: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];
