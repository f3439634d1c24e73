import type { Request, Response } from 'express';
import { can, principalName, type Permission, type Principal } from '../../auth/Principal';
import { principalOf } from '../../auth/basicAuth';
import { ProblemError } from '../../http/ProblemError';
import { parseKeyParam } from '../../search';

export function principal(res: Response): Principal {
  const found = principalOf(res);
  if (!found) throw ProblemError.unauthorized();
  return found;
}

export function requireCan(res: Response, permission: Permission): Principal {
  const who = principal(res);
  if (!can(who, permission))
    throw ProblemError.forbidden(`'${principalName(who)}' may not do this (${permission}).`);
  return who;
}

/** A path key: digits only, as Camunda's LongKey. */
export function keyParam(req: Request, name: string): string {
  try {
    return parseKeyParam(req.params[name], name);
  } catch {
    throw ProblemError.invalidField(
      `/${name}`,
      `must be a key (a string of digits), got '${String(req.params[name]).slice(0, 40)}'`,
    );
  }
}

/**
 * Relata runs one tenant: `<default>` (and a missing tenant, which means it) is accepted,
 * any other tenant is a 400 naming the field rather than being silently ignored.
 */
export function requireDefaultTenant(tenantId: unknown, pointer: string): void {
  if (tenantId === undefined || tenantId === null || tenantId === '<default>') return;
  throw ProblemError.invalidField(
    pointer,
    `only the tenant '<default>' exists, got '${String(tenantId).slice(0, 40)}'`,
  );
}

export const asNumber = (key: string) => Number(key);
