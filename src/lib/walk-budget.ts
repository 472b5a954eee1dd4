/**
 * The bounds of every walk over upstream pages (Org v2 cursors, SCIM startIndex, Keycloak first/max).
 * An upstream that keeps answering "there is more" — fresh cursors, full pages, a growing total — must
 * not keep a scan or a sync running for ever, holding memory and the IdP sync's one-run lock. Each walk
 * is therefore bounded by pages and by time, and by the caller's deadline when it has one; where the
 * API reports a total, the page bound is derived from it and the configured ceiling caps the total.
 *
 * The budget only decides; each client family throws its own typed error carrying the `WalkStop`.
 */

export interface WalkBounds {
  /** The most pages one walk may read (LISTING_MAX_PAGES). */
  maxPages: number;
  /** The longest one walk may take, in milliseconds (LISTING_MAX_SECONDS). */
  maxDurationMs: number;
}

/** 1000 pages of 100 is 100,000 accounts or realm users; two minutes is far beyond a healthy listing. */
export const DEFAULT_WALK_BOUNDS: WalkBounds = { maxPages: 1000, maxDurationMs: 120_000 };

/**
 * Why a walk was stopped before the upstream said it had ended:
 * - `page-limit`: it needed more pages than its bound (the ceiling, or what the reported total allows);
 * - `time-limit`: it took longer than its bound;
 * - `deadline`: the caller's deadline (the request's) fired;
 * - `cursor-repeated`: the upstream handed back a cursor it had already given.
 */
export type WalkStopReason = 'page-limit' | 'time-limit' | 'deadline' | 'cursor-repeated';

export interface WalkStop {
  /** The listing operation, e.g. `org.searchUsers` or `keycloak.listUsers`. */
  operation: string;
  /** Pages read before the walk stopped. */
  pagesRead: number;
  why: WalkStopReason;
  /** In words, with the numbers; never an upstream value. */
  detail: string;
}

export interface WalkBudgetOptions {
  operation: string;
  bounds: WalkBounds;
  now?: () => number;
  /** The caller's deadline; the walk stops at the next page once it fires. */
  signal?: AbortSignal;
}

export class WalkBudget {
  readonly #operation: string;
  readonly #ceiling: number;
  readonly #maxDurationMs: number;
  readonly #now: () => number;
  readonly #signal: AbortSignal | undefined;
  readonly #startedAt: number;
  #maxPages: number;
  #basis = 'LISTING_MAX_PAGES';
  #pagesRead = 0;

  constructor(opts: WalkBudgetOptions) {
    if (!Number.isInteger(opts.bounds.maxPages) || opts.bounds.maxPages < 1)
      throw new RangeError('maxPages must be a positive integer');
    if (!(opts.bounds.maxDurationMs > 0)) throw new RangeError('maxDurationMs must be positive');
    this.#operation = opts.operation;
    this.#ceiling = opts.bounds.maxPages;
    this.#maxPages = opts.bounds.maxPages;
    this.#maxDurationMs = opts.bounds.maxDurationMs;
    this.#now = opts.now ?? Date.now;
    this.#signal = opts.signal;
    this.#startedAt = this.#now();
  }

  get pagesRead(): number {
    return this.#pagesRead;
  }

  /**
   * Narrows the page bound to what a reported total needs (`basis` says which total, for the message).
   * A total that needs more than the configured ceiling is refused at once: reading pages the walk
   * would have to abandon anyway only costs calls.
   */
  limitPages(pages: number, basis: string): WalkStop | null {
    const needed = Math.max(1, Math.ceil(pages));
    if (needed > this.#ceiling) {
      return this.#stop(
        'page-limit',
        `${basis} needs ${needed} pages, more than the ${this.#ceiling} a listing may read (LISTING_MAX_PAGES)`,
      );
    }
    if (needed < this.#maxPages) {
      this.#maxPages = needed;
      this.#basis = basis;
    }
    return null;
  }

  /** Called before each page: null to read it (and it is counted), otherwise why the walk stops. */
  nextPage(): WalkStop | null {
    if (this.#signal?.aborted) return this.#stop('deadline', 'the request deadline was reached');
    const elapsed = this.#now() - this.#startedAt;
    if (elapsed >= this.#maxDurationMs) {
      return this.#stop(
        'time-limit',
        `it ran for ${Math.round(elapsed / 1000)} s, the longest a listing may take is ${Math.round(this.#maxDurationMs / 1000)} s (LISTING_MAX_SECONDS)`,
      );
    }
    if (this.#pagesRead >= this.#maxPages) {
      return this.#stop(
        'page-limit',
        `the upstream still reported more after ${this.#pagesRead} pages, the most this listing may read (${this.#basis})`,
      );
    }
    this.#pagesRead += 1;
    return null;
  }

  /** The upstream handed back a cursor it had given before: following it would loop for ever. */
  cursorRepeated(): WalkStop {
    return this.#stop('cursor-repeated', 'the upstream returned a next cursor it had already returned');
  }

  #stop(why: WalkStopReason, reason: string): WalkStop {
    return {
      operation: this.#operation,
      pagesRead: this.#pagesRead,
      why,
      detail: `${this.#operation}: listing stopped after ${this.#pagesRead} page${this.#pagesRead === 1 ? '' : 's'}: ${reason}.`,
    };
  }
}
