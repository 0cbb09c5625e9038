import { Service } from '@talon/protocol';
import { describe, expect, it } from 'vitest';
import {
  announcementSegments,
  displayText,
  isPause,
  letterSegments,
  naturalNumber,
  numberValue,
  speechText,
  ticketDigits,
} from './grammar.js';
import { LETTER_NAMES, NUMBER_WORDS, VOICE_SEGMENTS } from './inventory.js';

const ALL = Array.from({ length: 1000 }, (_, n) => n);
const pad3 = (n: number) => String(n).padStart(3, '0');
const say = (segments: string[]) => speechText(segments);
const magnitude = (id: string) => {
  const n = Number(id.slice(1));
  return n >= 100 ? 3 : n >= 20 ? 2 : 1;
};

/** Every letter `Service.prefix` accepts, found by asking the schema itself. */
const PREFIX_LETTERS = [
  ...Array.from({ length: 32 }, (_, i) => String.fromCharCode(0x410 + i)),
  'Ё',
  ...Array.from({ length: 26 }, (_, i) => String.fromCharCode(0x41 + i)),
].filter((ch) => Service.shape.prefix.safeParse(ch).success);

describe('numbers 0–999, natural style', () => {
  it('adds up to the number for every value, largest part first, at most one word per place', () => {
    for (const n of ALL) {
      const segs = naturalNumber(n);
      expect(numberValue(segs), `${n}`).toBe(n);
      const places = segs.map(magnitude);
      expect(places, `${n}: ${segs}`).toEqual([...places].sort((a, b) => b - a));
      expect(new Set(places).size, `${n}: one word per place`).toBe(places.length);
      // «ноль» only for zero itself; «десять…девятнадцать» only when the last two digits are 10–19
      expect(segs.includes('n0'), `${n}`).toBe(n === 0);
      const teen = segs.some((s) => Number(s.slice(1)) >= 10 && Number(s.slice(1)) <= 19);
      expect(teen, `${n}`).toBe(n % 100 >= 10 && n % 100 <= 19);
      for (const s of segs) expect(NUMBER_WORDS[Number(s.slice(1))], s).toBeDefined();
    }
  });

  it('reads like Russian', () => {
    expect(say(naturalNumber(0))).toBe('Ноль');
    expect(say(naturalNumber(7))).toBe('Семь');
    expect(say(naturalNumber(12))).toBe('Двенадцать');
    expect(say(naturalNumber(40))).toBe('Сорок');
    expect(say(naturalNumber(101))).toBe('Сто один');
    expect(say(naturalNumber(112))).toBe('Сто двенадцать');
    expect(say(naturalNumber(120))).toBe('Сто двадцать');
    expect(say(naturalNumber(200))).toBe('Двести');
    expect(say(naturalNumber(345))).toBe('Триста сорок пять');
    expect(say(naturalNumber(999))).toBe('Девятьсот девяносто девять');
  });

  it('refuses what is not 0–999', () => {
    for (const bad of [-1, 1000, 1.5, Number.NaN]) expect(() => naturalNumber(bad)).toThrow(RangeError);
  });
});

describe('ticket digits in each style, over 000–999', () => {
  it('natural: the printed zeros are not said', () => {
    for (const n of ALL) expect(ticketDigits(pad3(n), 'natural')).toEqual(naturalNumber(n));
    expect(say(ticketDigits('012', 'natural'))).toBe('Двенадцать');
  });

  it('leading-zeros: each printed leading zero is said, then the number', () => {
    for (const n of ALL) {
      const digits = pad3(n);
      const segs = ticketDigits(digits, 'leading-zeros');
      const zeros = n === 0 ? 2 : (/^0*/.exec(digits)?.[0].length ?? 0);
      expect(segs.slice(0, zeros), digits).toEqual(Array(zeros).fill('n0'));
      expect(segs.slice(zeros), digits).toEqual(naturalNumber(n));
    }
    expect(say(ticketDigits('012', 'leading-zeros'))).toBe('Ноль двенадцать');
    expect(say(ticketDigits('005', 'leading-zeros'))).toBe('Ноль ноль пять');
    expect(say(ticketDigits('112', 'leading-zeros'))).toBe('Сто двенадцать');
  });

  it('digits: one word per printed digit', () => {
    for (const n of ALL) {
      const digits = pad3(n);
      expect(ticketDigits(digits, 'digits')).toEqual([...digits].map((d) => `n${d}`));
    }
    expect(say(ticketDigits('012', 'digits'))).toBe('Ноль один два');
  });

  it('refuses what is not a printed number', () => {
    expect(() => ticketDigits('1234', 'natural')).toThrow(RangeError);
    expect(() => ticketDigits('1a', 'digits')).toThrow(RangeError);
  });
});

