import type { NumberStyle } from '@talon/protocol';
import { CHIME, LETTER_SEGMENT, NUMBER_WORDS, numberSegmentId, segmentText } from './inventory.js';

/** A pause of `ms` milliseconds in a segment list. */
export const pause = (ms: number) => `_p${ms}`;
export const isPause = (id: string) => /^_p\d{1,4}$/.test(id);
export const pauseMs = (id: string) => (isPause(id) ? Number(id.slice(2)) : 0);

/** After the chime, before the words. */
export const CHIME_PAUSE_MS = 350;
/** The comma between the ticket and the window. */
export const COMMA_PAUSE_MS = 300;

/**
 * A number 0–999 as said aloud: «сто двенадцать» = [n100, n12]. Cardinal numbers after a noun
 * («окно три», «кабинет сто один») keep the nominative form, so no gender or case agreement arises.
 */
export function naturalNumber(n: number): string[] {
  if (!Number.isInteger(n) || n < 0 || n > 999) throw new RangeError(`number out of range 0–999: ${n}`);
  if (n === 0) return [numberSegmentId(0)];
  const out: string[] = [];
  const hundreds = Math.floor(n / 100) * 100;
  const rest = n % 100;
  if (hundreds > 0) out.push(numberSegmentId(hundreds));
  if (rest >= 20) {
    out.push(numberSegmentId(Math.floor(rest / 10) * 10));
    if (rest % 10 > 0) out.push(numberSegmentId(rest % 10));
  } else if (rest > 0) out.push(numberSegmentId(rest));
  return out;
}

/**
 * The digits of a ticket number in the configured style. `digits` is the string as printed
 * («012»): `leading-zeros` says each leading zero («ноль двенадцать»), `digits` says every digit.
 */
export function ticketDigits(digits: string, style: NumberStyle): string[] {
  if (!/^\d{1,3}$/.test(digits)) throw new RangeError(`not a ticket number: ${digits}`);
  const n = Number(digits);
  if (style === 'digits') return [...digits].map((d) => numberSegmentId(Number(d)));
  if (style === 'natural') return naturalNumber(n);
  const zeros = /^0*/.exec(digits)?.[0].length ?? 0;
  const lead = Array.from({ length: Math.min(zeros, digits.length - 1) }, () => numberSegmentId(0));
  return [...lead, ...naturalNumber(n)];
}

export function letterSegments(letters: string): string[] {
  return [...letters.toUpperCase()].map((ch) => {
    const id = LETTER_SEGMENT[ch];
    if (!id) throw new RangeError(`no spoken name for the letter «${ch}»`);
    return id;
  });
}

/** «К-012» → letters «К», digits «012»; «БТ-001» (walk-ins) works the same way. */
export function parseTicketNumber(number: string): { letters: string; digits: string } {
  const m = /^([^\d\s-]*)-?(\d{1,3})$/.exec(number.trim());
  if (!m) throw new RangeError(`not a ticket number: ${number}`);
  return { letters: m[1] ?? '', digits: m[2] ?? '' };
}

export interface CallSpec {
  number: string;
  windowKind: 'window' | 'cabinet';
  windowNumber: number;
}

export interface SpeechOptions {
  numberStyle: NumberStyle;
  chime: boolean;
  sayNumberWord: boolean;
}

/** chime · «талон» · letters · digits · comma · «окно»/«кабинет» · («номер») · window number. */
export function announcementSegments(call: CallSpec, opts: SpeechOptions): string[] {
  const { letters, digits } = parseTicketNumber(call.number);
  return [
    ...(opts.chime ? [CHIME, pause(CHIME_PAUSE_MS)] : []),
    'talon',
    ...letterSegments(letters),
    ...ticketDigits(digits, opts.numberStyle),
    pause(COMMA_PAUSE_MS),
    call.windowKind === 'cabinet' ? 'cabinet' : 'window',
    ...(opts.sayNumberWord ? ['number'] : []),
    ...naturalNumber(call.windowNumber),
  ];
}

/** What the segments say, as text: «Талон ка ноль двенадцать, окно три». */
export function speechText(segments: readonly string[]): string {
  let out = '';
  for (const id of segments) {
    if (id === CHIME) continue;
    if (isPause(id)) {
      if (pauseMs(id) >= COMMA_PAUSE_MS && out) out += ',';
      continue;
    }
    const text = segmentText(id);
    if (text === undefined) throw new RangeError(`unknown voice segment ${id}`);
    out += out ? ` ${text}` : text;
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

/** The written form: «Талон К-012, окно 3». */
export function displayText(call: CallSpec): string {
  return `Талон ${call.number}, ${call.windowKind === 'cabinet' ? 'кабинет' : 'окно'} ${call.windowNumber}`;
}

/** The value a list of number segments adds up to (for tests and sanity checks). */
export function numberValue(segments: readonly string[]): number {
  let sum = 0;
  for (const id of segments) {
    const n = Number(id.slice(1));
    if (!id.startsWith('n') || !(n in NUMBER_WORDS)) throw new RangeError(`not a number segment: ${id}`);
    sum += n;
  }
  return sum;
}
