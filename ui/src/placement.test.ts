import {
  BoardConfig,
  BoardDeviceSettings,
  boardAnnounces,
  boardPlace,
  type OfficeConfig,
  placeShows,
} from '@talon/protocol';
import { describe, expect, it } from 'vitest';

// Only what the placement rule reads: the halls and the board zones.
const config = {
  halls: [
    { id: 'main', name: { ru: 'Главный зал', en: 'Main hall' } },
    { id: 'north', name: { ru: 'Северный зал', en: 'North hall' } },
  ],
  board: BoardConfig.parse({
    zones: [
      { id: 'cash', name: { ru: 'Касса', en: 'Cash desk' }, hallId: 'north', windowIds: ['w7', 'w8'] },
      { id: 'front', name: { ru: 'У входа', en: 'Entrance' }, hallId: 'main', windowIds: ['w1'] },
    ],
  }),
} as unknown as OfficeConfig;

const settings = (s: Partial<BoardDeviceSettings> = {}) => BoardDeviceSettings.parse(s);
const call = (hallId: string, windowId: string) => ({ hallId, windowId });

describe('board placement (one rule for what a board shows and what it speaks)', () => {
  it('puts a board with no settings in the first hall, every window', () => {
    const place = boardPlace(settings(), config);
    expect(place).toEqual({ hallId: 'main', zoneWindows: null, zoneName: null });
    expect(placeShows(place, call('main', 'w1'))).toBe(true);
    expect(placeShows(place, call('main', 'w2'))).toBe(true);
    expect(placeShows(place, call('north', 'w7'))).toBe(false);
    // before the settings arrive the board uses the same default
    expect(boardPlace(null, config)).toEqual(place);
  });

  it('follows the hall set for it', () => {
    const place = boardPlace(settings({ hallId: 'north' }), config);
    expect(place.hallId).toBe('north');
    expect(placeShows(place, call('north', 'w9'))).toBe(true);
    expect(placeShows(place, call('main', 'w1'))).toBe(false);
  });

  it("narrows a zone board to the zone's windows, in the zone's hall", () => {
    const place = boardPlace(settings({ zoneId: 'cash' }), config);
    expect(place.hallId).toBe('north');
    expect(place.zoneName?.ru).toBe('Касса');
    expect([...(place.zoneWindows ?? [])]).toEqual(['w7', 'w8']);
    expect(placeShows(place, call('north', 'w7'))).toBe(true);
    expect(placeShows(place, call('north', 'w9'))).toBe(false);
    // a window of the same id in another hall is not the zone's
    expect(placeShows(place, call('main', 'w7'))).toBe(false);
  });

  it('ignores a zone the configuration no longer has', () => {
    const place = boardPlace(settings({ zoneId: 'gone' }), config);
    expect(place).toEqual({ hallId: 'main', zoneWindows: null, zoneName: null });
  });

  it('shows nothing without a configuration', () => {
    const place = boardPlace(settings(), null);
    expect(place.hallId).toBeUndefined();
    expect(placeShows(place, call('main', 'w1'))).toBe(false);
    expect(boardAnnounces(settings(), null, call('main', 'w1'))).toBe(false);
  });

  it('a board with sound off shows the call but does not speak it', () => {
    const quiet = settings({ sound: false });
    expect(placeShows(boardPlace(quiet, config), call('main', 'w1'))).toBe(true);
    expect(boardAnnounces(quiet, config, call('main', 'w1'))).toBe(false);
    expect(boardAnnounces(settings(), config, call('main', 'w1'))).toBe(true);
  });

  it('several boards: each call is spoken by exactly the boards that show it with sound on', () => {
    const boards = {
      hall: settings(),
      front: settings({ zoneId: 'front' }),
      cash: settings({ zoneId: 'cash' }),
      north: settings({ hallId: 'north' }),
      mutedNorth: settings({ hallId: 'north', sound: false }),
    };
    const speakers = (c: { hallId: string; windowId: string }) =>
      Object.entries(boards)
        .filter(([, s]) => boardAnnounces(s, config, c))
        .map(([name]) => name);
    const showers = (c: { hallId: string; windowId: string }) =>
      Object.entries(boards)
        .filter(([, s]) => placeShows(boardPlace(s, config), c))
        .map(([name]) => name);
    expect(speakers(call('main', 'w1'))).toEqual(['hall', 'front']);
    expect(speakers(call('main', 'w2'))).toEqual(['hall']);
    expect(speakers(call('north', 'w7'))).toEqual(['cash', 'north']);
    expect(showers(call('north', 'w7'))).toEqual(['cash', 'north', 'mutedNorth']);
    expect(speakers(call('north', 'w9'))).toEqual(['north']);
  });
});
