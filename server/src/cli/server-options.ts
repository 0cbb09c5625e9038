import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { type RunningServer, type ServerOptions, startServer } from '../app.js';
import { HHMM } from '../backup/schedule.js';
import { rosatomDemoOffice } from '../demo/rosatom-office.js';
import { DEMO_DISPLAYS, loadDisplaySettings } from '../displays/index.js';
import { parseRateLimits } from '../edge/rate-limits.js';
import { OPS_ARGS, opsOptionsFrom } from '../ops/options.js';
import { MAX_RETENTION_DAYS } from '../privacy/index.js';
import { isPresetId, presetOffice } from '../settings/presets/index.js';
import { isRefusal } from '../store/data-folder.js';
import { isHqKey, normalizeHqUrl } from '../sync/settings.js';

/**
 * The command-line options of a running office server, shared by `npm start` (server/src/main.ts, the
 * demo and development launcher) and `talon serve` (production). A new server option is added here once:
 * to SERVER_ARGS (with its environment default) and to `serverOptionsFrom`.
 */
export const SERVER_ARGS = {
  port: { type: 'string', default: process.env.TALON_PORT ?? '8080' },
  /** Absent: every address for a real office (its screens are other PCs), this machine only for the demo. */
  host: { type: 'string', default: process.env.TALON_HOST ?? '' },
  data: { type: 'string', default: process.env.TALON_DATA ?? 'data' },
  'tick-ms': { type: 'string', default: '5000' },
  /** Norm preset of a new office (empty data folder): rosatom, kostroma, belgorod, rusenergosbyt. */
  preset: { type: 'string', default: process.env.TALON_PRESET ?? '' },
  'public-url': { type: 'string', default: process.env.TALON_PUBLIC_URL ?? '' },
  /** A ticket printer for every kiosk: tcp://HOST[:9100], serial:PATH[?baud=N] or usb:PATH (docs/printing.md). */
  printer: { type: 'string', default: process.env.TALON_PRINTER ?? '' },
  'printer-paper': { type: 'string', default: process.env.TALON_PRINTER_PAPER ?? '80' },
  /** Window LED displays: a JSON settings file (docs/window-display-protocol.md). */
  displays: { type: 'string', default: process.env.TALON_DISPLAYS ?? '' },
  /** Daily backups (docs/backups.md): folder (default <data>/backups), time of day HH:MM, how many kept. */
  'backup-dir': { type: 'string', default: process.env.TALON_BACKUP_DIR ?? '' },
  'backup-at': { type: 'string', default: process.env.TALON_BACKUP_AT ?? '' },
  'backup-keep': { type: 'string', default: process.env.TALON_BACKUP_KEEP ?? '' },
  'no-backups': { type: 'boolean', default: false },
  /** Visitors' personal data (152-ФЗ): days kept after the visit (server/src/privacy), default 30. */
  'personal-data-days': { type: 'string', default: process.env.TALON_PERSONAL_DATA_DAYS ?? '' },
  /** Head office (issue 13): its address and this office's key there; absent = the data folder's, else none. */
  hq: { type: 'string', default: process.env.TALON_HQ_URL ?? '' },
  'hq-key': { type: 'string', default: process.env.TALON_HQ_KEY ?? '' },
  /** Rate limits (server/src/edge/rate-limits.ts): `tickets=10:2s,requests=off`; absent = the defaults. */
  'rate-limits': { type: 'string', default: process.env.TALON_RATE_LIMITS ?? '' },
  /** Logging, HTTPS and the /metrics token (server/src/ops/options.ts). */
  ...OPS_ARGS,
} as const satisfies NonNullable<ParseArgsConfig['options']>;

type ArgSpec = typeof SERVER_ARGS;
/** The parsed values: strings for string options, booleans for flags. */
export type ServerArgValues = {
  [K in keyof ArgSpec]: ArgSpec[K]['type'] extends 'boolean' ? boolean : string;
};

/** Where a real office server listens unless `--host` says otherwise: every address, for the screens on other PCs. */
export const OFFICE_HOST = '0.0.0.0';
/** Where the demo listens unless `--host` says otherwise. */
export const DEMO_HOST = '127.0.0.1';

/** A wrong option value: the launcher prints it and exits with code 2. */
export class UsageError extends Error {}

export interface ParsedServerArgs {
  values: ServerArgValues & { demo: boolean };
  options: ServerOptions;
}

/**
 * Parses the server options. `allowDemo`: `--demo` is accepted (npm start); `talon serve` never runs
 * the demo office. Throws UsageError (or parseArgs' own error) for a bad command line.
 */
export function parseServerArgs(argv: string[], { allowDemo }: { allowDemo: boolean }): ParsedServerArgs {
  const { values: raw } = parseArgs({
    args: argv,
    options: allowDemo ? { ...SERVER_ARGS, demo: { type: 'boolean', default: false } } : SERVER_ARGS,
    strict: true,
    allowPositionals: false,
  });
  const values = { demo: false, ...raw } as ServerArgValues & { demo: boolean };
  return { values, options: serverOptionsFrom(values) };
}

