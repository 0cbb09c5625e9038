import { displayMode, ModeToggle } from './display-mode.js';
import { COMMON, useI18n } from './i18n.js';

const contrast = displayMode('talon.highContrast', 'high-contrast');

/** Apply the stored contrast mode before the first render (call from main.tsx). */
export const initHighContrast = contrast.init;
export const setHighContrast = contrast.set;

export function HighContrastToggle({ className }: { className?: string }) {
  const { t } = useI18n();
  return (
    <ModeToggle
      mode={contrast}
      icon="◐"
      label={(on) => t(on ? COMMON.contrastOff : COMMON.contrastOn)}
      testId="contrast-toggle"
      className={className}
    />
  );
}
