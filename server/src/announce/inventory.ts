/**
 * The voice library: every recorded segment an announcement is built from. The id is the file name
 * (`server/assets/voice/ru/<id>.wav`); the text is what the recording says, and what the generator
 * script feeds to the speech engine. A voice actor's recordings replace the files one for one.
 */
export interface VoiceSegment {
  id: string;
  /** Russian text of the recording; the chime has none. */
  text: string;
  kind: 'chime' | 'word' | 'number' | 'letter';
}

/** 0–19, the tens and the hundreds: every number 0–999 is at most three of these. */
export const NUMBER_WORDS: Readonly<Record<number, string>> = {
  0: 'ноль',
  1: 'один',
  2: 'два',
  3: 'три',
  4: 'четыре',
  5: 'пять',
  6: 'шесть',
  7: 'семь',
  8: 'восемь',
  9: 'девять',
  10: 'десять',
  11: 'одиннадцать',
  12: 'двенадцать',
  13: 'тринадцать',
  14: 'четырнадцать',
  15: 'пятнадцать',
  16: 'шестнадцать',
  17: 'семнадцать',
  18: 'восемнадцать',
  19: 'девятнадцать',
  20: 'двадцать',
  30: 'тридцать',
  40: 'сорок',
  50: 'пятьдесят',
  60: 'шестьдесят',
  70: 'семьдесят',
  80: 'восемьдесят',
  90: 'девяносто',
  100: 'сто',
  200: 'двести',
  300: 'триста',
  400: 'четыреста',
  500: 'пятьсот',
  600: 'шестьсот',
  700: 'семьсот',
  800: 'восемьсот',
  900: 'девятьсот',
};

export const numberSegmentId = (n: number) => `n${n}`;

/**
 * Letter names as they are spoken, keyed by segment id. Letters are said as sounds («бэ», «вэ»),
 * never left to a speech engine, which reads a lone «Б» as «бы».
 */
export const LETTER_NAMES: Readonly<Record<string, string>> = {
  'letter-a': 'а',
  'letter-be': 'бэ',
  'letter-ve': 'вэ',
  'letter-ge': 'гэ',
  'letter-de': 'дэ',
  'letter-ye': 'е',
  'letter-yo': 'ё',
  'letter-zhe': 'жэ',
  'letter-ze': 'зэ',
  'letter-i': 'и',
  'letter-i-kratkoye': 'и краткое',
  'letter-ka': 'ка',
  'letter-el': 'эль',
  'letter-em': 'эм',
  'letter-en': 'эн',
  'letter-o': 'о',
  'letter-pe': 'пэ',
  'letter-er': 'эр',
  'letter-es': 'эс',
  'letter-te': 'тэ',
  'letter-u': 'у',
  'letter-ef': 'эф',
  'letter-kha': 'ха',
  'letter-tse': 'цэ',
  'letter-che': 'че',
  'letter-sha': 'ша',
  'letter-shcha': 'ща',
  'letter-tvyordy-znak': 'твёрдый знак',
  'letter-y': 'ы',
  'letter-myagky-znak': 'мягкий знак',
  'letter-e': 'э',
  'letter-yu': 'ю',
  'letter-ya': 'я',
  // Latin letters without a Cyrillic look-alike, by their usual Russian names.
  'letter-zhi': 'жи',
  'letter-ku': 'ку',
  'letter-dubl-ve': 'дубль-вэ',
  'letter-zet': 'зэт',
};

/** Every prefix letter a service may have (`Service.prefix`: А–Я, Ё, A–Z) → its segment. */
export const LETTER_SEGMENT: Readonly<Record<string, string>> = {
  А: 'letter-a',
  Б: 'letter-be',
  В: 'letter-ve',
  Г: 'letter-ge',
  Д: 'letter-de',
  Е: 'letter-ye',
  Ё: 'letter-yo',
  Ж: 'letter-zhe',
  З: 'letter-ze',
  И: 'letter-i',
  Й: 'letter-i-kratkoye',
  К: 'letter-ka',
  Л: 'letter-el',
  М: 'letter-em',
  Н: 'letter-en',
  О: 'letter-o',
  П: 'letter-pe',
  Р: 'letter-er',
  С: 'letter-es',
  Т: 'letter-te',
  У: 'letter-u',
  Ф: 'letter-ef',
  Х: 'letter-kha',
  Ц: 'letter-tse',
  Ч: 'letter-che',
  Ш: 'letter-sha',
  Щ: 'letter-shcha',
  Ъ: 'letter-tvyordy-znak',
  Ы: 'letter-y',
  Ь: 'letter-myagky-znak',
  Э: 'letter-e',
  Ю: 'letter-yu',
  Я: 'letter-ya',
  // A Latin letter that looks like a Cyrillic one is said as the letter the visitor sees on the
  // ticket and the board (a printed «B» reads as «вэ» in a Russian office, not «бэ»).
  A: 'letter-a',
  B: 'letter-ve',
  C: 'letter-es',
  E: 'letter-ye',
  H: 'letter-en',
  K: 'letter-ka',
  M: 'letter-em',
  O: 'letter-o',
  P: 'letter-er',
  T: 'letter-te',
  X: 'letter-kha',
  Y: 'letter-u',
  D: 'letter-de',
  F: 'letter-ef',
  G: 'letter-ge',
  I: 'letter-i',
  J: 'letter-zhi',
  L: 'letter-el',
  N: 'letter-en',
  Q: 'letter-ku',
  R: 'letter-er',
  S: 'letter-es',
  U: 'letter-u',
  V: 'letter-ve',
  W: 'letter-dubl-ve',
  Z: 'letter-zet',
};

export const WORDS: Readonly<Record<string, string>> = {
  talon: 'талон',
  window: 'окно',
  cabinet: 'кабинет',
  number: 'номер',
  // the kiosk's «Ваш талон ка двенадцать» (kiosk-voice.ts)
  your: 'ваш',
};

export const CHIME = 'chime';

export const VOICE_SEGMENTS: readonly VoiceSegment[] = [
  { id: CHIME, text: '', kind: 'chime' },
  ...Object.entries(WORDS).map(([id, text]) => ({ id, text, kind: 'word' as const })),
  ...Object.entries(NUMBER_WORDS).map(([n, text]) => ({
    id: numberSegmentId(Number(n)),
    text,
    kind: 'number' as const,
  })),
  ...Object.entries(LETTER_NAMES).map(([id, text]) => ({ id, text, kind: 'letter' as const })),
];

const TEXT_OF = new Map(VOICE_SEGMENTS.map((s) => [s.id, s.text]));

/** The Russian text of a segment; undefined for a pause or an unknown id. */
export function segmentText(id: string): string | undefined {
  return TEXT_OF.get(id);
}
