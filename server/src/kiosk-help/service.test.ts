import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock.js';
import { KioskHelp } from './service.js';

const MIN = 60_000;

function setup() {
  const clock = new VirtualClock(Date.parse('2026-11-26T07:00:00Z'));
  let changes = 0;
  const help = new KioskHelp({ clock, onChange: () => changes++ });
  return { clock, help, changes: () => changes };
}

describe('calls for help from the kiosks', () => {
  it('one open call per kiosk: pressing again changes nothing, choosing an individual category raises it', () => {
    const { help, changes } = setup();
    const first = help.call('k1', 'Киоск у входа', 'button');
    expect(help.call('k1', 'Киоск у входа', 'button')).toBe(first);
    expect(changes()).toBe(1);
    help.call('k1', 'Киоск у входа', 'individual');
    expect(help.status('k1')?.reason).toBe('individual');
    expect(help.conditions(0)).toMatchObject([
      { key: 'kiosk-help:k1', kind: 'kiosk-help', severity: 'critical', subject: { deviceName: 'Киоск у входа' } },
    ]);
    // the wording names the kiosk, never a category
    expect(help.conditions(0)[0]?.message.ru).toBe(
      'Киоск «Киоск у входа»: посетителю нужно индивидуальное обслуживание, подойдите',
    );
    help.call('k2', 'Киоск у окна', 'button');
    expect(help.list().map((r) => r.deviceId)).toEqual(['k1', 'k2']);
  });

  it('«Иду» records who and gives the call ten more minutes; «Готово» ends it', () => {
    const { clock, help } = setup();
    const r = help.call('k1', 'Киоск', 'button');
    clock.advance(14 * MIN);
    expect(help.coming(r.id, 'Администратор зала')).toMatchObject({
      acknowledgedBy: 'Администратор зала',
      acknowledgedAt: clock.now(),
      expiresAt: clock.now() + 10 * MIN,
    });
    clock.advance(9 * MIN);
    expect(help.status('k1')).not.toBeNull();
    expect(help.resolve(r.id)?.id).toBe(r.id);
    expect(help.status('k1')).toBeNull();
    expect(help.resolve(r.id)).toBeNull();
    expect(help.coming(r.id, 'x')).toBeNull();
  });

  it('an unanswered call ends after fifteen minutes and its alarm condition with it', () => {
    const { clock, help } = setup();
    help.call('k1', 'Киоск', 'button');
    clock.advance(15 * MIN - 1);
    expect(help.conditions(clock.now())).toHaveLength(1);
    clock.advance(1);
    expect(help.conditions(clock.now())).toEqual([]);
    expect(help.status('k1')).toBeNull();
  });

  it('an acknowledged alarm of the kiosk is «Иду»; other alarms are not', () => {
    const { help } = setup();
    help.call('k1', 'Киоск', 'button');
    const alarm = {
      id: 1,
      key: 'kiosk-help:k1',
      kind: 'kiosk-help' as const,
      severity: 'warning' as const,
      subject: { deviceId: 'k1' },
      message: { ru: '', en: '' },
      raisedAt: 0,
      escalatedAt: null,
      clearedAt: null,
      acknowledgedAt: 1,
      acknowledgedBy: 'А',
    };
    help.acknowledged({ ...alarm, kind: 'device-offline' }, 'Б');
    expect(help.status('k1')?.acknowledgedBy).toBeNull();
    help.acknowledged(alarm, 'Администратор зала');
    expect(help.status('k1')?.acknowledgedBy).toBe('Администратор зала');
  });
});
