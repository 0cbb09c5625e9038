import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import {
  type Actor,
  type CompleteSetupBody,
  type FieldIssue,
  fieldIssue,
  fieldIssues,
  type LocalText,
  OfficeConfig,
  type OfficeConfigInput,
  SETUP_PASSWORD_RULE,
  type SetupDone,
  type SetupHall,
  type SetupPreset,
  type SetupStatus,
  type TalonError,
  talonError,
} from '@talon/protocol';
import { IANAZone } from 'luxon';
import { z } from 'zod';
import { newToken, type Result, tokenHash } from '../auth/index.js';
import type { Office } from '../office.js';
import { PRESETS, presetInfo, presetOffice } from '../settings/presets/index.js';
import type { Settings } from '../settings/settings.js';
import type { Store } from '../store/index.js';

/** The file beside the database that holds the setup link (mode 0600), until setup is done. */
export const SETUP_LINK_FILE = 'setup-link.txt';
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const SYSTEM: Actor = { kind: 'system' };
const TOKEN_IN_LINK = /[?&]setup=([A-Za-z0-9_-]{20,200})/;

export interface FirstRunSetupOptions {
  office: Office;
  store: Store;
  settings: Settings;
  dataDir: string;
  /** Off in the demo: its office and users come from the command line. */
  enabled: boolean;
}

/** Refusal thrown inside the setup transaction so that everything written so far rolls back. */
class Abort extends Error {
  constructor(readonly error: TalonError) {
    super(error.code);
  }
}

const invalid = (issues: FieldIssue[]): Result<never> => ({
  ok: false,
  error: talonError('VALIDATION_FAILED', issues),
});

/**
 * The address a person can open the link at: the host the server listens on, or for a wildcard
 * bind the machine's first LAN address (the link is opened from another PC as often as on this one).
 */
