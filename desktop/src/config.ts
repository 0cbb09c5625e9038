import { posix, win32 } from 'node:path';
import { z } from 'zod';

/**
 * The shell's whole configuration: which screen this PC is and where the office server is.
 * Everything else (menus, texts, the device's identity after pairing) comes from the server.
 */
export const ROLES = ['kiosk', 'board', 'console', 'rating'] as const;
export type Role = (typeof ROLES)[number];

export const ShellConfig = z
  .object({
    /** The office server, e.g. `http://192.168.1.10:8080`. Only its origin is ever shown. */
    serverUrl: z.url({ protocol: /^https?$/, error: 'serverUrl: an http:// or https:// address' }).refine((u) => {
      const p = new URL(u);
      return !p.username && !p.password;
    }, 'serverUrl: no user name or password in the address'),
    role: z.enum(ROLES),
    /** Extra query parameters for the screen, e.g. `{ "zone": "hall-2" }` for a zone board. */
    query: z.record(z.string().regex(/^[A-Za-z0-9_-]{1,32}$/), z.string().max(200)).default({}),
    /** Fullscreen kiosk window; `false` only for setting up or testing on an office desktop. */
    kiosk: z.boolean().default(true),
    /** Developer tools (F12); never on in the hall. */
    devTools: z.boolean().default(false),
    /** Page zoom, e.g. 1.5 on a 4K board. */
    zoom: z.number().min(0.5).max(3).default(1),
    /** A hung page gets this long to recover before it is reloaded. */
    unresponsiveGraceSec: z.int().min(5).max(300).default(20),
    /** Offline retries: first delay and the cap, seconds. */
    retryFirstSec: z.number().min(0.5).max(60).default(2),
    retryMaxSec: z.number().min(1).max(600).default(30),
  })
  .strict()
  .refine((c) => c.retryMaxSec >= c.retryFirstSec, 'retryMaxSec must be at least retryFirstSec');
export type ShellConfig = z.infer<typeof ShellConfig>;

export type ParseResult = { ok: true; config: ShellConfig } | { ok: false; problems: string[] };

export function parseShellConfig(text: string): ParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`not JSON: ${(err as Error).message}`] };
  }
  const r = ShellConfig.safeParse(raw);
  if (r.success) return { ok: true, config: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`) };
}

export interface Environment {
  platform: NodeJS.Platform;
  env: Record<string, string | undefined>;
  argv: readonly string[];
  home: string;
}

/**
 * Where the config file may be, first match wins: `--config=<file>`, TALON_DESKTOP_CONFIG, the
 * user's file, then the machine-wide one (what an installer or an administrator writes).
 */
export function configCandidates(e: Environment): string[] {
  const out: string[] = [];
  const flag = e.argv.find((a) => a.startsWith('--config='));
  if (flag) out.push(flag.slice('--config='.length));
  if (e.env.TALON_DESKTOP_CONFIG) out.push(e.env.TALON_DESKTOP_CONFIG);
  if (e.platform === 'win32') {
    const appData = e.env.APPDATA ?? win32.join(e.home, 'AppData', 'Roaming');
    out.push(win32.join(appData, 'Talon', 'desktop.json'));
    out.push(win32.join(e.env.PROGRAMDATA ?? 'C:\\ProgramData', 'Talon', 'desktop.json'));
  } else if (e.platform === 'darwin') {
    out.push(posix.join(e.home, 'Library', 'Application Support', 'Talon', 'desktop.json'));
  } else {
    out.push(posix.join(e.env.XDG_CONFIG_HOME || posix.join(e.home, '.config'), 'talon', 'desktop.json'));
    out.push('/etc/talon/desktop.json');
  }
  return out;
}

export type LoadResult =
  | { ok: true; path: string; config: ShellConfig }
  | { ok: false; path: string | null; problems: string[]; searched: string[] };

/** Reads the first existing candidate; a broken file is reported, never skipped for the next one. */
export function loadShellConfig(e: Environment, readFile: (path: string) => string | null): LoadResult {
  const searched = configCandidates(e);
  for (const path of searched) {
    const text = readFile(path);
    if (text === null) continue;
    const r = parseShellConfig(text);
    return r.ok ? { ok: true, path, config: r.config } : { ok: false, path, problems: r.problems, searched };
  }
  return { ok: false, path: null, problems: ['no configuration file found'], searched };
}
