import type { Pair } from '@talon/ui';

/**
 * The dispatch rule's bounds in plain words (issue 18): each office setting under `rules` that decides when a
 * waiting ticket goes before everyone, as the sentence a hall administrator reads, with `{n}` where its value
 * is edited. Another bound added to `Rules` gets its sentence here (and, for the predicted effect, a
 * parameter of GET /api/staffing/rules-whatif).
 */
export interface RuleSentence {
  key: 'rescueAfterNormTimes' | 'rescuePastNormMin';
  /** Split at {n}: the value's input stands there. */
  sentence: Pair;
  /** An optional setting can be switched off (absent in the configuration). */
  optional: boolean;
  off?: Pair;
  min: number;
  max: number;
  step: number;
  /** When a ticket with this norm is rescued under the value, in minutes of waiting. */
  rescueAt: (normMin: number, n: number) => number;
}

export const RULE_SENTENCES: RuleSentence[] = [
  {
    key: 'rescueAfterNormTimes',
    sentence: [
      'Талон, ожидающий в {n} раза дольше норматива своей услуги, вызывается раньше всех.',
      "A ticket waiting {n} times its service's wait norm is called before everyone.",
    ],
    optional: false,
    min: 1,
    max: 10,
    step: 0.5,
    rescueAt: (norm, n) => norm * n,
  },
  {
    key: 'rescuePastNormMin',
    sentence: [
      'Талон, ожидающий дольше норматива на {n} мин, вызывается раньше всех.',
      'A ticket waiting {n} min past its norm is called before everyone.',
    ],
    optional: true,
    off: [
      'Не действует: талон, вышедший за норматив, ждёт до предыдущего правила.',
      'Off: a ticket past its norm waits for the rule above.',
    ],
    min: 0,
    max: 120,
    step: 1,
    rescueAt: (norm, n) => norm + n,
  },
];
