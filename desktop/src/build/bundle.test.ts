import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleShell } from './bundle.js';

const DESKTOP = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const ROOT = resolve(DESKTOP, '..');
const out = mkdtempSync(join(tmpdir(), 'talon-shell-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('the packaged shell', () => {
  it('bundles to ESM main + CommonJS preload with only electron and Node built-ins outside', async () => {
    const { main, preload } = await bundleShell(out);
    const inputs = [...Object.keys(main.inputs), ...Object.keys(preload.inputs)];
    // No native module may reach Electron: no .node files, no serialport / SQLite / printer code.
    expect(inputs.filter((f) => /\.node$|serialport|better-sqlite3|bindings|thermal-printer/.test(f))).toEqual([]);
    const imports = (m: typeof main) =>
      [
        ...new Set(Object.values(m.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path))),
      ].sort();
    expect(imports(main)).toEqual(['electron', 'node:fs', 'node:os', 'node:path', 'node:url']);
    expect(imports(preload)).toEqual(['electron']);
    expect(readFileSync(join(out, 'preload.cjs'), 'utf8')).toMatch(/require\("electron"\)/);
    expect(readFileSync(join(out, 'main.js'), 'utf8')).toMatch(/from "electron"/);
  });

  it('electron-builder.yml passes electron-builder’s own schema and targets AppImage, deb and NSIS', async () => {
    const require = createRequire(import.meta.url);
    const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
    // validateConfiguration only asks its logger whether it is enabled.
    const quiet = { isEnabled: false, add() {} };
    const config = await getConfig(DESKTOP, join(ROOT, 'electron-builder.yml'), null);
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.electronVersion).toBe(
      JSON.parse(readFileSync(join(DESKTOP, 'package.json'), 'utf8')).devDependencies.electron,
    );
    expect(config.npmRebuild).toBe(false);
    expect(config.files).toEqual([{ filter: ['dist/main.js', 'dist/preload.cjs', 'static/**/*', 'package.json'] }]);
    // A wrong option is caught, so the check above can fail.
    await expect(validateConfiguration({ ...config, linx: {} }, quiet)).rejects.toThrow(/linx/);
  });
});
