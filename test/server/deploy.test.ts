import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../server/src/cli/help.js';
import { parseServerArgs } from '../../server/src/cli/server-options.js';

const ROOT = join(import.meta.dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** `serve` is one of the command line's own commands (`talon --help`), whose source the bundle is built from. */
function checkTalonCommand(args: string[]) {
  const [command, ...flags] = args;
  expect(COMMANDS.map((c) => c.name)).toContain(command);
  expect(existsSync(join(ROOT, 'server/src/cli/talon.ts'))).toBe(true);
  // `talon serve` parses exactly these server options (server/src/cli/server-options.ts): the service's flags
  // must pass its parser, strict as it is about unknown options and values
  const parsed = parseServerArgs(flags, { allowDemo: false });
  expect(parsed.values.demo).toBe(false);
  return parsed;
}

/** systemd's unit syntax: sections, `Key=Value` (a key may repeat), `#`/`;` comments. */
function parseUnit(text: string): Map<string, Map<string, string[]>> {
  const sections = new Map<string, Map<string, string[]>>();
  let current: Map<string, string[]> | null = null;
  for (const [n, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    if (line.endsWith('\\')) throw new Error(`line ${n + 1}: continuation lines are not used here`);
    const section = /^\[([A-Za-z]+)\]$/.exec(line);
    if (section) {
      if (sections.has(section[1] ?? '')) throw new Error(`line ${n + 1}: section [${section[1]}] twice`);
      current = new Map();
      sections.set(section[1] ?? '', current);
      continue;
    }
    const kv = /^([A-Za-z][A-Za-z0-9]*)=(.*)$/.exec(line);
    if (!kv || !current) throw new Error(`line ${n + 1} is not Key=Value inside a section: ${line}`);
    const [, key = '', value = ''] = kv;
    current.set(key, [...(current.get(key) ?? []), value]);
  }
  return sections;
}

/** Splits a command line the way systemd and Windows do for these simple cases: spaces, double quotes. */
function splitArgs(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2] ?? '');
}

/** Node's own flags come before the script; only V8's memory flag of `npm start` is expected there. */
function withoutNodeFlags(args: string[]): string[] {
  const script = args.findIndex((x) => !x.startsWith('--'));
  for (const f of args.slice(0, script)) expect(f).toMatch(/^--max-semi-space-size=\d+$/);
  return args.slice(script);
}

describe('deploy/systemd/talon-office.service', () => {
  const unit = parseUnit(read('deploy/systemd/talon-office.service'));
  const service = unit.get('Service') ?? new Map<string, string[]>();
  const one = (key: string) => {
    const v = service.get(key);
    expect(v, key).toHaveLength(1);
    return v?.[0] ?? '';
  };

  it('is a unit with the sections and the keys a dedicated, sandboxed, restarting service needs', () => {
    expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
    expect(unit.get('Install')?.get('WantedBy')).toEqual(['multi-user.target']);
    expect(unit.get('Unit')?.get('After')?.[0]).toContain('network-online.target');
    expect(one('User')).toBe('talon');
    expect(one('Group')).toBe('talon');
    expect(one('WorkingDirectory')).toBe('/opt/talon');
    expect(one('StateDirectory')).toBe('talon');
    expect(one('StateDirectoryMode')).toBe('0700');
    expect(one('UMask')).toBe('0077');
    expect(one('Restart')).toBe('on-failure');
    expect(one('StandardOutput')).toBe('journal');
    expect(one('NoNewPrivileges')).toBe('yes');
    expect(one('ProtectSystem')).toBe('strict');
    expect(one('PrivateTmp')).toBe('yes');
  });

  it('starts a real `talon serve` with flags the command line accepts, on the folders it may write', () => {
    const [node = '', ...rest] = splitArgs(one('ExecStart'));
    const exec = [node, ...withoutNodeFlags(rest)];
    expect(exec.slice(0, 2)).toEqual(['/usr/bin/node', '/opt/talon/server/dist/talon.mjs']);
    expect(exec[1]?.startsWith(`${one('WorkingDirectory')}/`)).toBe(true);
    const { options } = checkTalonCommand(exec.slice(2));
    expect(options.dataDir).toBe(`/var/lib/${one('StateDirectory')}`);
    expect(options.port).toBe(8080);
    const writable = one('ReadWritePaths').split(' ');
    expect(writable).toContain(options.dataDir);
    const backupDir = options.backups?.dir ?? join(options.dataDir, 'backups');
    expect(writable.some((p) => backupDir === p || backupDir.startsWith(`${p}/`))).toBe(true);
  });
});

describe('deploy/windows/talon-office.xml (WinSW)', () => {
  const xml = read('deploy/windows/talon-office.xml');
  const body = xml.replace(/<!--[\s\S]*?-->/g, '');
  const element = (name: string) => {
    const all = [...body.matchAll(new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'g'))];
    expect(all, name).toHaveLength(1);
    return all[0]?.[1]?.trim() ?? '';
  };

  it('is well-formed: every element closed in order, under one <service>', () => {
    const stack: string[] = [];
    for (const m of body.matchAll(/<(\/?)([A-Za-z]+)([^>]*?)(\/?)>/g)) {
      const [, close, name = '', , selfClosing] = m;
      if (selfClosing) continue;
      if (close) expect(stack.pop(), `</${name}>`).toBe(name);
      else stack.push(name);
    }
    expect(stack).toEqual([]);
    expect(body.trim().startsWith('<service>')).toBe(true);
    expect(body.trim().endsWith('</service>')).toBe(true);
  });

  it('runs node with a real `talon serve` and flags the command line accepts, restarts it, rolls its logs', () => {
    expect(element('id')).toBe('talon-office');
    expect(element('executable')).toMatch(/node\.exe$/);
    const args = withoutNodeFlags(splitArgs(element('arguments')));
    expect(args[0]).toMatch(/\\server\\dist\\talon\.mjs$/);
    expect(args[0]?.startsWith(`${element('workingdirectory')}\\`)).toBe(true);
    checkTalonCommand(args.slice(1));
    expect(body).toMatch(/<onfailure action="restart"/);
    expect(body).toMatch(/<log mode="roll-by-size">/);
    expect(element('user')).toBe('LocalService');
  });
});
