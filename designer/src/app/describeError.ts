import { ApiProblem } from '../api/ApiProblem';
import { t } from '../i18n';

/**
 * A failed call in words: the server's problem detail, or the app's own text when no
 * answer came or the answer says the user may not do this.
 */
export function describeError(error: unknown): string {
  if (error instanceof ApiProblem) {
    if (error.status === 0) return t('error.network');
    if (error.status === 403) return t('error.forbidden');
    return error.detail || error.title;
  }
  return error instanceof Error ? error.message : String(error);
}
