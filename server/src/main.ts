// Before anything else is loaded: memory settings for the whole process.
import './runtime-flags.js';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startServer } from './app.js';
import { demoUsers, rosatomDemoOffice } from './demo/rosatom-office.js';
import { DEMO_DISPLAYS, loadDisplaySettings } from './displays/index.js';
import { isPresetId, presetOffice } from './settings/presets/index.js';

const { values } = parseArgs({
  options: {
    demo: { type: 'boolean', default: false },
    port: { type: 'string', default: process.env.TALON_PORT ?? '8080' },
    host: { type: 'string', default: process.env.TALON_HOST ?? '0.0.0.0' },
    data: { type: 'string', default: process.env.TALON_DATA ?? 'data' },
    'tick-ms': { type: 'string', default: '5000' },
    /** Norm preset of a new office (empty data folder): rosatom, kostroma, belgorod, rusenergosbyt. */
    preset: { type: 'string', default: process.env.TALON_PRESET ?? '' },
    'public-url': { type: 'string', default: process.env.TALON_PUBLIC_URL ?? '' },
    /** A ticket printer for every kiosk: tcp://HOST[:9100], serial:PATH[?baud=N] or usb:PATH (docs/printing.md). */
    printer: { type: 'string', default: process.env.TALON_PRINTER ?? '' },
    'printer-paper': { type: 'string', default: process.env.TALON_PRINTER_PAPER ?? '80' },
    /** Window LED displays: a JSON settings file (docs/window-display-protocol.md). */
    displays: { type: 'string', default: process.env.TALON_DISPLAYS ?? '' },
  },
});

const started = Date.now();
// The demo office receives visitors round the clock so that it can be tried at any hour.
const allDay = Object.fromEntries(
  ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [['00:00', '24:00']]]),
);
if (values.preset && !isPresetId(values.preset)) {
  console.error(`Unknown preset "${values.preset}": use rosatom, kostroma, belgorod or rusenergosbyt`);
  process.exit(2);
}
const hours = values.demo ? { receptionHours: allDay, officeHours: allDay } : {};
const demoConfig =
  values.preset && isPresetId(values.preset)
    ? presetOffice(values.preset, hours)
    : values.demo
      ? rosatomDemoOffice(hours)
      : undefined;

// The demo office gets in-memory window displays unless a settings file names real ones.
const windowDisplays = values.displays
  ? loadDisplaySettings(resolve(values.displays))
  : values.demo
    ? DEMO_DISPLAYS
    : undefined;

const server = await startServer({
  dataDir: resolve(values.data),
  port: Number(values.port),
  host: values.host,
  demo: values.demo,
  tickMs: Number(values['tick-ms']),
  ...(values['public-url'] ? { publicBaseUrl: values['public-url'] } : {}),
  ...(demoConfig ? { initialConfig: demoConfig } : {}),
  ...(windowDisplays ? { windowDisplays } : {}),
  printing: {
    // the demo prints on a virtual printer whose tickets the start page shows at /printer/
    // `--printer none`: no printer at all (kiosks show the number on screen; benchmarks of the core)
    virtualPrinter: values.demo && !values.printer,
    ...(values.printer && values.printer !== 'none'
      ? {
          printers: [
            {
              id: 'main',
              name: 'Принтер талонов',
              connection: values.printer,
              paperWidth: values['printer-paper'] === '58' ? 58 : 80,
            },
          ],
        }
      : {}),
  },
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
