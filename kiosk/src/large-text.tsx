import { displayMode, ModeToggle, useI18n } from '@talon/ui';
import { S } from './strings.js';

const largeText = displayMode('talon.kiosk.largeText', 'kiosk-large');

export const initLargeText = largeText.init;

/** Large text for visitors who see poorly; combines with high contrast. */
export function LargeTextToggle({ className }: { className?: string }) {
  const { t } = useI18n();
  return (
    <ModeToggle
      mode={largeText}
      icon="Aa"
      label={(on) => t(on ? S.largeTextOff : S.largeTextOn)}
      testId="large-text-toggle"
      className={className}
    />
  );
}
