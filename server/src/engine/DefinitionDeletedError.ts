import { ProblemError } from '../http/ProblemError';

/**
 * An instance of a deleted process definition was about to be created: refused with
 * Camunda's rejection of an unknown definition. Internal starters (timer, message and
 * signal start events, call activities) catch it; a client gets the 404.
 */
export class DefinitionDeletedError extends ProblemError {
  constructor(readonly processDefinitionKey: string) {
    super(
      404,
      `Command 'CREATE' rejected with code 'NOT_FOUND': Expected to find process definition with key '${processDefinitionKey}', but none found`,
    );
    this.name = 'DefinitionDeletedError';
  }
}
