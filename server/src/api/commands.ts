import { COMMAND_ROLES, CommandEnvelope, type CommandResponse, type CommandType, talonError } from '@talon/protocol';
import { actorOf, type Identity, identityKey, mayUse } from '../edge/identity.js';
import { type RateLimiter, tooManyRequests } from '../edge/rate-limits.js';
import type { Office } from '../office.js';

/** The commands that make a ticket: their own, tight limit per identity (a kiosk's token is no printing press). */
const ISSUING = new Set<CommandType>(['issueTicket', 'checkIn']);

// The office's limiter, set once by the server (server/src/app.ts); an office without one (unit tests of
// the engine's path) is not limited.
const limiters = new WeakMap<Office, RateLimiter>();

/** Commands to this office are limited per identity by `limiter`, over HTTP and socket alike. */
export function limitCommands(office: Office, limiter: RateLimiter): void {
  limiters.set(office, limiter);
}

/** The single path every command takes, over HTTP or socket: validate, authorise, limit, execute. */
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

/** A command whose envelope the edge has already validated: authorise, limit and execute. */
export function runValidCommand(office: Office, identity: Identity, envelope: CommandEnvelope): CommandResponse {
  const { command, commandId } = envelope;
  if (!mayUse(identity, COMMAND_ROLES[command.type])) {
    const refusal: CommandResponse = { ok: false, error: talonError('FORBIDDEN') };
    office.counts.record(command.type, refusal);
    return refusal;
  }
  const limiter = limiters.get(office);
  if (limiter) {
    const limit = ISSUING.has(command.type) ? 'tickets' : 'commands';
    const taken = limiter.take(limit, identityKey(identity));
    if (!taken.ok) {
      const refusal: CommandResponse = { ok: false, error: tooManyRequests(limit, taken.retryAfterSec) };
      office.counts.record(command.type, refusal);
      return refusal;
    }
  }
  return office.execute(command, actorOf(identity), commandId);
}
