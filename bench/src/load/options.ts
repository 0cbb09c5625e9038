import { parseArgs } from 'node:util';

export interface LoadOptions {
  json: boolean;
  /** Tickets the kiosks issue over the day (every one becomes a visit: served or no-show). */
  visits: number;
  /** Length of the office day on the office's clock, hours. */
  dayHours: number;
  /** Real seconds the day's arrivals take: the clock runs dayHours·3600/seconds times faster than real time. */
  seconds: number;
  kiosks: number;
  operators: number;
  boards: number;
  ratingTerminals: number;
  /** Wrong-password sign-ins in the login flood; 0: none. */
  floodLogins: number;
  /** Heartbeats in the heartbeat flood; 0: none. */
  floodHeartbeats: number;
  /** kill -9 the server every this many real seconds; 0: never. */
  kill9Sec: number;
  /** Stop killing after this many restarts; 0: no limit. */
  kill9Count: number;
  seed: number;
  /** Also write the server's output here (it is kept in memory otherwise). */
  serverLog: string | undefined;
  /** Run the server from the TypeScript sources (tsx) instead of a production-like bundle. */
  fromSources: boolean;
  /** Write the server's V8 CPU profile here (the last server process's, with --kill9). */
  cpuProf: string | undefined;
}

export const USAGE = `npm run load -- [options]
  --json                 one JSON object on stdout (progress on stderr; use npm run -s)
  --visits N             tickets issued over the day (1100)
  --day-hours H          the office day on the office's clock, hours (8)
  --seconds S            real seconds the day's arrivals take (150)
  --kiosks N             paired kiosks issuing tickets (20)
  --operators N          operator consoles, one per window (40)
  --boards N             hall boards (5)
  --rating-terminals N   rating terminals, one per window (40; at most --operators)
  --flood-logins N       wrong-password sign-ins in the login flood (400; 0 = none)
  --flood-heartbeats N   heartbeats in the heartbeat flood (4000; 0 = none)
  --kill9 S              kill -9 the server every S real seconds and restart it (0 = never)
  --kill9-count N        at most N kills (0 = no limit)
  --seed N               the random choices of visitors and operators (17)
  --server-log FILE      also write the server's output to FILE
  --from-sources         run the server through tsx, not bundled as npm start runs it (more memory)
  --cpu-prof DIR         write the server's CPU profile to DIR and print where its time went`;

export function parseLoadOptions(argv: string[]): LoadOptions {
  const { values: v } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
      visits: { type: 'string', default: '1100' },
      'day-hours': { type: 'string', default: '8' },
      seconds: { type: 'string', default: '150' },
      kiosks: { type: 'string', default: '20' },
      operators: { type: 'string', default: '40' },
      boards: { type: 'string', default: '5' },
      'rating-terminals': { type: 'string', default: '40' },
      'flood-logins': { type: 'string', default: '400' },
      'flood-heartbeats': { type: 'string', default: '4000' },
      kill9: { type: 'string', default: '0' },
      'kill9-count': { type: 'string', default: '0' },
      seed: { type: 'string', default: '17' },
      'server-log': { type: 'string' },
      'cpu-prof': { type: 'string' },
      'from-sources': { type: 'boolean', default: false },
    },
  });
  if (v.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const num = (name: string, value: string, min: number, max = Number.POSITIVE_INFINITY, int = true): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || (int && !Number.isInteger(n)) || n < min || n > max)
      throw new Error(
        `--${name} must be ${int ? 'an integer' : 'a number'} from ${min}${max < 1e9 ? ` to ${max}` : ''}`,
      );
    return n;
  };
  const operators = num('operators', v.operators, 2, 99);
  return {
    json: v.json,
    visits: num('visits', v.visits, 10, 4000),
    // the day must end before midnight and within an operator's 12-hour session
    dayHours: num('day-hours', v['day-hours'], 1, 10, false),
    seconds: num('seconds', v.seconds, 5, 3600, false),
    kiosks: num('kiosks', v.kiosks, 1, 99),
    operators,
    boards: num('boards', v.boards, 1, 99),
    ratingTerminals: num('rating-terminals', v['rating-terminals'], 0, operators),
    floodLogins: num('flood-logins', v['flood-logins'], 0, 100_000),
    floodHeartbeats: num('flood-heartbeats', v['flood-heartbeats'], 0, 1_000_000),
    kill9Sec: num('kill9', v.kill9, 0, 3600, false),
    kill9Count: num('kill9-count', v['kill9-count'], 0),
    seed: num('seed', v.seed, 0),
    serverLog: v['server-log'],
    cpuProf: v['cpu-prof'],
    fromSources: v['from-sources'],
  };
}
