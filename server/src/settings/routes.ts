import { type AuditEntry, OfficeConfig } from '@talon/protocol';
import { z } from 'zod';
import { actorOf } from '../edge/identity.js';
import { type Edge, refuse, unwrap } from '../edge/plugin.js';
import type { Monitor } from '../monitor/monitor.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { applyPreset, presetInfo } from './presets/index.js';
import type { Settings } from './settings.js';

export interface SettingsApiDeps {
  office: Office;
  store: Store;
  settings: Settings;
  /** Re-evaluated at once after a change the figures show (configuration, devices). */
  monitor: Monitor;
}

/**
 * The configuration (versions, presets, audit), logins and unpairing. Who may view and who may change is
 * the route table's (protocol/src/routes/settings.ts); what is changed is audited here.
 */
export function registerSettingsApi({ serve }: Edge, { office, store, settings, monitor }: SettingsApiDeps) {
  const { configs, users, audit } = settings;
  const now = () => office.clock.now();

  serve('config', () => configs.current() ?? refuse('NOT_CONFIGURED'));

  // The form is drawn from the running server's schema, so sections added later appear by themselves.
  const schema = z.toJSONSchema(OfficeConfig, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  serve('configSchema', () => schema);

  serve('saveConfig', ({ body, identity }) => {
    const r = configs.save(body.config, actorOf(identity), body);
    if (r.ok) monitor.evaluateSoon(0);
    return unwrap(r);
  });

  serve('configVersions', ({ query }) => configs.versions(query.limit, query.before));

  serve('configVersion', ({ params }) => configs.version(params.seq) ?? refuse('NOT_FOUND', { version: params.seq }));

  serve('restoreConfigVersion', ({ params, body, identity }) => {
    const r = configs.restore(params.seq, actorOf(identity), body.baseVersion);
    if (!r.ok) return unwrap(r);
    if (!r.value.unchanged) {
      // people see versions as 1, 2, 3: the restored one by its number, the new one as the target
      const restored = configs.numberOf(params.seq);
      audit.record(now(), actorOf(identity), 'config.restored', String(configs.numberOf(r.value.version)), [
        { ru: `Восстановлена версия ${restored}`, en: `Version ${restored} restored` },
      ]);
    }
    monitor.evaluateSoon(0);
    return r.value;
  });

  serve('presets', () => presetInfo());

  serve('previewPreset', ({ body }) => {
    const current = office.config;
    if (!current) return refuse('NOT_CONFIGURED');
    const config = applyPreset(current, body.preset);
    const dry = configs.save(config, { kind: 'system' }, { dryRun: true });
    return { config, changes: dry.ok ? dry.value.changes : [], problem: dry.ok ? null : dry.error };
  });

  serve('configAudit', ({ query }) => {
    const from = query.from ?? 0;
    const to = query.to ?? Number.MAX_SAFE_INTEGER;
    const versions: AuditEntry[] = configs
      .versions(query.limit)
      .filter((v) => v.at >= from && v.at < to)
      .map((v) => ({
        at: v.at,
        actor: v.actor,
        action: 'config.changed',
        target: String(v.number),
        changes: v.changes,
      }));
    const merged = [...versions, ...audit.list(from, to, query.limit)];
    return merged.sort((a, b) => b.at - a.at).slice(0, query.limit);
  });

  serve('users', () => users.list());

  serve('createUser', ({ body, identity }) => {
    const r = users.create(body);
    if (!r.ok) return unwrap(r);
    const u = r.value;
    audit.record(now(), actorOf(identity), 'user.created', u.id, [
      {
        ru: `Создан вход «${u.login}» (${u.name}), роли: ${u.roles.join(', ')}`,
        en: `Login "${u.login}" (${u.name}) created, roles: ${u.roles.join(', ')}`,
      },
    ]);
    return u;
  });

  serve('updateUser', ({ params, body, identity }) => {
    const r = users.update(params.id, body);
    if (!r.ok) return unwrap(r);
    const { before, after } = r.value;
    const changes = (['name', 'roles', 'operatorId', 'disabled'] as const)
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => {
        const line = `${after.login}: ${k} ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`;
        return { ru: line, en: line };
      });
    if (changes.length > 0) audit.record(now(), actorOf(identity), 'user.updated', after.id, changes);
    return after;
  });

  serve('setUserPassword', ({ params, body, identity }) => {
    const r = users.resetPassword(params.id, body.password);
    if (!r.ok) return unwrap(r);
    audit.record(now(), actorOf(identity), 'user.password-reset', r.value.id, [
      { ru: `Сброшен пароль «${r.value.login}»`, en: `Password of "${r.value.login}" reset` },
    ]);
    return { ok: true as const };
  });

  serve('revokeDevice', ({ params, identity }) => {
    const device = store.findDevice(params.id);
    if (!device || !store.revokeDevice(params.id, now())) return refuse('NOT_FOUND', { deviceId: params.id });
    audit.record(now(), actorOf(identity), 'device.revoked', device.id, [
      { ru: `Отвязано устройство «${device.name}»`, en: `Device "${device.name}" unpaired` },
    ]);
    monitor.evaluateSoon(0);
    return { ok: true as const };
  });
}
