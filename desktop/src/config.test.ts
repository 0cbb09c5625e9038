import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configCandidates, loadShellConfig, parseShellConfig } from './config.js';

describe('shell config file', () => {
  it('fills defaults for a minimal file', () => {
    const r = parseShellConfig('{ "serverUrl": "http://192.168.1.10:8080", "role": "board" }');
    expect(r).toEqual({
      ok: true,
      config: {
        serverUrl: 'http://192.168.1.10:8080',
        role: 'board',
        query: {},
        kiosk: true,
        devTools: false,
        zoom: 1,
        unresponsiveGraceSec: 20,
        retryFirstSec: 2,
        retryMaxSec: 30,
      },
    });
  });

  it('the example file in the repository is valid', () => {
    const text = readFileSync(new URL('../desktop.example.json', import.meta.url), 'utf8');
    expect(parseShellConfig(text)).toMatchObject({ ok: true, config: { role: 'board', kiosk: true } });
  });

  it('refuses what would open the shell up, naming the field', () => {
    const bad = (o: unknown) => {
      const r = parseShellConfig(JSON.stringify(o));
      return r.ok ? [] : r.problems;
    };
    expect(bad({ serverUrl: 'file:///etc/passwd', role: 'kiosk' })[0]).toMatch(/^serverUrl: /);
    expect(bad({ serverUrl: 'javascript:alert(1)', role: 'kiosk' })[0]).toMatch(/^serverUrl: /);
    expect(bad({ serverUrl: 'http://admin:secret@10.0.0.1', role: 'kiosk' })[0]).toMatch(/user name or password/);
    expect(bad({ serverUrl: 'http://10.0.0.1', role: 'printer' })[0]).toMatch(/^role: /);
    expect(bad({ serverUrl: 'http://10.0.0.1', role: 'kiosk', nodeIntegration: true })[0]).toMatch(/nodeIntegration/);
    expect(bad({ serverUrl: 'http://10.0.0.1', role: 'board', query: { 'a b': 'x' } })).toHaveLength(1);
    expect(bad({ serverUrl: 'http://10.0.0.1', role: 'board', retryFirstSec: 60, retryMaxSec: 10 })).toHaveLength(1);
    const notJson = parseShellConfig('{ serverUrl: ');
    expect(notJson.ok || notJson.problems[0]).toMatch(/^not JSON/);
  });
});

describe('where the config file is looked for', () => {
  it('Linux: flag, environment, user file, then /etc', () => {
    expect(
      configCandidates({
        platform: 'linux',
        env: { TALON_DESKTOP_CONFIG: '/srv/talon.json' },
        argv: ['talon-desktop', '--config=/media/usb/desktop.json'],
        home: '/home/kiosk',
      }),
    ).toEqual([
      '/media/usb/desktop.json',
      '/srv/talon.json',
      '/home/kiosk/.config/talon/desktop.json',
      '/etc/talon/desktop.json',
    ]);
    expect(
      configCandidates({ platform: 'linux', env: { XDG_CONFIG_HOME: '/cfg' }, argv: [], home: '/home/k' })[0],
    ).toBe('/cfg/talon/desktop.json');
  });

  it('Windows: %APPDATA% then %PROGRAMDATA%', () => {
    expect(
      configCandidates({
        platform: 'win32',
        env: { APPDATA: 'C:\\Users\\kiosk\\AppData\\Roaming', PROGRAMDATA: 'C:\\ProgramData' },
        argv: [],
        home: 'C:\\Users\\kiosk',
      }),
    ).toEqual(['C:\\Users\\kiosk\\AppData\\Roaming\\Talon\\desktop.json', 'C:\\ProgramData\\Talon\\desktop.json']);
  });

  it('the first existing file wins; a broken one is reported rather than skipped', () => {
    const env = { platform: 'linux' as const, env: {}, argv: [], home: '/home/k' };
    const files: Record<string, string> = {
      '/etc/talon/desktop.json': '{ "serverUrl": "http://10.0.0.5:8080", "role": "kiosk" }',
    };
    const read = (p: string) => files[p] ?? null;
    expect(loadShellConfig(env, read)).toMatchObject({ ok: true, path: '/etc/talon/desktop.json' });
    files['/home/k/.config/talon/desktop.json'] = '{ "serverUrl": "http://10.0.0.5:8080" }';
    expect(loadShellConfig(env, read)).toMatchObject({
      ok: false,
      path: '/home/k/.config/talon/desktop.json',
      problems: [expect.stringMatching(/^role: /)],
    });
    expect(loadShellConfig(env, () => null)).toMatchObject({
      ok: false,
      path: null,
      searched: ['/home/k/.config/talon/desktop.json', '/etc/talon/desktop.json'],
    });
  });
});
