import { type ReactNode, useState } from 'react';

export interface DisplayMode {
  /** Apply the stored mode before the first render (call from main.tsx). */
  init(): void;
  isOn(): boolean;
  set(on: boolean): void;
}

/** A page-wide display mode — a class on <html> — remembered on this device: high contrast, large text. */
export function displayMode(storageKey: string, className: string): DisplayMode {
  const root = () => document.documentElement;
  const stored = () => {
    try {
      return localStorage.getItem(storageKey) === '1';
    } catch {
      return false;
    }
  };
  return {
    init: () => {
      root().classList.toggle(className, stored());
    },
    isOn: () => root().classList.contains(className),
    set(on) {
      root().classList.toggle(className, on);
      try {
        localStorage.setItem(storageKey, on ? '1' : '0');
      } catch {
        // storage unavailable: the mode lasts for this page
      }
    },
  };
}

/** The button that switches a display mode: pressed while on, its label says what a touch does. */
export function ModeToggle({
  mode,
  icon,
  label,
  testId,
  className,
}: {
  mode: DisplayMode;
  icon: ReactNode;
  label: (on: boolean) => string;
  testId: string;
  className?: string | undefined;
}) {
  const [on, setOn] = useState(mode.isOn);
  return (
    <button
      type="button"
      className={`toggle ${className ?? ''}`}
      data-testid={testId}
      aria-pressed={on}
      onClick={() => {
        mode.set(!on);
        setOn(!on);
      }}
    >
      <span aria-hidden="true" translate="no" className="toggle-icon">
        {icon}
      </span>{' '}
      {label(on)}
    </button>
  );
}
