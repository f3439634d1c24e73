import type { Rejection, RejectionCode } from '../../model/Command';

export type CommandOutcome = { ok: true } | { ok: false; rejection: Rejection };

export const accepted: CommandOutcome = { ok: true };

export function reject(code: RejectionCode, message: string): CommandOutcome {
  return { ok: false, rejection: { code, message } };
}
