/**
 * The office server exactly as `npm start` runs it (server/src/main.ts: the same options, the same
 * launch), on a virtual clock that the load driver moves through `POST /api/test/clock`. `--now <epoch ms>`
 * is where the clock starts; the driver passes the furthest time it has asked for, so a restart after
 * kill -9 never takes the office's clock back. Everything else is the server's own command line.
 */
import '../../../server/src/runtime-flags.js';
import { closeOnSignals, launch, parseServerArgs } from '../../../server/src/cli/server-options.js';
import { VirtualClock } from '../../../server/src/clock.js';

// as main.ts: the data files are the owner's only
process.umask(0o077);

const argv = process.argv.slice(2);
const at = argv.indexOf('--now');
const now = at >= 0 ? Number(argv[at + 1]) : Number.NaN;
if (!Number.isFinite(now)) {
  console.error('--now <epoch ms> is required');
  process.exit(2);
}
argv.splice(at, 2);

const { options } = parseServerArgs(argv, { allowDemo: true });
const started = Date.now();
const launched = await launch({ ...options, clock: new VirtualClock(now), testClock: true });
if ('exitCode' in launched) process.exit(launched.exitCode);
console.log(`Talon office server ready in ${Date.now() - started} ms: http://localhost:${launched.port}/`);
void closeOnSignals(launched).then(() => process.exit(0));
