import { useI18n } from '@talon/ui';
import { useState } from 'react';
import { S } from './strings.js';

const KEY = 'talon.kiosk.largeText';
const CLASS = 'kiosk-large';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function initLargeText(): void {
  document.documentElement.classList.toggle(CLASS, stored());
}

/** Large text for visitors who see poorly; combines with high contrast. */
export function LargeTextToggle({ className }: { className?: string }) {
  const { t } = useI18n();
  const [on, setOn] = useState(() => document.documentElement.classList.contains(CLASS));
  return (
    <button
      type="button"
      className={`toggle ${className ?? ''}`}
      data-testid="large-text-toggle"
      aria-pressed={on}
      onClick={() => {
        document.documentElement.classList.toggle(CLASS, !on);
        try {
          localStorage.setItem(KEY, on ? '0' : '1');
        } catch {
          // storage unavailable: the mode lasts for this page
        }
        setOn(!on);
      }}
    >
      <span aria-hidden="true">Aa</span> {t(on ? S.largeTextOff : S.largeTextOn)}
    </button>
  );
}
