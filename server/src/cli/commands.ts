import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Actor, OfficeConfig, UserCreateBody } from '@talon/protocol';
import Database from 'better-sqlite3';
import { AuthService } from '../auth/index.js';
import { LoginThrottle } from '../auth/login-throttle.js';
import { pruneBackups, writeBackup } from '../backup/files.js';
import { localZone } from '../backup/schedule.js';
import { recordRun } from '../backup/status.js';
import { describeReport, verifyDatabase } from '../backup/verify.js';
import { systemClock } from '../clock.js';
import { Office } from '../office.js';
import { AdminAudit } from '../settings/audit.js';
import { ConfigService } from '../settings/config-service.js';
import { dbPathOf, ensureFolder, restrictFile } from '../store/data-folder.js';
import type { Store } from '../store/index.js';
import { dataDirOf, existingOffice, guard, openOffice, refuseWhileRunning } from './data.js';
import { both, CliError, type CliIo, readSecret } from './io.js';

/** What the command line changes is audited like the admin screen's changes, as the system's. */
const CLI: Actor = { kind: 'system' };
const VIA = { ru: ' (командная строка talon)', en: ' (talon command line)' };

type Values = Record<string, string | boolean | undefined>;
const str = (v: Values, k: string) => (typeof v[k] === 'string' && v[k] !== '' ? (v[k] as string) : undefined);

function required(v: Values, k: string, ru: string, en: string): string {
  const s = str(v, k);
  if (s === undefined) throw new CliError(both(`Укажите --${k} (${ru})`, `Give --${k} (${en})`), 2);
  return s;
}

