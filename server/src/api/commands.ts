import { COMMAND_ROLES, CommandEnvelope, type CommandResponse, talonError } from '@talon/protocol';
import { actorOf, type Identity, mayUse } from '../edge/identity.js';
import type { Office } from '../office.js';

/** The single path every command takes, over HTTP or socket: validate, authorise, execute. */
export function runCommand(office: Office, identity: Identity, body: unknown): CommandResponse {
  const parsed = CommandEnvelope.safeParse(body);
  if (!parsed.success) {
    const refusal: CommandResponse = {
      ok: false,
      error: talonError(
        'VALIDATION_FAILED',
        parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      ),
    };
    // a body that is not a command has no type to count by (and a made-up one must not become a label)
    office.counts.record('invalid', refusal);
    return refusal;
  }
  return runValidCommand(office, identity, parsed.data);
}

/** A command whose envelope the edge has already validated: authorise and execute. */
export function runValidCommand(office: Office, identity: Identity, envelope: CommandEnvelope): CommandResponse {
  const { command, commandId } = envelope;
  if (!mayUse(identity, COMMAND_ROLES[command.type])) {
    const refusal: CommandResponse = { ok: false, error: talonError('FORBIDDEN') };
    office.counts.record(command.type, refusal);
    return refusal;
  }
  return office.execute(command, actorOf(identity), commandId);
}
