/**
 * A search request the server cannot run: every problem found, each with a JSON Pointer into
 * the request body, so the server can answer 400 with a problem detail and the UI can show
 * each message in place (D7).
 */

/** One problem: where it is in the request body, and what is wrong. */
export interface SearchQueryIssue {
  /** JSON Pointer (RFC 6901) into the request body, e.g. `/filter/state/$eq`. */
  pointer: string;
  message: string;
}

const MAX_ISSUES = 50;

/**
 * @example
 * throw new SearchQueryError([{ pointer: '/sort/0/order', message: 'Unknown sortOrder: dsc.' }]);
 * // detail: 'Unknown sortOrder: dsc.'
 */
export class SearchQueryError extends Error {
  override readonly name = 'SearchQueryError';
  readonly status = 400;
  readonly title = 'INVALID_ARGUMENT';
  /** One sentence (or a few) for the problem detail's `detail`. */
  readonly detail: string;

  constructor(
    readonly errors: readonly SearchQueryIssue[],
    omitted = 0,
  ) {
    const messages = errors.map((issue) => issue.message);
    if (omitted > 0) messages.push(`${omitted} more problems are not listed.`);
    const detail = messages.join(' ') || 'The search request is invalid.';
    super(detail);
    this.detail = detail;
  }
}

/** Collects problems while a request is parsed, so that all of them are reported at once. */
export class SearchIssues {
  readonly list: SearchQueryIssue[] = [];
  private omitted = 0;

  report(pointer: string, message: string): void {
    if (this.list.length < MAX_ISSUES) this.list.push({ pointer, message });
    else this.omitted += 1;
  }

  get count(): number {
    return this.list.length + this.omitted;
  }

  /** Throws a {@link SearchQueryError} when anything was reported. */
  throwIfAny(): void {
    if (this.count > 0) throw new SearchQueryError(this.list, this.omitted);
  }
}

/** Appends one reference token to a JSON Pointer, escaping `~` and `/`. */
export function pointerTo(parent: string, token: string | number): string {
  return `${parent}/${String(token).replaceAll('~', '~0').replaceAll('/', '~1')}`;
}
