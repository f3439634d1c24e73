import type { ErrorRequestHandler, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { SearchQueryError } from '../search';
import { ProblemError } from './ProblemError';

export function sendProblem(res: Response, problem: ProblemError, instance: string) {
  res
    .status(problem.status)
    .type('application/problem+json')
    .send(JSON.stringify(problem.toBody(instance)));
}

/**
 * The last error handler: problems go out as they are; body-parser errors become 400
 * or 413; anything unexpected is a 500 with a request id, logged, never leaked.
 */
export const problemHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const instance = req.originalUrl.split('?')[0] ?? req.originalUrl;
  if (error instanceof ProblemError) return sendProblem(res, error, instance);
  // Search problems carry their own pointers; keep them in the `errors` list (D7).
  if (error instanceof SearchQueryError) {
    return sendProblem(res, ProblemError.badRequest(error.detail, [...error.errors]), instance);
  }
  const status =
    typeof error?.status === 'number'
      ? error.status
      : typeof error?.statusCode === 'number'
        ? error.statusCode
        : 500;
  if (error?.type === 'entity.too.large' || status === 413) {
    return sendProblem(
      res,
      new ProblemError(413, 'The request body is too large.', [
        {
          pointer: '',
          message:
            typeof error?.limit === 'number'
              ? `the request body is larger than the limit of ${error.limit} bytes`
              : 'the request body is larger than the limit',
        },
      ]),
      instance,
    );
  }
  if (error?.type === 'entity.parse.failed') {
    return sendProblem(
      res,
      ProblemError.badRequest('The request body is not valid JSON.', [
        { pointer: '', message: 'malformed JSON' },
      ]),
      instance,
    );
  }
  if (status >= 400 && status < 500) {
    return sendProblem(
      res,
      new ProblemError(status, String(error?.message ?? 'Bad request.'), [
        { pointer: '', message: String(error?.message ?? 'bad request') },
      ]),
      instance,
    );
  }
  const requestId = randomUUID();
  console.error(`[${requestId}] ${req.method} ${instance}`, error);
  return sendProblem(
    res,
    new ProblemError(500, `Unexpected server error (request id ${requestId}).`),
    instance,
  );
};
