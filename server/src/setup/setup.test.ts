import { CompleteSetupBody, type CompleteSetupInput, NORM_PRESET_IDS } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import { rosatomDemoOffice } from '../demo/rosatom-office.js';
import { PRESETS } from '../settings/presets/index.js';
import { buildConfig, setupBaseUrl, setupPresets } from './setup.js';

const week = { mon: [['08:00', '18:00']], tue: [['08:00', '18:00']] } as Record<string, [string, string][]>;

function body(over: Partial<CompleteSetupInput> = {}) {
  return CompleteSetupBody.parse({
    token: 't',
    office: { name: { ru: 'ЦОК' }, timeZone: 'Europe/Moscow' },
    norms: { kind: 'preset', preset: 'belgorod' },
    hall: { windows: [3, 1], cabinets: [2], officeHours: week, receptionHours: week },
    admin: { login: 'admin1', name: 'Админ', password: 'password12' },
    ...over,
  });
}

describe('the office the wizard describes', () => {
  it('is the preset office with the chosen windows, cabinets, hours, name and zone, one operator place per window', () => {
    const r = buildConfig(body());
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    const c = r.value;
    expect(c.normPreset).toBe('belgorod');
    expect(c.services).toEqual(PRESETS.belgorod.services);
    expect(c.topics.map((t) => t.id)).toEqual(PRESETS.belgorod.topics.map((t) => t.id));
    expect(c.windows).toEqual([
      { id: 'w3', number: 3, hallId: 'main', kind: 'window' },
      { id: 'w1', number: 1, hallId: 'main', kind: 'window' },
      { id: 'c2', number: 2, hallId: 'main', kind: 'cabinet' },
    ]);
    expect(c.operators.map((o) => o.id)).toEqual(['op1', 'op2', 'op3']);
    expect(c.operators[0]?.skills).toEqual(PRESETS.belgorod.services.map((s) => s.id));
    expect(c.officeHours).toEqual(week);
    expect(c.name).toEqual({ ru: 'ЦОК', en: 'ЦОК' });
    expect(c.officeId).toMatch(/^office-[0-9a-f]{8}$/);
    expect(c.address).toBeUndefined();
  });

  it('refuses a zone the IANA database does not know, by its path', () => {
    const r = buildConfig(body({ office: { name: { ru: 'ЦОК' }, timeZone: 'Moscow/Kremlin' } }));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'office.timeZone' }] });
  });

  it('takes a file as it is, with the name, address and zone of the first step', () => {
    const { hall: _h, ...rest } = body();
    const file = rosatomDemoOffice();
    const r = buildConfig({
      ...rest,
      office: { name: { ru: 'Новый', en: 'New' }, address: 'ул. Мира, 1', timeZone: 'Asia/Omsk' },
      norms: { kind: 'file', config: file },
    });
    if (!r.ok) throw new Error(JSON.stringify(r.error));
    expect(r.value).toEqual({
      ...file,
      name: { ru: 'Новый', en: 'New' },
      address: 'ул. Мира, 1',
      timeZone: 'Asia/Omsk',
    });
  });

  it('the body schema refuses a preset without windows and hours, and a file with them', () => {
    const { hall: _h, ...noHall } = body();
    expect(CompleteSetupBody.safeParse(noHall).success).toBe(false);
    expect(
      CompleteSetupBody.safeParse({ ...body(), norms: { kind: 'file', config: rosatomDemoOffice() } }).success,
    ).toBe(false);
  });
});

describe('the wizard’s presets and the link', () => {
  it('offers the four presets with their norms and the preset office as defaults', () => {
    const ps = setupPresets();
    expect(ps.map((p) => p.id)).toEqual([...NORM_PRESET_IDS]);
    for (const p of ps) {
      expect(p.services.length).toBeGreaterThan(0);
      expect(p.defaults.windows.length).toBeGreaterThan(0);
      expect(Object.keys(p.defaults.receptionHours).length).toBeGreaterThan(0);
    }
    expect(ps.find((p) => p.id === 'rosatom')?.totalNormMin).toBe(33);
  });

  it('points at the address the server listens on; a wildcard bind becomes a LAN address or localhost', () => {
    expect(setupBaseUrl('192.168.1.10', 8080)).toBe('http://192.168.1.10:8080');
    expect(setupBaseUrl(undefined, 9300)).toBe('http://127.0.0.1:9300');
    expect(setupBaseUrl('::1', 80)).toBe('http://[::1]:80');
    expect(setupBaseUrl('0.0.0.0', 8080)).toMatch(/^http:\/\/(\d+\.\d+\.\d+\.\d+|localhost):8080$/);
  });
});
