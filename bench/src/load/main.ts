/**
 * A busy office day at accelerated time against the real office server (a child process) over HTTP and
 * socket.io: kiosks, operator consoles, boards and rating terminals, a login flood and a heartbeat flood in
 * the middle, optionally kill -9 every few seconds; then the server's state and reports are checked against
 * what the driver was acknowledged for. `--help` lists the options; docs/reliability.md explains the run.
 *
 *   npm run load                     readable table with PASS/FAIL (progress on stderr)
 *   npm run -s load -- --json        one JSON object on stdout
 *   npm run -s load -- --kill9 5     the same day with the server killed every 5 s
 */
import { resolve } from 'node:path';
import { summarizeProfile } from '../lib/profile.js';
import { note } from '../lib/stats.js';
import { parseLoadOptions } from './options.js';
import { checks, table } from './report.js';
import { runLoad } from './run.js';

/** Above this many CPUs used by other processes, the table says the machine was busy. */
const BUSY_MACHINE_CPUS = 0.25;

for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => process.exit(130));

try {
  const opts = parseLoadOptions(process.argv.slice(2));
  const r = await runLoad(opts);
  if (opts.cpuProf) note(summarizeProfile(resolve(opts.cpuProf)));
  if (opts.json) process.stdout.write(`${JSON.stringify(r)}\n`);
  else {
    process.stdout.write(`${table(r)}\n`);
    if (r.otherCpus > BUSY_MACHINE_CPUS)
      process.stdout.write(
        `note: other processes kept ${r.otherCpus} CPUs busy during the run; its latencies are pessimistic\n`,
      );
    const failed = checks(r).filter((c) => !c.pass);
    if (failed.length > 0) process.stdout.write(`FAILED: ${failed.map((c) => c.metric).join(', ')}\n`);
  }
  note(`errors ${r.errors}, mismatches ${r.mismatches}, visits ${r.visits}`);
  // Exit at once: a lingering socket or timer of a client must not keep the process alive.
  process.exit(r.errors === 0 && r.mismatches === 0 ? 0 : 1);
} catch (err) {
  process.stderr.write(`load failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}
