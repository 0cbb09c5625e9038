import {
  AlarmHistoryQuery,
  type AuditEntry,
  ConfigSaveBody,
  OfficeConfig,
  PasswordResetBody,
  PresetApplyBody,
  type Role,
  type TalonError,
  talonError,
  UserCreateBody,
  UserUpdateBody,
} from '@talon/protocol';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AuthService } from '../auth/index.js';
import { actorOf, type Identity, identify, mayUse } from '../edge/identity.js';
import { sendError } from '../edge/plugin.js';
import type { Office } from '../office.js';
import type { Monitor } from './monitor.js';
import { applyPreset, isPresetId, presetInfo } from './presets/index.js';

export interface AdminApiDeps {
  office: Office;
  auth: AuthService;
  monitor: Monitor;
}

const VIEW: Role[] = ['hall_admin', 'config_admin'];
const CHANGE: Role[] = ['config_admin'];

type Issues = { path: PropertyKey[]; message: string }[];
const invalid = (issues: Issues): TalonError =>
  talonError(
    'VALIDATION_FAILED',
    issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );

const IntParam = z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const Range = z
  .object({
    from: z.coerce.number().int().min(0).optional(),
    to: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(200),
    before: z.coerce.number().int().min(1).optional(),
  })
  .strict();
const RestoreBody = z.object({ baseVersion: z.int().min(0).optional() }).strict();

/**
 * The administrator's HTTP API: monitor, alarms, configuration (versions, presets, audit), logins
 * and devices. Viewing needs a hall or configuration administrator; changing needs `config_admin`
 * (alarm acknowledgement: either). Everything else gets 403 and changes nothing.
 */
