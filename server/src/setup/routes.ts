import type { Edge } from '../edge/plugin.js';
import { unwrap } from '../edge/plugin.js';
import type { Monitor } from '../monitor/monitor.js';
import type { FirstRunSetup } from './setup.js';

export interface SetupApiDeps {
  setup: FirstRunSetup;
  /** Re-evaluated at once when the office gets its configuration. */
  monitor: Monitor;
}

/** The wizard's routes: public, because nobody can sign in before there is an administrator; the link's token is the proof. */
export function registerSetup({ serve }: Edge, { setup, monitor }: SetupApiDeps) {
  serve('setupStatus', () => setup.status());

  serve('checkSetupToken', ({ body }) => {
    const refused = setup.check(body.token);
    return refused ? unwrap({ ok: false, error: refused }) : { ok: true as const };
  });

  serve('completeSetup', ({ body }) => {
    const r = setup.complete(body);
    if (r.ok) monitor.evaluateSoon(0);
    return unwrap(r);
  });
}
