import { dbPathOf } from '../store/data-folder.js';
import { both, CliError, type CliIo } from './io.js';
import { closeOnSignals, launch, listenAddresses, parseServerArgs, UsageError } from './server-options.js';

/** `talon serve`: the production office server on a data folder (no demo office, users or printer). */
export async function serve(argv: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parseServerArgs>;
  try {
    parsed = parseServerArgs(argv, { allowDemo: false });
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS'))
      throw new CliError((err as Error).message, 2);
    throw err;
  }
  const { options } = parsed;
  const started = Date.now();
  const launched = await launch(options, io.err);
  if ('exitCode' in launched) return launched.exitCode;
  const server = launched;
  const b = server.backups.status();
  io.out(`${both('Талон: сервер офиса работает', 'Talon office server is running')} (${Date.now() - started} ms)`);
  io.out(`  Папка данных · Data folder: ${options.dataDir} (${dbPathOf(options.dataDir)})`);
  io.out(`  Слушает · Listening on: ${options.host}:${server.port}`);
  for (const a of listenAddresses(options.host, server.port, options.tls ? 'https' : 'http')) io.out(`    ${a}`);
  io.out(
    b.enabled
      ? `  Резервные копии · Backups: ${b.at} → ${b.dir} (хранить · keep ${b.keep})`
      : '  Резервные копии выключены · Backups are off',
  );
  const hq = server.hq.status();
  io.out(
    hq.configured
      ? `  Головной офис · Head office: ${hq.url} (${hq.source === 'command-line' ? '--hq' : 'head-office.json'})`
      : '  Головной офис не подключён · No head office set',
  );
  await closeOnSignals(server);
  io.out(both('Сервер остановлен', 'Server stopped'));
  return 0;
}