describe('prefix letters', () => {
  it('covers every letter the configuration accepts (А–Я, Ё, A–Z)', () => {
    expect(PREFIX_LETTERS).toHaveLength(33 + 26);
    for (const ch of PREFIX_LETTERS) {
      const [id, ...more] = letterSegments(ch);
      expect(more, ch).toEqual([]);
      expect(LETTER_NAMES[id as string], ch).toBeDefined();
    }
  });

  it('says letters as sounds, never the bare consonant a speech engine reads as «бы»', () => {
    const name = (ch: string) => say(letterSegments(ch)).toLowerCase();
    expect(name('А')).toBe('а');
    expect(name('Б')).toBe('бэ');
    expect(name('В')).toBe('вэ');
    expect(name('Г')).toBe('гэ');
    expect(name('К')).toBe('ка');
    expect(name('Л')).toBe('эль');
    expect(name('Й')).toBe('и краткое');
    expect(name('Щ')).toBe('ща');
    const vowels = new Set([...'АЕЁИОУЫЭЮЯ']);
    for (const ch of PREFIX_LETTERS.filter((c) => /[А-ЯЁ]/.test(c) && !vowels.has(c)))
      expect(name(ch).length, `${ch} → ${name(ch)}`).toBeGreaterThan(1);
  });

  it('says a Latin look-alike as the Cyrillic letter a visitor sees', () => {
    expect(letterSegments('B')).toEqual(letterSegments('В'));
    expect(letterSegments('H')).toEqual(letterSegments('Н'));
    expect(letterSegments('P')).toEqual(letterSegments('Р'));
    expect(say(letterSegments('W'))).toBe('Дубль-вэ');
  });
});

describe('a whole announcement', () => {
  const opts = { numberStyle: 'natural' as const, chime: true, sayNumberWord: false };

  it('chime, «талон», letter, number, pause, «окно», window number', () => {
    const segs = announcementSegments({ number: 'К-012', windowKind: 'window', windowNumber: 3 }, opts);
    expect(segs).toEqual(['chime', '_p350', 'talon', 'letter-ka', 'n12', '_p300', 'window', 'n3']);
    expect(say(segs)).toBe('Талон ка двенадцать, окно три');
    expect(displayText({ number: 'К-012', windowKind: 'window', windowNumber: 3 })).toBe('Талон К-012, окно 3');
  });

  it('follows the number style, «кабинет», «номер» and the chime switch', () => {
    const call = { number: 'Б-112', windowKind: 'cabinet' as const, windowNumber: 101 };
    expect(say(announcementSegments(call, { ...opts, numberStyle: 'leading-zeros' }))).toBe(
      'Талон бэ сто двенадцать, кабинет сто один',
    );
    const segs = announcementSegments(
      { number: 'К-012', windowKind: 'window', windowNumber: 12 },
      { numberStyle: 'leading-zeros', chime: false, sayNumberWord: true },
    );
    expect(segs[0]).toBe('talon');
    expect(say(segs)).toBe('Талон ка ноль двенадцать, окно номер двенадцать');
    expect(
      say(
        announcementSegments(
          { number: 'О-005', windowKind: 'window', windowNumber: 2 },
          { ...opts, numberStyle: 'digits' },
        ),
      ),
    ).toBe('Талон о ноль ноль пять, окно два');
  });

  it('says walk-in numbers with two letters', () => {
    expect(say(announcementSegments({ number: 'БТ-001', windowKind: 'window', windowNumber: 1 }, opts))).toBe(
      'Талон бэ тэ один, окно один',
    );
  });

  it('uses only segments the voice library has, for every letter, number and style', () => {
    const library = new Set(VOICE_SEGMENTS.map((s) => s.id));
    for (const style of ['natural', 'leading-zeros', 'digits'] as const)
      for (const ch of PREFIX_LETTERS)
        for (const n of [0, 1, 9, 10, 19, 20, 99, 100, 110, 999]) {
          const segs = announcementSegments(
            { number: `${ch}-${pad3(n)}`, windowKind: n % 2 ? 'cabinet' : 'window', windowNumber: Math.max(1, n) },
            { numberStyle: style, chime: true, sayNumberWord: true },
          );
          for (const id of segs) expect(isPause(id) || library.has(id), id).toBe(true);
        }
  });

  it('refuses a number it cannot say instead of saying something else', () => {
    expect(() => announcementSegments({ number: 'Ж12', windowKind: 'window', windowNumber: 1 }, opts)).not.toThrow();
    expect(() => announcementSegments({ number: '№-012', windowKind: 'window', windowNumber: 1 }, opts)).toThrow(
      RangeError,
    );
    expect(() => announcementSegments({ number: 'К-012', windowKind: 'window', windowNumber: 1000 }, opts)).toThrow(
      RangeError,
    );
  });
});