export function registerAdminApi(app: FastifyInstance, { office, auth, monitor }: AdminApiDeps) {
  const who = (req: FastifyRequest, reply: FastifyReply, roles: Role[]): Identity | null => {
    const h = req.headers.authorization;
    const id = identify(auth, h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined);
    if (!id.ok) {
      void sendError(reply, id.error);
      return null;
    }
    if (id.value.kind !== 'user' || !mayUse(id.value, roles)) {
      void sendError(reply, talonError('FORBIDDEN'));
      return null;
    }
    return id.value;
  };
  const now = () => office.clock.now();
  const nameOf = (id: Identity) => (id.kind === 'user' ? id.user.name : id.device.name);

  app.get('/api/admin/monitor', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    return monitor.evaluate();
  });

  app.get('/api/alarms', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    return { active: monitor.alarms.active(), at: now() };
  });

  app.get('/api/alarms/history', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    const q = AlarmHistoryQuery.safeParse(req.query);
    if (!q.success) return sendError(reply, invalid(q.error.issues));
    return monitor.alarms.history(q.data.from ?? 0, q.data.to ?? Number.MAX_SAFE_INTEGER, q.data.limit);
  });

  app.post<{ Params: { id: string } }>('/api/alarms/:id/ack', async (req, reply) => {
    const id = who(req, reply, VIEW);
    if (!id) return reply;
    const alarmId = IntParam.safeParse(req.params.id);
    if (!alarmId.success) return sendError(reply, invalid(alarmId.error.issues));
    const alarm = monitor.acknowledge(alarmId.data, actorOf(id), nameOf(id));
    if (alarm) return alarm;
    const existing = monitor.alarms.get(alarmId.data);
    // acknowledging twice is harmless: the first acknowledgement stands
    return existing ?? sendError(reply, talonError('NOT_FOUND', { alarmId: alarmId.data }));
  });

  app.get('/api/config', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    return monitor.configs.current() ?? sendError(reply, talonError('NOT_CONFIGURED'));
  });

  // The form is drawn from the running server's schema, so sections added later appear by themselves.
  const schema = z.toJSONSchema(OfficeConfig, { io: 'input', unrepresentable: 'any' });
  app.get('/api/config/schema', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    return schema;
  });

  app.put('/api/config', async (req, reply) => {
    const id = who(req, reply, CHANGE);
    if (!id) return reply;
    const body = ConfigSaveBody.safeParse(req.body);
    if (!body.success) return sendError(reply, invalid(body.error.issues));
    const r = monitor.configs.save(body.data.config, actorOf(id), body.data);
    if (!r.ok) return sendError(reply, r.error);
    monitor.evaluateSoon(0);
    return r.value;
  });

  app.get('/api/config/versions', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    const q = Range.safeParse(req.query);
    if (!q.success) return sendError(reply, invalid(q.error.issues));
    return monitor.configs.versions(q.data.limit, q.data.before);
  });

  app.get<{ Params: { seq: string } }>('/api/config/versions/:seq', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    const seq = IntParam.safeParse(req.params.seq);
    if (!seq.success) return sendError(reply, invalid(seq.error.issues));
    return monitor.configs.version(seq.data) ?? sendError(reply, talonError('NOT_FOUND', { version: seq.data }));
  });

  app.post<{ Params: { seq: string } }>('/api/config/versions/:seq/restore', async (req, reply) => {
    const id = who(req, reply, CHANGE);
    if (!id) return reply;
    const seq = IntParam.safeParse(req.params.seq);
    if (!seq.success) return sendError(reply, invalid(seq.error.issues));
    const body = RestoreBody.safeParse(req.body ?? {});
    if (!body.success) return sendError(reply, invalid(body.error.issues));
    const r = monitor.configs.restore(seq.data, actorOf(id), body.data.baseVersion);
    if (!r.ok) return sendError(reply, r.error);
    if (!r.value.unchanged)
      monitor.audit.record(now(), actorOf(id), 'config.restored', String(r.value.version), [
        { ru: `Восстановлена версия ${seq.data}`, en: `Version ${seq.data} restored` },
      ]);
    monitor.evaluateSoon(0);
    return r.value;
  });

  app.get('/api/config/presets', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    return presetInfo();
  });

  /** The current configuration with a preset's norms and menu, for the editor to review and save. */
  app.post('/api/config/presets/preview', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    const body = PresetApplyBody.safeParse(req.body);
    if (!body.success || !isPresetId(body.data.preset))
      return sendError(reply, invalid(body.success ? [] : body.error.issues));
    const current = office.config;
    if (!current) return sendError(reply, talonError('NOT_CONFIGURED'));
    const config = applyPreset(current, body.data.preset);
    const dry = monitor.configs.save(config, { kind: 'system' }, { dryRun: true });
    return { config, changes: dry.ok ? dry.value.changes : [], problem: dry.ok ? null : dry.error };
  });

  app.get('/api/config/audit', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    const q = Range.safeParse(req.query);
    if (!q.success) return sendError(reply, invalid(q.error.issues));
    const from = q.data.from ?? 0;
    const to = q.data.to ?? Number.MAX_SAFE_INTEGER;
    const configs: AuditEntry[] = monitor.configs
      .versions(q.data.limit)
      .filter((v) => v.at >= from && v.at < to)
      .map((v) => ({
        at: v.at,
        actor: v.actor,
        action: 'config.changed',
        target: String(v.version),
        changes: v.changes,
      }));
    const merged = [...configs, ...monitor.audit.list(from, to, q.data.limit)];
    return merged.sort((a, b) => b.at - a.at).slice(0, q.data.limit);
  });

  app.get('/api/users', async (req, reply) => {
    if (!who(req, reply, VIEW)) return reply;
    return monitor.users.list();
  });

  app.post('/api/users', async (req, reply) => {
    const id = who(req, reply, CHANGE);
    if (!id) return reply;
    const body = UserCreateBody.safeParse(req.body);
    if (!body.success) return sendError(reply, invalid(body.error.issues));
    const r = monitor.users.create(body.data);
    if (!r.ok) return sendError(reply, r.error);
    monitor.audit.record(now(), actorOf(id), 'user.created', r.value.id, [
      {
        ru: `Создан вход «${r.value.login}» (${r.value.name}), роли: ${r.value.roles.join(', ')}`,
        en: `Login "${r.value.login}" (${r.value.name}) created, roles: ${r.value.roles.join(', ')}`,
      },
    ]);
    return r.value;
  });

  app.patch<{ Params: { id: string } }>('/api/users/:id', async (req, reply) => {
    const id = who(req, reply, CHANGE);
    if (!id) return reply;
    const body = UserUpdateBody.safeParse(req.body);
    if (!body.success) return sendError(reply, invalid(body.error.issues));
    const r = monitor.users.update(req.params.id, body.data);
    if (!r.ok) return sendError(reply, r.error);
    const { before, after } = r.value;
    const changes = (['name', 'roles', 'operatorId', 'disabled'] as const)
      .filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]))
      .map((k) => {
        const line = `${after.login}: ${k} ${JSON.stringify(before[k])} → ${JSON.stringify(after[k])}`;
        return { ru: line, en: line };
      });
    if (changes.length > 0) monitor.audit.record(now(), actorOf(id), 'user.updated', after.id, changes);
    return after;
  });

  app.post<{ Params: { id: string } }>('/api/users/:id/password', async (req, reply) => {
    const id = who(req, reply, CHANGE);
    if (!id) return reply;
    const body = PasswordResetBody.safeParse(req.body);
    if (!body.success) return sendError(reply, invalid(body.error.issues));
    const r = monitor.users.resetPassword(req.params.id, body.data.password);
    if (!r.ok) return sendError(reply, r.error);
    monitor.audit.record(now(), actorOf(id), 'user.password-reset', r.value.id, [
      { ru: `Сброшен пароль «${r.value.login}»`, en: `Password of "${r.value.login}" reset` },
    ]);
    return { ok: true };
  });

  app.post<{ Params: { id: string } }>('/api/devices/:id/revoke', async (req, reply) => {
    const id = who(req, reply, CHANGE);
    if (!id) return reply;
    const device = office.store.findDevice(req.params.id);
    if (!device || !office.store.revokeDevice(req.params.id, now()))
      return sendError(reply, talonError('NOT_FOUND', { deviceId: req.params.id }));
    monitor.audit.record(now(), actorOf(id), 'device.revoked', device.id, [
      { ru: `Отвязано устройство «${device.name}»`, en: `Device "${device.name}" unpaired` },
    ]);
    monitor.evaluateSoon(0);
    return { ok: true };
  });
}