async function withStore<T>(
  dataDir: string,
  whileRunning: 'alongside' | 'refuse',
  io: CliIo,
  fn: (store: Store) => T | Promise<T>,
): Promise<T> {
  const { store } = await openOffice(dataDir, whileRunning, io);
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

async function newPassword(v: Values, io: CliIo): Promise<string> {
  let password = str(v, 'password');
  if (password === undefined) {
    password = await readSecret(io, 'Пароль · Password: ');
    if (io.stdin.isTTY) {
      const again = await readSecret(io, 'Ещё раз · Again: ');
      if (again !== password) throw new CliError(both('Пароли не совпадают', 'The passwords differ'), 2);
    }
  }
  if (password.length < 8 || password.length > 200)
    throw new CliError(both('Пароль: от 8 до 200 символов', 'Password: 8 to 200 characters'), 2);
  return password;
}

export async function adminCreate(v: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const login = required(v, 'login', 'логин', 'login');
  const name = required(v, 'name', 'имя', 'name');
  existingOffice(dataDir);
  const password = await newPassword(v, io);
  const body = UserCreateBody.safeParse({ login, name, roles: ['config_admin', 'hall_admin'], password });
  if (!body.success)
    throw new CliError(
      both('Неверные данные', 'Invalid input') +
        `: ${body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
      2,
    );
  return withStore(dataDir, 'alongside', io, (store) => {
    if (store.findUserByLogin(body.data.login))
      throw new CliError(both(`Логин «${body.data.login}» уже занят`, `Login "${body.data.login}" is taken`), 1);
    const auth = new AuthService(store);
    const { user } = auth.ensureUser({ ...body.data, roles: [...body.data.roles] });
    new AdminAudit(store.db, store).record(Date.now(), CLI, 'user.created', user.id, [
      {
        ru: `Создан вход «${user.login}» (${user.name}), роли: ${user.roles.join(', ')}${VIA.ru}`,
        en: `Login "${user.login}" (${user.name}) created, roles: ${user.roles.join(', ')}${VIA.en}`,
      },
    ]);
    io.out(both(`Администратор «${user.login}» создан`, `Administrator "${user.login}" created`));
    return 0;
  });
}

function userOrFail(store: Store, login: string) {
  const user = store.findUserByLogin(login.trim());
  if (!user) throw new CliError(both(`Нет входа «${login}»`, `No login "${login}"`), 1);
  return user;
}

export async function passwordReset(v: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const login = required(v, 'login', 'логин', 'login');
  existingOffice(dataDir);
  const password = await newPassword(v, io);
  return withStore(dataDir, 'alongside', io, (store) => {
    const user = userOrFail(store, login);
    new AuthService(store).setPassword(user.id, password);
    new AdminAudit(store.db, store).record(Date.now(), CLI, 'user.password-reset', user.id, [
      { ru: `Сброшен пароль «${user.login}»${VIA.ru}`, en: `Password of "${user.login}" reset${VIA.en}` },
    ]);
    io.out(
      both(
        `Пароль «${user.login}» изменён, открытые сеансы завершены`,
        `Password of "${user.login}" changed, open sessions ended`,
      ),
    );
    return 0;
  });
}

export async function accountUnlock(v: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const login = required(v, 'login', 'логин', 'login');
  return withStore(dataDir, 'alongside', io, (store) => {
    const user = userOrFail(store, login);
    // an unlock ends both: a lockout after wrong passwords, and a disabled account
    const unlocked = new LoginThrottle(store, () => Date.now()).unlock(user.login, CLI);
    if (unlocked) io.out(both(`Блокировка входа «${user.login}» снята`, `The lock on login "${user.login}" ended`));
    if (user.disabledAt === null) {
      if (!unlocked) io.out(both(`Вход «${user.login}» и так включён`, `Login "${user.login}" is already enabled`));
      return 0;
    }
    store.setUserDisabled(user.id, null);
    const line = `${user.login}: disabled true → false`;
    new AdminAudit(store.db, store).record(Date.now(), CLI, 'user.updated', user.id, [
      { ru: `${line}${VIA.ru}`, en: `${line}${VIA.en}` },
    ]);
    io.out(both(`Вход «${user.login}» снова включён`, `Login "${user.login}" enabled again`));
    return 0;
  });
}

const fmtTime = (at: number | null) =>
  at === null ? '—' : new Date(at).toLocaleString('ru-RU', { timeZone: localZone(), hour12: false });

export async function devicesList(v: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  return withStore(dataDir, 'alongside', io, (store) => {
    const devices = store.listDevices(Date.now());
    if (devices.length === 0) {
      io.out(both('Привязанных устройств нет', 'No paired devices'));
      return 0;
    }
    io.out(
      ['ID'.padEnd(36), 'роль·role'.padEnd(9), 'связь·online', 'последняя·last seen'.padEnd(20), 'имя·name'].join('  '),
    );
    for (const d of devices)
      io.out(
        [
          d.deviceId.padEnd(36),
          d.role.padEnd(9),
          (d.online ? 'да·yes' : 'нет·no').padEnd(12),
          fmtTime(d.lastSeenAt).padEnd(20),
          d.name,
        ].join('  '),
      );
    return 0;
  });
}

export async function devicesRevoke(v: Values, positionals: string[], io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const id = positionals[0];
  if (!id || positionals.length > 1)
    throw new CliError(
      both('Укажите один код устройства: talon devices revoke --data ПАПКА ID', 'Give one device id'),
      2,
    );
  return withStore(dataDir, 'alongside', io, (store) => {
    const device = store.findDevice(id);
    if (!device || !store.revokeDevice(id, Date.now()))
      throw new CliError(
        both(`Нет привязанного устройства ${id}`, `No paired device ${id}`) +
          '\n' +
          both('Список: talon devices list --data ПАПКА', 'List: talon devices list --data DIR'),
        1,
      );
    new AdminAudit(store.db, store).record(Date.now(), CLI, 'device.revoked', device.id, [
      { ru: `Отвязано устройство «${device.name}»${VIA.ru}`, en: `Device "${device.name}" unpaired${VIA.en}` },
    ]);
    io.out(both(`Устройство «${device.name}» отвязано`, `Device "${device.name}" unpaired`));
    return 0;
  });
}

/** SQLite's online backup in one step: a copy of one moment even while a server writes. */
const wholeCopy = (db: Database.Database) => ({
  backup: (dest: string) => db.backup(dest, { progress: () => 1_000_000_000 }),
});

export async function backupNow(v: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const { path } = existingOffice(dataDir);
  const to = str(v, 'to') ? resolve(str(v, 'to') as string) : resolve(dataDir, 'backups');
  const keepArg = str(v, 'keep');
  const keep = keepArg === undefined ? undefined : Number(keepArg);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1))
    throw new CliError(both('--keep: целое число от 1', '--keep: a whole number from 1'), 2);
  const at = Date.now();
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const t0 = performance.now();
  try {
    const b = await guardWrite(() => writeBackup(wholeCopy(db), to, at));
    const durationMs = Math.round(performance.now() - t0);
    recordRun(dataDir, { at, trigger: 'manual', ok: true, file: b.file, size: b.size, seq: b.seq, durationMs });
    const pruned = keep === undefined ? [] : pruneBackups(to, keep);
    io.out(
      both(
        `Резервная копия готова и проверена: ${b.file} (${Math.ceil(b.size / 1024)} КБ, последнее событие ${b.seq})`,
        `Backup written and verified: ${b.file} (${Math.ceil(b.size / 1024)} KB, last event ${b.seq})`,
      ),
    );
    if (pruned.length) io.out(both(`Удалены старые копии: ${pruned.length}`, `Old backups deleted: ${pruned.length}`));
    return 0;
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    recordRun(dataDir, { at, trigger: 'manual', ok: false, error, durationMs: Math.round(performance.now() - t0) });
    throw new CliError(both(`Резервная копия НЕ сделана: ${error}`, `Backup FAILED: ${error}`), 1);
  } finally {
    db.close();
  }
}

async function guardWrite<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof CliError) throw err;
    const e = err as { code?: string; message?: string };
    throw new Error(e.code ? `${e.code}: ${e.message}` : String(e.message ?? err));
  }
}

export async function restore(v: Values, positionals: string[], io: CliIo): Promise<number> {
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new CliError(both('Укажите файл копии: talon restore ФАЙЛ --into ПАПКА', 'Give the backup file'), 2);
  const source = resolve(file);
  const into = resolve(required(v, 'into', 'новая папка данных', 'the new data folder'));
  if (!existsSync(source) || !statSync(source).isFile())
    throw new CliError(both(`Файл копии не найден: ${source}`, `Backup file not found: ${source}`), 2);
  if (existsSync(into) && (!statSync(into).isDirectory() || readdirSync(into).length > 0))
    throw new CliError(
      both(
        `Папка ${into} не пуста: восстановление идёт только в новую или пустую папку`,
        `${into} is not empty: a restore goes into a new or empty folder only`,
      ),
      2,
    );

  io.out(both('Проверяю копию…', 'Verifying the backup…'));
  const report = guard(() => verifyOrExplain(source));
  for (const line of describeReport(report)) io.out(line);
  if (!report.ok)
    throw new CliError(
      both('Копия не прошла проверку: не восстановлена', 'The backup failed verification: not restored'),
      1,
    );

  guard(() => ensureFolder(into));
  const target = dbPathOf(into);
  // owner-only before the first byte of visitors' data is written into it
  writeFileSync(target, '', { mode: 0o600, flag: 'wx' });
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    await wholeCopy(db).backup(target);
  } finally {
    db.close();
  }
  restrictFile(target);
  io.out(
    both(
      `Офис восстановлен в ${into} (событий: ${report.events}). Запуск: talon serve --data ${into}`,
      `Office restored into ${into} (${report.events} events). Start it: talon serve --data ${into}`,
    ),
  );
  return 0;
}

function verifyOrExplain(path: string) {
  try {
    return verifyDatabase(path);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || code === 'SQLITE_CANTOPEN')
      throw new CliError(
        both(`Файл ${path} не открывается как база (${code})`, `${path} does not open as a database (${code})`),
        1,
      );
    throw err;
  }
}

export async function verify(v: Values, io: CliIo): Promise<number> {
  const fileArg = str(v, 'file');
  const dataArg = str(v, 'data');
  if ((fileArg === undefined) === (dataArg === undefined))
    throw new CliError(both('Укажите --data ПАПКА или --file ФАЙЛ', 'Give --data DIR or --file FILE'), 2);
  let path: string;
  if (fileArg !== undefined) {
    path = resolve(fileArg);
    if (!existsSync(path)) throw new CliError(both(`Файл не найден: ${path}`, `File not found: ${path}`), 2);
  } else path = existingOffice(dataDirOf(dataArg)).path;
  const report = guard(() => verifyOrExplain(path));
  for (const line of describeReport(report)) io.out(line);
  return report.ok ? 0 : 1;
}

interface ConfigRow {
  seq: number;
  payload: string;
}

export async function configExport(v: Values, io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const { path } = existingOffice(dataDir);
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let row: ConfigRow | undefined;
  try {
    row = db
      .prepare<[], ConfigRow>(
        "SELECT seq, payload FROM events WHERE type = 'OfficeConfigured' ORDER BY seq DESC LIMIT 1",
      )
      .get();
  } finally {
    db.close();
  }
  if (!row) throw new CliError(both('Офис ещё не настроен: выгружать нечего', 'The office is not configured yet'), 1);
  const raw = (JSON.parse(row.payload) as { config: unknown }).config;
  // as it would be applied today: sections added since are filled with their defaults
  const parsed = OfficeConfig.safeParse(raw);
  const text = `${JSON.stringify(parsed.success ? parsed.data : raw, null, 2)}\n`;
  const out = str(v, 'out');
  if (out === undefined) process.stdout.write(text);
  else {
    writeFileSync(resolve(out), text);
    io.out(
      both(
        `Настройки (версия ${row.seq}) выгружены в ${resolve(out)}`,
        `Configuration (version ${row.seq}) written to ${resolve(out)}`,
      ),
    );
  }
  return 0;
}

export async function configImport(v: Values, positionals: string[], io: CliIo): Promise<number> {
  const dataDir = dataDirOf(str(v, 'data'));
  const file = positionals[0];
  if (!file || positionals.length > 1)
    throw new CliError(both('Укажите файл: talon config import --data ПАПКА ФАЙЛ', 'Give the file'), 2);
  existingOffice(dataDir);
  refuseWhileRunning(dataDir);
  const path = resolve(file);
  if (!existsSync(path)) throw new CliError(both(`Файл не найден: ${path}`, `File not found: ${path}`), 2);
  let input: unknown;
  try {
    input = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new CliError(
      both(`Файл ${path} — не JSON: ${(err as Error).message}`, `${path} is not JSON: ${(err as Error).message}`),
      1,
    );
  }
  const parsed = OfficeConfig.safeParse(input);
  if (!parsed.success) {
    io.err(both('Настройки не приняты, ничего не изменено:', 'Configuration refused, nothing changed:'));
    for (const i of parsed.error.issues.slice(0, 30))
      io.err(`  ${i.path.join('.') || '(корень · root)'}: ${i.message}`);
    return 1;
  }
  return withStore(dataDir, 'refuse', io, (store) => {
    const office = new Office({ store, clock: systemClock, log: (m) => io.err(m) });
    const configs = new ConfigService(store.db, office, store);
    const r = configs.save(parsed.data, CLI);
    if (!r.ok) {
      io.err(both('Настройки не приняты, ничего не изменено:', 'Configuration refused, nothing changed:'));
      io.err(`  ${r.error.code}: ${r.error.message.ru} · ${r.error.message.en}`);
      if (r.error.details !== undefined) io.err(`  ${JSON.stringify(r.error.details).slice(0, 2000)}`);
      return 1;
    }
    if (r.value.unchanged) {
      io.out(
        both(
          'Настройки совпадают с текущими: ничего не изменено',
          'Same as the configuration in force: nothing changed',
        ),
      );
      return 0;
    }
    new AdminAudit(store.db, store).record(Date.now(), CLI, 'config.imported', String(r.value.version), [
      { ru: `Настройки загружены из файла ${path}${VIA.ru}`, en: `Configuration imported from ${path}${VIA.en}` },
    ]);
    io.out(both(`Настройки применены: версия ${r.value.version}`, `Configuration applied: version ${r.value.version}`));
    for (const c of r.value.changes.slice(0, 40)) io.out(`  ${c.ru} · ${c.en}`);
    return 0;
  });
}
