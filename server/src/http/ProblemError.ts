/**
 * RFC 9457 problem details, with Camunda's titles (`INVALID_ARGUMENT`, `NOT_FOUND`, …)
 * and a machine-readable `errors` list naming each field or element (D7).
 */
export interface ProblemItem {
  pointer?: string;
  elementId?: string | null;
  message: string;
}

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  errors?: ProblemItem[];
}

const TITLES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'INVALID_STATE',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'INVALID_ARGUMENT',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors: ProblemItem[] = [],
    readonly title: string = TITLES[status] ?? 'ERROR',
  ) {
    super(detail);
    this.name = 'ProblemError';
  }

  static badRequest(detail: string, errors: ProblemItem[] = []) {
    return new ProblemError(400, detail, errors);
  }

  static notFound(detail: string) {
    return new ProblemError(404, detail);
  }

  static conflict(detail: string) {
    return new ProblemError(409, detail);
  }

  static forbidden(detail = 'You are not allowed to do this.') {
    return new ProblemError(403, detail);
  }

  static unauthorized(detail = 'Credentials are missing or wrong.') {
    return new ProblemError(401, detail);
  }

  /** A single invalid field, named by its JSON pointer into the request. */
  static invalidField(pointer: string, message: string) {
    return new ProblemError(400, `${pointer || '/'}: ${message}`, [{ pointer, message }]);
  }

  toBody(instance: string): ProblemBody {
    const body: ProblemBody = {
      type: 'about:blank',
      title: this.title,
      status: this.status,
      detail: this.detail,
      instance,
    };
    if (this.errors.length) body.errors = this.errors;
    return body;
  }
}
