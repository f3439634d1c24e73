import type { RequestHandler } from 'express';
import { ProblemError } from './ProblemError';

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * A body that is not JSON (say `text/plain` or a form) would otherwise be read as `{}`
 * and, for a search, match everything: answer 415 instead. Multipart is left to the
 * routes that take it (deployments).
 */
export const requireJsonBody: RequestHandler = (req, _res, next) => {
  if (!WITH_BODY.has(req.method)) return next();
  const length = Number(req.headers['content-length'] ?? 0);
  const chunked = req.headers['transfer-encoding'] !== undefined;
  if (length === 0 && !chunked) return next();
  if (req.is(['application/json', 'application/*+json', 'multipart/form-data'])) return next();
  next(
    new ProblemError(
      415,
      `Send the request body as application/json (got ${req.headers['content-type'] ?? 'no content type'}).`,
      [{ pointer: '', message: 'the body must be application/json' }],
    ),
  );
};
