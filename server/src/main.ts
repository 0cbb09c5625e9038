import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './app.js';
import { demoUsers, rosatomDemoOffice } from './demo/rosatom-office.js';

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.TALON_PORT ?? '8080' },
    host: { type: 'string', default: process.env.TALON_HOST ?? '0.0.0.0' },
    data: { type: 'string', default: process.env.TALON_DATA ?? 'data' },
    'tick-ms': { type: 'string', default: '5000' },
  },
});

const started = Date.now();
// The demo office receives visitors round the clock so that it can be tried at any hour.
const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);
const demoConfig = values.demo ? rosatomDemoOffice({ receptionHours: allDay, officeHours: allDay }) : undefined;

const server = await startServer({
  dataDir: resolve(values.data),
  port: Number(values.port),
  host: values.host,
  demo: values.demo,
  tickMs: Number(values['tick-ms']),
  ...(demoConfig ? { initialConfig: demoConfig } : {}),
});

const shown = `http://localhost:${server.port}/`;
console.log(`Talon office server ready in ${Date.now() - started} ms: ${shown}`);
if (values.demo && server.office.config) {
  console.log('Demo users (login / password):');
  for (const u of demoUsers(server.office.config))
    console.log(`  ${u.login.padEnd(10)} ${u.password.padEnd(14)} ${u.name}`);
}

for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.on(sig, () => {
    void server.close().then(() => process.exit(0));
  });
}
