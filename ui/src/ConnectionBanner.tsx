import { useEffect, useState } from 'react';
import { COMMON, useI18n } from './i18n.js';

/** True once `flag` has held for `ms` (hides sub-second blips; still well inside the 5 s promise). */
export function useHeld(flag: boolean, ms: number): boolean {
  const [held, setHeld] = useState(false);
  useEffect(() => {
    if (!flag) {
      setHeld(false);
      return;
    }
    const id = setTimeout(() => setHeld(true), ms);
    return () => clearTimeout(id);
  }, [flag, ms]);
  return held;
}

/** A plain, always-on-top banner while the server is unreachable; it goes away by itself on reconnect. */
export function ConnectionBanner({ connected, delayMs = 1000 }: { connected: boolean; delayMs?: number }) {
  const { t } = useI18n();
  const show = useHeld(!connected, delayMs);
  if (!show) return null;
  return (
    <div className="connection-banner" role="alert" data-testid="connection-banner">
      <span className="connection-banner-dot" aria-hidden="true" />
      {t(COMMON.offline)}
    </div>
  );
}
