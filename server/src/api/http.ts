import type { HqLinkHealth, PairResponse } from '@talon/protocol';
import type { AuthService } from '../auth/index.js';
import { mayUse } from '../edge/identity.js';
import { type Edge, Refusal, unwrap } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { runValidCommand } from './commands.js';

export interface HttpDeps {
  office: Office;
  store: Store;
  auth: AuthService;
  /** After a pairing that replaced older devices: audit it and clear their alarms (server/src/app.ts). */
  onReplaced?: (device: PairResponse, replaced: NonNullable<PairResponse['replaced']>) => void;
  /** The link to head office, for `/api/health` (server/src/sync). */
  sync?: () => HqLinkHealth;
  /** A device paired with this code (the demo start page replaces a code once used). */
  onPaired?: (code: string) => void;
}

/** Sign-in, pairing, commands and the state. */
export function registerHttpApi({ serve }: Edge, { office, store, auth, onReplaced, sync, onPaired }: HttpDeps) {
  serve('health', () => {
    // Memory in MB, so that a wall monitor or the bench can tell the heap from SQLite and buffers.
    const m = process.memoryUsage();
    const mb = (b: number) => Math.round(b / 104_857.6) / 10;
    return {
      ok: true as const,
      officeId: office.config?.officeId ?? null,
      seq: office.seq,
      memoryMb: { rss: mb(m.rss), heapUsed: mb(m.heapUsed), heapTotal: mb(m.heapTotal), external: mb(m.external) },
      ...(sync ? { sync: sync() } : {}),
      storage: office.storage,
    };
  });

  serve('login', async ({ body, req, reply }) => {
    const r = await auth.login(body.login, body.password, req.ip);
    // a lockout says when to come back, in the header as in the body
    const wait = r.ok ? undefined : (r.error.details as { retryAfterSec?: unknown } | undefined)?.retryAfterSec;
    if (typeof wait === 'number') reply.header('retry-after', String(wait));
    return unwrap(r);
  });

  serve('logout', ({ identity }) => {
    if (identity.kind === 'user') auth.logout(identity.token);
    return { ok: true as const };
  });

  serve('me', ({ identity: id }) =>
    id.kind === 'user' ? { kind: 'user' as const, user: id.user } : { kind: 'device' as const, device: id.device },
  );

  serve('createPairingCode', ({ body }) => auth.createPairingCode(body.role, body.name));

  serve('pair', ({ body }) => {
    const r = auth.pair(body.code, body.previous);
    if (r.ok) onPaired?.(body.code);
    if (r.ok && r.value.replaced) onReplaced?.(r.value, r.value.replaced);
    return unwrap(r);
  });

  serve('listDevices', () => store.listDevices(office.clock.now()));

  serve('runCommand', ({ identity, body }) => {
    const r = runValidCommand(office, identity, body);
    return r.ok ? r : new Refusal(r.error);
  });

  serve('state', ({ identity: id }) => {
    const audience =
      id.kind === 'user' ? (mayUse(id, ['hall_admin', 'config_admin']) ? 'admin' : 'operator') : id.device.role;
    return office.snapshot(audience);
  });
}
