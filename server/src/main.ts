// Before anything else is loaded: memory settings for the whole process.
import './runtime-flags.js';
import { COMMANDS, commandHelp } from './cli/help.js';
import { closeOnSignals, DEMO_HOST, launch, parseServerArgs, UsageError } from './cli/server-options.js';
import { demoUsers } from './demo/rosatom-office.js';

// Owner-only for every file the process creates (database, backups, exports, logs): they hold visitors'
// data and password hashes. The data folder's existing files are fixed on start (store/data-folder.ts).
process.umask(0o077);

// npm start (the demo and development launcher); production offices run `talon serve` (server/src/cli).
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  const serve = COMMANDS.find((c) => c.name === 'serve');
  console.log(
    [
      'npm start -- [параметры · options]: демо-офис (--demo) на встроенной SQLite · the demo office (--demo) on embedded SQLite',
      'Параметры те же, что у talon serve · The options are those of talon serve:',
      '',
      ...(serve ? commandHelp(serve) : []),
    ].join('\n'),
  );
  process.exit(0);
}
let parsed: ReturnType<typeof parseServerArgs>;
try {
  parsed = parseServerArgs(argv, { allowDemo: true });
} catch (err) {
  if (!(err instanceof UsageError) && (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') !== true) throw err;
  console.error((err as Error).message);
  process.exit(2);
}
const { values, options } = parsed;

const started = Date.now();
const launched = await launch(options);
if ('exitCode' in launched) process.exit(launched.exitCode);
const server = launched;

const shown = `${options.tls ? 'https' : 'http'}://localhost:${server.port}/`;
console.log(`Talon office server ready in ${Date.now() - started} ms: ${shown}`);
if (values.demo && options.host === DEMO_HOST)
  console.log(
    'Демо открыто только с этого компьютера; для планшетов и ПК в сети: --host 0.0.0.0 · ' +
      'The demo answers this computer only; for tablets and PCs on the network: --host 0.0.0.0',
  );
if (values.demo && server.office.config) {
  console.log('Demo users (login / password):');
  for (const u of demoUsers(server.office.config))
    console.log(`  ${u.login.padEnd(10)} ${u.password.padEnd(14)} ${u.name}`);
}

void closeOnSignals(server).then(() => process.exit(0));
