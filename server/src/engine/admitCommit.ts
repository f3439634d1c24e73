/**
 * The starting side of a resource deletion (`deployment/ResourceDeletionService.ts`).
 * A commit first inserts its pending marker, which names the definition and the forms it
 * uses, and only then reads their tombstones here; a deletion first inserts its
 * tombstone, and only then counts the running instances, open tasks and markers. Of a
 * commit and a deletion at the same moment, each writes before it reads, so at least one
 * sees the other's insert: the commit is refused, or the deletion rolls back with 409
 * (or both, which is safe). No instance of a deleted definition is ever created, and no
 * task links a deleted form.
 */
import type { EngineCollections } from '../db/collections';
import type { DeletedResourceRepository } from '../storage/DeletedResourceRepository';
import { DefinitionDeletedError } from './DefinitionDeletedError';

export type FormKeys = Record<string, string | null>;

/** The form keys a commit links its new user tasks to. */
export const linkedFormKeys = (formKeys: FormKeys | undefined): string[] =>
  [...new Set(Object.values(formKeys ?? {}))].filter((key): key is string => key !== null);

/**
 * Checks a commit whose marker is in against the tombstones. The first commit of an
 * instance of a deleted definition throws {@link DefinitionDeletedError} (its marker is
 * removed). A task linked to a deleted form version is linked to none instead: it shows
 * the form's latest version when it is read, as a task created before any version was
 * deployed does. Returns the form keys to commit.
 */
export async function admitCommit(
  c: EngineCollections,
  tombstones: DeletedResourceRepository,
  commit: { id: string; seq: number; definitionKey: string },
  formKeys: FormKeys | undefined,
): Promise<FormKeys | undefined> {
  // Later commits belong to an instance that was running when any deletion counted it.
  if (commit.seq === 1 && (await tombstones.isDeleted(commit.definitionKey))) {
    await c.pendingProjections.deleteOne({ _id: commit.id });
    throw new DefinitionDeletedError(commit.definitionKey);
  }
  if (!formKeys) return formKeys;
  const deleted = new Set<string>();
  for (const formKey of linkedFormKeys(formKeys))
    if (await tombstones.isDeleted(formKey)) deleted.add(formKey);
  if (deleted.size === 0) return formKeys;
  return Object.fromEntries(
    Object.entries(formKeys).map(([task, key]) => [task, key && deleted.has(key) ? null : key]),
  );
}
