import { COMMON, formatTime, HighContrastToggle, LangToggle, useI18n, useServerNow } from '@talon/ui';
import { type ReactNode, useEffect, useLayoutEffect, useRef } from 'react';
import { LargeTextToggle } from './large-text.js';
import { SpeechToggle } from './speech.js';
import { useWholeWords } from './whole-words.js';

interface FrameProps {
  /** Changes with every step: each new screen opens at its top, wherever the last one was left. */
  stepKey: string;
  officeName: string;
  offset: number;
  timeZone: string | undefined;
  /** Shown as «Назад» in the footer when set. */
  onBack: (() => void) | undefined;
  backDisabled?: boolean;
  /** Above the header (the connection banner). */
  banner?: ReactNode;
  /** «Позвать сотрудника», in the header of every screen. */
  help?: ReactNode;
  children: ReactNode;
}

/** Kiosk page: office name and clock on top, the step in the middle, back and toggles at the bottom. */
export function Frame({
  stepKey,
  officeName,
  offset,
  timeZone,
  onBack,
  backDisabled,
  banner,
  help,
  children,
}: FrameProps) {
  const { t } = useI18n();
  const main = useRef<HTMLElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the step is the reason to scroll back
  useLayoutEffect(() => {
    if (main.current) main.current.scrollTop = 0;
    document.scrollingElement?.scrollTo(0, 0);
  }, [stepKey]);
  useWholeWords(main);
  return (
    <div className="app-kiosk kiosk">
      {banner}
      <header className="kiosk-header">
        <div className="kiosk-office">{officeName}</div>
        <div className="kiosk-header-end">
          {help}
          <Clock offset={offset} timeZone={timeZone} />
        </div>
      </header>
      <main className="kiosk-main" ref={main}>
        {children}
      </main>
      <footer className="kiosk-footer">
        {onBack ? (
          <button type="button" className="btn kiosk-back" data-testid="back" onClick={onBack} disabled={backDisabled}>
            <span aria-hidden="true">←</span> {t(COMMON.back)}
          </button>
        ) : (
          <span />
        )}
        <div className="kiosk-toggles">
          <LangToggle className="kiosk-toggle" />
          <LargeTextToggle className="kiosk-toggle" />
          <SpeechToggle className="kiosk-toggle" />
          <HighContrastToggle className="kiosk-toggle" />
        </div>
      </footer>
    </div>
  );
}

function Clock({ offset, timeZone }: { offset: number; timeZone: string | undefined }) {
  const { lang } = useI18n();
  const now = useServerNow(offset, 1000);
  return <div className="kiosk-clock">{formatTime(now, lang, timeZone)}</div>;
}

const ACTIVITY = ['pointerdown', 'keydown', 'touchstart'] as const;

/** Calls `onIdle` after `ms` without a touch or key. Mount it with a `key` per step to restart the count. */
export function IdleReset({ ms, onIdle }: { ms: number; onIdle: () => void }) {
  const onIdleRef = useRef(onIdle);
  onIdleRef.current = onIdle;
  useEffect(() => {
    let id = setTimeout(() => onIdleRef.current(), ms);
    const bump = () => {
      clearTimeout(id);
      id = setTimeout(() => onIdleRef.current(), ms);
    };
    for (const e of ACTIVITY) window.addEventListener(e, bump, { passive: true });
    return () => {
      clearTimeout(id);
      for (const e of ACTIVITY) window.removeEventListener(e, bump);
    };
  }, [ms]);
  return null;
}
