import { createRequire } from 'node:module';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import {
  accountUnlock,
  adminCreate,
  backupNow,
  configExport,
  configImport,
  devicesList,
  devicesRevoke,
  passwordReset,
  restore,
  verify,
} from './commands.js';
import { COMMANDS, commandHelp, overview } from './help.js';
import { both, CliError, type CliIo, processIo } from './io.js';
import { serve } from './serve.js';

type Options = NonNullable<ParseArgsConfig['options']>;
type Values = Record<string, string | boolean | undefined>;

interface Handler {
  options: Options;
  positionals?: boolean;
  run(values: Values, positionals: string[], io: CliIo): Promise<number>;
}

const S = { type: 'string' } as const;
const HELP = { help: { type: 'boolean', short: 'h' } } as const;

const HANDLERS: Record<string, Handler> = {
  'admin create': {
    options: { data: S, login: S, name: S, password: S },
    run: (v, _p, io) => adminCreate(v, io),
  },
  'password reset': { options: { data: S, login: S, password: S }, run: (v, _p, io) => passwordReset(v, io) },
  'account unlock': { options: { data: S, login: S }, run: (v, _p, io) => accountUnlock(v, io) },
  'devices list': { options: { data: S }, run: (v, _p, io) => devicesList(v, io) },
  'devices revoke': { options: { data: S }, positionals: true, run: (v, p, io) => devicesRevoke(v, p, io) },
  backup: { options: { data: S, to: S, keep: S }, run: (v, _p, io) => backupNow(v, io) },
  restore: { options: { into: S }, positionals: true, run: (v, p, io) => restore(v, p, io) },
  verify: { options: { data: S, file: S }, run: (v, _p, io) => verify(v, io) },
  'config export': { options: { data: S, out: S }, run: (v, _p, io) => configExport(v, io) },
  'config import': { options: { data: S }, positionals: true, run: (v, p, io) => configImport(v, p, io) },
};

const GROUPS = new Set(COMMANDS.map((c) => c.name.split(' ')).flatMap((w) => (w.length > 1 ? [w[0]] : [])));

function version(): string {
  try {
    return (createRequire(import.meta.url)('@talon/server/package.json') as { version: string }).version;
  } catch {
    return '';
  }
}

/** `talon <command> …`: returns the exit code (0 done, 1 failed, 2 wrong command line, folder or database). */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  const args = [...argv];
  const first = args[0];
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    const topic = first === 'help' ? args.slice(1).join(' ') : '';
    const c = COMMANDS.find((x) => x.name === topic);
    for (const line of c ? commandHelp(c) : overview(version())) io.out(line);
    return first === undefined ? 2 : 0;
  }
  if (first === '--version' || first === '-v') {
    io.out(version());
    return 0;
  }
  const two = args.slice(0, 2).join(' ');
  const name = COMMANDS.some((c) => c.name === two) ? two : first;
  const help = COMMANDS.find((c) => c.name === name);
  if (!help) {
    const group = GROUPS.has(first) ? COMMANDS.filter((c) => c.name.startsWith(`${first} `)) : [];
    io.err(
      group.length
        ? both(`Неполная или неизвестная команда «${two}». Есть:`, `Incomplete or unknown command "${two}". There are:`)
        : both(`Неизвестная команда «${first}»`, `Unknown command "${first}"`),
    );
    for (const c of group) io.err(`  ${c.usage}`);
    if (!group.length) io.err(both('Список команд: talon --help', 'Commands: talon --help'));
    return 2;
  }
  const rest = args.slice(name.split(' ').length);
  if (rest.includes('--help') || rest.includes('-h')) {
    for (const line of commandHelp(help)) io.out(line);
    return 0;
  }
  try {
    if (name === 'serve') return await serve(rest, io);
    const handler = HANDLERS[name];
    if (!handler) throw new CliError(both(`Команда «${name}» не реализована`, `"${name}" is not implemented`), 2);
    let values: Values;
    let positionals: string[];
    try {
      const parsed = parseArgs({
        args: rest,
        options: { ...handler.options, ...HELP },
        allowPositionals: handler.positionals ?? false,
        strict: true,
      });
      values = parsed.values as Values;
      positionals = parsed.positionals;
    } catch (err) {
      throw new CliError(`${(err as Error).message}\n${both('Использование', 'Usage')}: ${help.usage}`, 2);
    }
    return await handler.run(values, positionals, io);
  } catch (err) {
    if (err instanceof CliError) {
      io.err(err.message);
      return err.exitCode;
    }
    io.err(
      both('Непредвиденная ошибка', 'Unexpected error') +
        `: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
    );
    return 1;
  }
}
