import { type Actor, fieldIssue, type HqCheckResponse, type SyncHello } from '@talon/protocol';
import { actorOf } from '../edge/identity.js';
import { type Edge, refuse } from '../edge/plugin.js';
import type { AdminAudit } from '../settings/audit.js';
import type { FirstRunSetup } from '../setup/setup.js';
import type { HqSync } from './office-sync.js';
import { checkHeadOffice } from './office-sync.js';
import { type HqSettings, normalizeHqUrl, saveHqSettings } from './settings.js';

export interface HqLinkRouteDeps {
  hq: HqSync;
  setup: FirstRunSetup;
  audit: AdminAudit;
  dataDir: string;
  now: () => number;
}

const badUrl = () =>
  refuse('VALIDATION_FAILED', [
    fieldIssue(
      'url',
      'адрес http:// или https:// без параметров запроса',
      'an http:// or https:// address without a query',
    ),
  ]);

/** One hello with the given address and key; the refusal carries head office's own reason. */
async function check(settings: HqSettings, hello: SyncHello): Promise<HqCheckResponse | ReturnType<typeof refuse>> {
  const r = await checkHeadOffice(settings, hello);
  if (!r.ok)
    return refuse('HQ_CHECK_FAILED', { code: r.failure.code, status: r.failure.status, message: r.failure.message });
  return { ok: true, office: { code: r.value.code, name: r.value.name }, publicBase: r.value.publicBase };
}

/** Connects the office with a checked address and key, kept in the data folder for `talon serve`. */
export async function connectHeadOffice(deps: HqLinkRouteDeps, settings: HqSettings, actor: Actor): Promise<void> {
  saveHqSettings(deps.dataDir, settings);
  await deps.hq.configure({ ...settings, source: 'data-folder' });
  deps.audit.record(deps.now(), actor, 'hq.link-set', null, [
    { ru: `Офис подключён к головному офису ${settings.url}`, en: `Office connected to head office ${settings.url}` },
  ]);
}

/** The sync panel's routes, and the first-run wizard's check of a head office before setup saves it. */
export function registerHqLinkRoutes({ serve }: Edge, deps: HqLinkRouteDeps) {
  const { hq, setup } = deps;
  const fromCommandLine = () =>
    hq.status().source === 'command-line'
      ? refuse('HQ_CHECK_FAILED', {
          reason: 'set on the command line (--hq) or in the environment (TALON_HQ_URL): change it there',
        })
      : null;

  serve('hqLink', () => hq.status());

  serve('saveHqLink', async ({ body, identity }) => {
    const fixed = fromCommandLine();
    if (fixed) return fixed;
    const url = normalizeHqUrl(body.url);
    if (!url) return badUrl();
    const settings = { url, key: body.key };
    const checked = await check(settings, hq.hello());
    if (!('ok' in checked)) return checked;
    await connectHeadOffice(deps, settings, actorOf(identity));
    return checked;
  });

  serve('removeHqLink', async ({ identity }) => {
    const fixed = fromCommandLine();
    if (fixed) return fixed;
    saveHqSettings(deps.dataDir, null);
    await hq.configure(null);
    deps.audit.record(deps.now(), actorOf(identity), 'hq.link-set', null, [
      { ru: 'Офис отключён от головного офиса', en: 'Office disconnected from head office' },
    ]);
    return { ok: true as const };
  });

  serve('checkSetupHq', async ({ body }) => {
    const refused = setup.check(body.token);
    if (refused) return refuse(refused.code);
    const url = normalizeHqUrl(body.url);
    if (!url) return badUrl();
    const hello = hq.hello();
    return check({ url, key: body.key }, { ...hello, ...(body.timeZone ? { timeZone: body.timeZone } : {}) });
  });
}