export function setupBaseUrl(host: string | undefined, port: number): string {
  let h = host ?? '127.0.0.1';
  if (h === '0.0.0.0' || h === '::' || h === '') {
    const lan = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    h = lan?.address ?? 'localhost';
  }
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/**
 * First-run setup: a server on a store with no office prints a one-time link (only the token's hash is
 * kept); whoever opens it configures the office and creates its configuration administrator in one go.
 */
export class FirstRunSetup {
  private readonly office: Office;
  private readonly store: Store;
  private readonly settings: Settings;
  private readonly linkPath: string;
  private readonly enabled: boolean;
  private readonly s;

  constructor(opts: FirstRunSetupOptions) {
    this.office = opts.office;
    this.store = opts.store;
    this.settings = opts.settings;
    this.enabled = opts.enabled;
    this.linkPath = join(opts.dataDir, SETUP_LINK_FILE);
    const { db } = opts.store;
    this.s = {
      live: db.prepare<[string], { n: number }>(
        'SELECT COUNT(*) AS n FROM setup_tokens WHERE token_hash = ? AND used_at IS NULL',
      ),
      dropLive: db.prepare('DELETE FROM setup_tokens WHERE used_at IS NULL'),
      insert: db.prepare<[string, number]>('INSERT INTO setup_tokens (token_hash, created_at) VALUES (?, ?)'),
      use: db.prepare<[number, string]>('UPDATE setup_tokens SET used_at = ? WHERE token_hash = ? AND used_at IS NULL'),
      killAll: db.prepare<[number]>('UPDATE setup_tokens SET used_at = ? WHERE used_at IS NULL'),
    };
  }

  private now(): number {
    return this.office.clock.now();
  }

  /** Setup is needed while the office has no configuration (never in the demo). */
  needed(): boolean {
    return this.enabled && this.office.config === null;
  }

  /**
   * On start, once the server listens. While setup is needed: the link, written to `setup-link.txt`
   * (0600). A link from an earlier start whose token is still good is kept (the same link works after a
   * restart); otherwise a new token replaces any earlier one. When setup is not needed: null, and any
   * leftover link dies.
   */
  start(baseUrl: string): string | null {
    if (!this.needed()) {
      this.killTokens();
      return null;
    }
    let token = this.tokenFromFile();
    if (!token || !this.isLive(token)) {
      const fresh = newToken();
      this.store.transaction(() => {
        this.s.dropLive.run();
        this.s.insert.run(tokenHash(fresh), this.now());
      });
      token = fresh;
    }
    const link = `${baseUrl}/admin/?setup=${token}`;
    this.writeLinkFile(link);
    return link;
  }

  /** The wizard's starting point; the presets only while setup is needed, the token never. */
  status(): SetupStatus {
    if (!this.needed()) return { needed: false };
    return {
      needed: true,
      presets: setupPresets(),
      defaultTimeZone: DEFAULT_TIME_ZONE,
      passwordRule: SETUP_PASSWORD_RULE,
    };
  }

  /** Whether the token may complete setup now. */
  check(token: string): TalonError | null {
    if (this.office.config !== null) return talonError('ALREADY_SET_UP');
    if (!this.needed() || !token || !this.isLive(token)) return talonError('SETUP_TOKEN_INVALID');
    return null;
  }

  /**
   * Configures the office (its first version, by the system), creates the configuration administrator,
   * kills the token and audits it, all in one transaction: a refusal at any step changes nothing.
   */
  complete(body: CompleteSetupBody): Result<SetupDone> {
    const refused = this.check(body.token);
    if (refused) return { ok: false, error: refused };

    const built = buildConfig(body);
    if (!built.ok) return built;
    const config = built.value;
    const login = body.admin.login;
    if (this.store.findUserByLogin(login)) return { ok: false, error: talonError('LOGIN_TAKEN') };

    const at = this.now();
    let version: number;
    try {
      version = this.store.transaction(() => {
        const created = this.settings.users.create({
          login,
          name: body.admin.name,
          roles: ['config_admin', 'hall_admin'],
          password: body.admin.password,
        });
        if (!created.ok) throw new Abort(created.error);
        if (this.s.use.run(at, tokenHash(body.token)).changes !== 1) throw new Abort(talonError('SETUP_TOKEN_INVALID'));
        this.settings.audit.record(at, SYSTEM, 'user.created', created.value.id, [
          {
            ru: `Первичная настройка: создан администратор настроек «${login}» (${body.admin.name})`,
            en: `First-run setup: configuration administrator "${login}" (${body.admin.name}) created`,
          },
        ]);
        this.settings.audit.record(at, SYSTEM, 'setup.completed', config.officeId, [
          { ru: `Офис «${config.name.ru}» настроен`, en: `Office "${config.name.en}" set up` },
          normsText(body),
        ]);
        // Last: the office's in-memory state changes only when everything before it is written.
        const r = this.office.configure(config, SYSTEM);
        if (!r.ok) throw new Abort(r.error);
        return r.seq;
      });
    } catch (err) {
      if (err instanceof Abort) return { ok: false, error: err.error };
      throw err;
    }
    rmSync(this.linkPath, { force: true });
    return {
      ok: true,
      value: {
        ok: true,
        officeId: config.officeId,
        name: config.name,
        version,
        admin: { login, name: body.admin.name },
      },
    };
  }

  private isLive(token: string): boolean {
    return (this.s.live.get(tokenHash(token))?.n ?? 0) > 0;
  }

  private killTokens(): void {
    this.s.killAll.run(this.now());
    rmSync(this.linkPath, { force: true });
  }

  private tokenFromFile(): string | null {
    if (!existsSync(this.linkPath)) return null;
    try {
      return TOKEN_IN_LINK.exec(readFileSync(this.linkPath, 'utf8'))?.[1] ?? null;
    } catch {
      return null;
    }
  }

  /** Written under another name and renamed, so the file is never seen half-written or readable by others. */
  private writeLinkFile(link: string): void {
    const tmp = `${this.linkPath}.${randomBytes(4).toString('hex')}.tmp`;
    writeFileSync(tmp, `${link}\n`, { mode: 0o600 });
    chmodSync(tmp, 0o600);
    renameSync(tmp, this.linkPath);
  }
}

function normsText(body: CompleteSetupBody): LocalText {
  if (body.norms.kind === 'file')
    return { ru: 'Настройки загружены из файла', en: 'Configuration imported from a file' };
  const p = PRESETS[body.norms.preset];
  return { ru: `Профиль нормативов: ${p.name.ru}`, en: `Norm preset: ${p.name.en}` };
}

/** The four presets with their norms and the office each starts from. */
export function setupPresets(): SetupPreset[] {
  return presetInfo().map((info) => {
    const office = presetOffice(info.id);
    const p = PRESETS[info.id];
    return {
      ...info,
      services: office.services.map((s) => ({
        id: s.id,
        name: s.name,
        waitNormMin: s.waitNormMin,
        serviceNormMin: s.serviceNormMin,
      })),
      totalNormMin: p.totalNormMin ?? null,
      defaults: {
        windows: office.windows.filter((w) => w.kind === 'window').map((w) => w.number),
        cabinets: office.windows.filter((w) => w.kind === 'cabinet').map((w) => w.number),
        officeHours: office.officeHours,
        receptionHours: office.receptionHours,
      },
    };
  });
}

const newOfficeId = () => `office-${randomBytes(4).toString('hex')}`;

function hallOf(hall: SetupHall) {
  const windows = [
    ...hall.windows.map((n) => ({ id: `w${n}`, number: n, hallId: 'main', kind: 'window' as const })),
    ...hall.cabinets.map((n) => ({ id: `c${n}`, number: n, hallId: 'main', kind: 'cabinet' as const })),
  ];
  return { windows, officeHours: hall.officeHours, receptionHours: hall.receptionHours };
}

/** The office the wizard describes, through the preset machinery (or the file), checked by the protocol's schema. */
export function buildConfig(body: CompleteSetupBody): Result<OfficeConfig> {
  const { office } = body;
  const timeZone = office.timeZone.trim();
  if (!IANAZone.isValidZone(timeZone))
    return invalid([fieldIssue('office.timeZone', 'неизвестный часовой пояс IANA', 'unknown IANA time zone')]);
  const name = { ru: office.name.ru, en: office.name.en || office.name.ru };
  const own = {
    name,
    timeZone,
    ...(office.address ? { address: office.address } : {}),
  };
  if (body.norms.kind === 'preset') {
    const hall = body.hall;
    if (!hall)
      return invalid([
        fieldIssue(
          'hall',
          'с типовыми нормами нужны окна и часы работы',
          'windows and hours are required with a preset',
        ),
      ]);
    const id = body.norms.preset;
    const serviceIds = PRESETS[id].services.map((s) => s.id);
    const h = hallOf(hall);
    // one operator place per window, each serving every service: names and skills are edited later
    const operators = h.windows.map((_, i) => ({ id: `op${i + 1}`, name: `Оператор ${i + 1}`, skills: serviceIds }));
    const input: Partial<OfficeConfigInput> = { officeId: office.officeId ?? newOfficeId(), ...own, ...h, operators };
    try {
      return { ok: true, value: presetOffice(id, input) };
    } catch (err) {
      if (!(err instanceof z.ZodError)) throw err;
      return invalid(fieldIssues(err).map((i) => ({ ...i, path: i.path || 'hall' })));
    }
  }
  const file = body.norms.config;
  const parsed = OfficeConfig.safeParse({ ...file, ...own, officeId: office.officeId ?? file.officeId });
  if (!parsed.success) return invalid(fieldIssues(parsed.error, ['norms', 'config']));
  return { ok: true, value: parsed.data };
}

/** The default for `ServerOptions.setup.onLink`: the console of whoever started the server. */
export function printSetupLink(url: string): void {
  console.log(
    `\nПервичная настройка: ${url}\nFirst-run setup:     open the link above (also in ${SETUP_LINK_FILE} in the data folder)\n`,
  );
}
