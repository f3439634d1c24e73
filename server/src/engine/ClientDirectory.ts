/**
 * What the engine needs of the CRM to bind instances to clients (M4): the latest
 * revision of a client, archived ones included. The CRM implements it; the engine
 * hands the revision in with every command on a bound instance and keeps it in the
 * commit, so FEEL sees `client` and a replay is exact.
 *
 *   POST /v2/process-instances {variables: {clientId}} ──▶ bindingForStart ──▶ 400 | BoundClient
 *   any later command on the instance ──▶ revisionOf(state.clientId) ──▶ context.client
 */
import type { BoundClient } from '../../../runtime/src';
import { ProblemError } from '../http/ProblemError';

export interface ClientRevision extends BoundClient {
  archived: boolean;
}

export interface ClientDirectory {
  /** The client's latest revision, or null when there is no such client. */
  revisionOf(clientId: string): Promise<ClientRevision | null>;
}

const POINTER = '/variables/clientId';

/**
 * The client a new instance binds to: the one its `clientId` variable names, or null
 * when the variable is absent or null.
 *
 * @throws ProblemError 400 naming `clientId` when it is not an id, the client does not
 * exist or it is archived; nothing is started then.
 *
 * @example
 * const client = await bindingForStart(directory, { clientId: '4503599627370497' });
 */
export async function bindingForStart(
  directory: ClientDirectory,
  variables: Record<string, unknown>,
): Promise<BoundClient | null> {
  if (!Object.hasOwn(variables, 'clientId')) return null;
  const raw = variables.clientId;
  if (raw === null || raw === undefined) return null;
  const clientId =
    typeof raw === 'string' ? raw : Number.isSafeInteger(raw) ? String(raw as number) : null;
  if (clientId === null || !/^[0-9]{1,16}$/.test(clientId)) {
    throw invalid(`clientId must be a client id (a string of digits); got ${JSON.stringify(raw)}`);
  }
  const revision = await directory.revisionOf(clientId);
  if (!revision) throw invalid(`clientId names no client: there is no client ${clientId}`);
  if (revision.archived)
    throw invalid(
      `clientId names client ${clientId}, which is archived; processes cannot start for it`,
    );
  return { id: revision.id, rev: revision.rev, record: revision.record };
}

function invalid(message: string): ProblemError {
  return ProblemError.badRequest(message, [{ pointer: POINTER, message }]);
}
