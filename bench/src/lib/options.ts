import { parseArgs } from 'node:util';

export interface Options {
  json: boolean;
  commands: number;
  maxSeconds: number;
  calls: number;
  clients: number;
  concurrency: number;
  roundTrips: number;
  commits: number;
  liveClients: number;
  serverEntry: string;
  serverNodeFlags: string[];
  cpuProf: string | undefined;
  serverLog: string | undefined;
}

export const DEFAULT_ENTRY = 'server/src/main.ts';

export const USAGE = `npm run bench:server -- [options]
  --json                 print one JSON object on stdout (progress stays on stderr)
  --commands N           durable commands through HTTP (6000)
  --max-seconds N        stop the durable run after N s even if commands are left (40)
  --concurrency N        most requests in flight, six operators included (24)
  --calls N              operator calls timed to the boards (360)
  --clients N            boards connected to /board for the calls (50)
  --round-trips N        bare socket.io round trips (2000)
  --commits N            bare SQLite commits (3000)
  --live-clients N       boards connected during the durable run too (0)
  --cpu-prof DIR         write the server's V8 CPU profile to DIR and print where its time went
  --server-node-flags S  extra node flags for the server, e.g. "--max-semi-space-size=2" (none)
  --server-entry FILE    server entry; a built .js/.mjs runs without tsx (${DEFAULT_ENTRY})
  --server-log FILE      also write the server's stdout and stderr to FILE (e.g. with --trace-gc)`;

export function parseOptions(argv: string[]): Options {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      commands: { type: 'string', default: '6000' },
      'max-seconds': { type: 'string', default: '40' },
      calls: { type: 'string', default: '360' },
      clients: { type: 'string', default: '50' },
      concurrency: { type: 'string', default: '24' },
      'round-trips': { type: 'string', default: '2000' },
      commits: { type: 'string', default: '3000' },
      'live-clients': { type: 'string', default: '0' },
      'server-entry': { type: 'string', default: DEFAULT_ENTRY },
      'server-node-flags': { type: 'string', default: '' },
      'cpu-prof': { type: 'string' },
      'server-log': { type: 'string' },
    },
  });
  if (v.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const int = (name: string, value: string, min: number): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  return {
    json: v.json,
    commands: int('commands', v.commands, 100),
    maxSeconds: int('max-seconds', v['max-seconds'], 1),
    calls: int('calls', v.calls, 6),
    clients: int('clients', v.clients, 1),
    // Six operators always have a request in flight; the kiosks need at least one more.
    concurrency: int('concurrency', v.concurrency, 7),
    roundTrips: int('round-trips', v['round-trips'], 1),
    commits: int('commits', v.commits, 1),
    liveClients: int('live-clients', v['live-clients'], 0),
    serverEntry: v['server-entry'],
    serverNodeFlags: v['server-node-flags'].split(' ').filter((f) => f !== ''),
    cpuProf: v['cpu-prof'],
    serverLog: v['server-log'],
  };
}
