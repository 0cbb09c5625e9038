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

export const applyKey = (value: string, k: string, max: number) =>
  k === '⌫' ? value.slice(0, -1) : value.length >= max ? value : value + k;
