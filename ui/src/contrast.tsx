import { useState } from 'react';
import { COMMON, useI18n } from './i18n.js';

const KEY = 'talon.highContrast';
const CLASS = 'high-contrast';

function stored(): boolean {
  try {
    return localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

/** Apply the stored contrast mode before the first render (call from main.tsx). */
export function initHighContrast(): void {
  document.documentElement.classList.toggle(CLASS, stored());
}

export function setHighContrast(on: boolean): void {
  document.documentElement.classList.toggle(CLASS, on);
  try {
    localStorage.setItem(KEY, on ? '1' : '0');
  } catch {
    // storage unavailable: the mode lasts for this page
  }
}

export function HighContrastToggle({ className }: { className?: string }) {
  const { t } = useI18n();
  const [on, setOn] = useState(() => document.documentElement.classList.contains(CLASS));
  return (
    <button
      type="button"
      className={`toggle ${className ?? ''}`}
      data-testid="contrast-toggle"
      aria-pressed={on}
      onClick={() => {
        setHighContrast(!on);
        setOn(!on);
      }}
    >
      <span aria-hidden="true" className="toggle-icon">
        ◐
      </span>{' '}
      {t(on ? COMMON.contrastOff : COMMON.contrastOn)}
    </button>
  );
}
