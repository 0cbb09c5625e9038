import { useI18n } from '@talon/ui';
import { S } from './strings.js';

/** Digits on screen: the OS keyboard is unreliable in kiosk sessions, and account numbers are digits. */
export function Keypad({ onKey, extra }: { onKey: (k: string) => void; extra?: string }) {
  const { t } = useI18n();
  const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', extra ?? '', '0', '⌫'];
  return (
    <div className="keypad" data-testid="keypad">
      {keys.map((k, i) =>
        k === '' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: a fixed grid
          <span key={i} />
        ) : (
          <button
            key={k}
            type="button"
            className="keypad-key"
            data-testid={k === '⌫' ? 'keypad-erase' : `keypad-${k === '+' ? 'plus' : k}`}
            aria-label={k === '⌫' ? t(S.erase) : k}
            onClick={() => onKey(k)}
          >
            {k}
          </button>
        ),
      )}
    </div>
  );
}

const CODE_ROWS = ['1234567890', 'ABCDEFGHIJ', 'KLMNOPQRST', 'UVWXYZ'];

/**
 * Booking codes are Latin letters and digits (stored upper-case): ten keys a row, in alphabetical order
 * (easier to find for a visitor who does not type), «Очистить» and «⌫» after Z.
 */
export function CodeKeypad({ onKey }: { onKey: (k: string) => void }) {
  const { t } = useI18n();
  return (
    <div className="keypad keypad-code" data-testid="keypad">
      {CODE_ROWS.flatMap((row) => [...row]).map((k) => (
        <button
          key={k}
          type="button"
          className="keypad-key"
          data-testid={`keypad-${k}`}
          aria-label={k}
          onClick={() => onKey(k)}
        >
          {k}
        </button>
      ))}
      <button
        type="button"
        className="keypad-key keypad-wide keypad-word"
        data-testid="keypad-clear"
        onClick={() => onKey(CLEAR)}
      >
        {t(S.clear)}
      </button>
      <button
        type="button"
        className="keypad-key keypad-wide"
        data-testid="keypad-erase"
        aria-label={t(S.erase)}
        onClick={() => onKey('⌫')}
      >
        ⌫
      </button>
    </div>
  );
}

export const CLEAR = 'clear';

export const applyKey = (value: string, k: string, max: number) =>
  k === CLEAR ? '' : k === '⌫' ? value.slice(0, -1) : value.length >= max ? value : value + k;

/**
 * The character a key stands for in a booking code. A scanner is a keyboard, and with the Russian
 * layout on its «A» arrives as «ф»: a letter outside printable ASCII is taken from the physical key.
 */
export function codeCharOf(e: { key: string; code: string }): string | undefined {
  if (e.key.length !== 1) return undefined;
  if (/^[\x20-\x7e]$/.test(e.key)) return e.key.toUpperCase();
  const letter = /^Key([A-Z])$/.exec(e.code)?.[1];
  if (letter) return letter;
  return /^(?:Digit|Numpad)(\d)$/.exec(e.code)?.[1] ?? e.key.toUpperCase();
}
