/** One finding of a problem, as the server's RFC 9457 bodies list them (D7). */
export interface ProblemItem {
  pointer?: string;
  elementId?: string | null;
  message: string;
}

/**
 * A request the server (or the network) refused: the problem details of its answer.
 * `status` is 0 when no answer came at all.
 */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail: string,
    readonly errors: readonly ProblemItem[] = [],
  ) {
    super(detail);
    this.name = 'ApiProblem';
  }

  /** Reads the problem details of a failed answer; a body that is not one keeps the status. */
  static async fromResponse(response: Response): Promise<ApiProblem> {
    const text = await response.text().catch(() => '');
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (typeof body !== 'object' || body === null) {
      return new ApiProblem(response.status, response.statusText, text.slice(0, 500));
    }
    const { title, detail, errors } = body as Record<string, unknown>;
    return new ApiProblem(
      response.status,
      typeof title === 'string' ? title : response.statusText,
      typeof detail === 'string' ? detail : '',
      Array.isArray(errors) ? errors.filter(isProblemItem) : [],
    );
  }
}

function isProblemItem(value: unknown): value is ProblemItem {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ProblemItem).message === 'string'
  );
}