export function serverOptionsFrom(values: ServerArgValues & { demo: boolean }): ServerOptions {
  const demo = values.demo;
  // The demo office receives visitors round the clock so that it can be tried at any hour.
  const allDay = Object.fromEntries(
    ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
  );
  if (values.preset && !isPresetId(values.preset))
    throw new UsageError(`Unknown preset "${values.preset}": use rosatom, kostroma, belgorod or rusenergosbyt`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`Неверный порт «${values.port}» · Bad port "${values.port}"`);
  const tickMs = Number(values['tick-ms']);
  if (!Number.isFinite(tickMs) || tickMs < 0)
    throw new UsageError(`Неверный --tick-ms «${values['tick-ms']}» · Bad --tick-ms "${values['tick-ms']}"`);
  const hours = demo ? { receptionHours: allDay, officeHours: allDay } : {};
  const initialConfig =
    values.preset && isPresetId(values.preset)
      ? presetOffice(values.preset, hours)
      : demo
        ? rosatomDemoOffice(hours)
        : undefined;

  // The demo office gets in-memory window displays unless a settings file names real ones.
  const windowDisplays = values.displays
    ? loadDisplaySettings(resolve(values.displays))
    : demo
      ? DEMO_DISPLAYS
      : undefined;

  const backups: NonNullable<ServerOptions['backups']> = {};
  if (values['backup-at']) {
    if (!HHMM.test(values['backup-at']))
      throw new UsageError(
        `Время копии --backup-at должно быть ЧЧ:ММ, например 02:30 · --backup-at must be HH:MM, e.g. 02:30`,
      );
    backups.at = values['backup-at'];
  }
  if (values['backup-keep']) {
    const keep = Number(values['backup-keep']);
    if (!Number.isInteger(keep) || keep < 1)
      throw new UsageError('--backup-keep: целое число от 1 · a whole number from 1');
    backups.keep = keep;
  }
  if (values['backup-dir']) backups.dir = resolve(values['backup-dir']);
  // The demo's data is made up: it is not backed up unless a folder is named.
  if (values['no-backups'] || (demo && !values['backup-dir'])) backups.enabled = false;
  else backups.enabled = true;

  let privacy: ServerOptions['privacy'];
  if (values['personal-data-days']) {
    const days = Number(values['personal-data-days']);
    if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
      throw new UsageError(
        `--personal-data-days: целое число от 1 до ${MAX_RETENTION_DAYS} · a whole number from 1 to ${MAX_RETENTION_DAYS}`,
      );
    privacy = { retentionDays: days };
  }

  let hq: ServerOptions['hq'];
  if (values.hq || values['hq-key']) {
    const url = normalizeHqUrl(values.hq);
    if (!url)
      throw new UsageError(
        `Адрес головного офиса --hq должен быть http:// или https:// · --hq must be an http:// or https:// address`,
      );
    if (!isHqKey(values['hq-key']))
      throw new UsageError(
        'Нужен ключ офиса --hq-key (или TALON_HQ_KEY), выданный головным офисом · ' +
          'The office key --hq-key (or TALON_HQ_KEY) issued by head office is required',
      );
    hq = { url, key: values['hq-key'] };
  }

  let limits: ReturnType<typeof parseRateLimits> | undefined;
  try {
    limits = values['rate-limits'] ? parseRateLimits(values['rate-limits']) : undefined;
  } catch (err) {
    throw new UsageError((err as Error).message);
  }

  const ops = opsOptionsFrom(values, { demo });
  return {
    ...ops,
    dataDir: resolve(values.data),
    port,
    // The demo hands out device pairing codes on its start page: only this machine sees it unless asked.
    host: values.host || (demo ? DEMO_HOST : OFFICE_HOST),
    demo,
    ...(limits ? { rateLimits: { limits } } : {}),
    tickMs,
    ...(values['public-url'] ? { publicBaseUrl: values['public-url'] } : {}),
    ...(hq ? { hq } : {}),
    ...(initialConfig ? { initialConfig } : {}),
    ...(windowDisplays ? { windowDisplays } : {}),
    backups,
    ...(privacy ? { privacy } : {}),
    printing: {
      // the demo prints on a virtual printer whose tickets the start page shows at /printer/
      // `--printer none`: no printer at all (kiosks show the number on screen; benchmarks of the core)
      virtualPrinter: demo && !values.printer,
      ...(values.printer && values.printer !== 'none'
        ? {
            printers: [
              {
                id: 'main',
                name: 'Принтер талонов',
                connection: values.printer,
                paperWidth: values['printer-paper'] === '58' ? 58 : 80,
              },
            ],
          }
        : {}),
    },
  };
}

/**
 * Starts the server; a refusal the owner must act on (a newer database, another server on the folder,
 * a folder that is not an office's) is printed in Russian and English and becomes exit code 2 or 1,
 * never a stack trace.
 */
export async function launch(
  options: ServerOptions,
  printError: (line: string) => void = console.error,
): Promise<RunningServer | { exitCode: number }> {
  try {
    return await startServer(options);
  } catch (err) {
    if (isRefusal(err)) {
      printError(err.message);
      return { exitCode: err.exitCode };
    }
    const code = (err as { code?: string }).code;
    if (code === 'EADDRINUSE' || code === 'EACCES' || code === 'EADDRNOTAVAIL') {
      printError(
        `Не удалось занять адрес ${options.host ?? ''}:${options.port ?? ''} (${code}): порт занят или недоступен. · ` +
          `Cannot listen on ${options.host ?? ''}:${options.port ?? ''} (${code}): the port is taken or not allowed.`,
      );
      return { exitCode: 1 };
    }
    throw err;
  }
}

/** Closes the server on SIGINT/SIGTERM; resolves once it is closed. */
export function closeOnSignals(server: RunningServer): Promise<void> {
  return new Promise((done) => {
    let closing = false;
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      process.on(sig, () => {
        if (closing) return;
        closing = true;
        void server.close().then(done, done);
      });
    }
  });
}

/** Where a server bound to `host` can be reached: the host itself, or every IPv4 address of this machine. */
export function listenAddresses(host: string | undefined, port: number, scheme: 'http' | 'https' = 'http'): string[] {
  if (host && host !== '0.0.0.0' && host !== '::')
    return [`${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}/`];
  const out = [`${scheme}://localhost:${port}/`];
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) out.push(`${scheme}://${a.address}:${port}/`);
  return out;
}
