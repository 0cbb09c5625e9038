import type { HqLinkBody } from '@talon/protocol';
import type { Edge } from '../edge/plugin.js';
import { unwrap } from '../edge/plugin.js';
import type { Monitor } from '../monitor/monitor.js';
import type { FirstRunSetup } from './setup.js';

export interface SetupApiDeps {
  setup: FirstRunSetup;
  /** Re-evaluated at once when the office gets its configuration. */
  monitor: Monitor;
  /** Setup named a head office (already checked by the wizard): connect to it (server/src/sync). */
  onHeadOffice?: (headOffice: HqLinkBody) => Promise<void>;
}

/** The wizard's routes: public, because nobody can sign in before there is an administrator; the link's token is the proof. */
export function registerSetup({ serve }: Edge, { setup, monitor, onHeadOffice }: SetupApiDeps) {
  serve('setupStatus', () => setup.status());

  serve('checkSetupToken', ({ body }) => {
    const refused = setup.check(body.token);
    return refused ? unwrap({ ok: false, error: refused }) : { ok: true as const };
  });

  serve('completeSetup', async ({ body }) => {
    const r = setup.complete(body);
    if (r.ok) {
      // the office is set up whatever head office says: the link retries on its own
      if (body.headOffice && onHeadOffice) await onHeadOffice(body.headOffice).catch(() => undefined);
      monitor.evaluateSoon(0);
    }
    return unwrap(r);
  });
}
