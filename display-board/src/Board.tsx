import type { RecentCall } from '@talon/protocol';
import {
  ConnectionBanner,
  formatDate,
  formatTime,
  HighContrastToggle,
  LangToggle,
  useI18n,
  useLive,
  useServerNow,
  useWindowLabel,
} from '@talon/ui';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import { S } from './strings.js';

const MAX_CALLS = 8;
const BLINK_MS = 5000;

/** Newest first, one row per ticket (a recall or a second call moves it to the top), at most `max`. */
export function latestCalls(recent: readonly RecentCall[], max: number): RecentCall[] {
  const out: RecentCall[] = [];
  const seen = new Set<string>();
  for (let i = recent.length - 1; i >= 0 && out.length < max; i--) {
    const c = recent[i];
    if (!c || seen.has(c.ticketId)) continue;
    seen.add(c.ticketId);
    out.push(c);
  }
  return out;
}

/** Changes on every call and every recall of the same ticket. */
const callKey = (c: RecentCall) => `${c.ticketId}:${c.callCount}:${c.at}`;

export function Board({ token, onUnauthorized }: { token: string; onUnauthorized: () => void }) {
  // a periodic snapshot keeps the clock right even if the server's clock is moved
  const live = useLive('board', token, { onUnauthorized, refreshMs: 60_000 });
  const { t, tr } = useI18n();
  const state = live.state;
  const config = state?.config ?? null;
  const recent = state?.recentCalls;
  const calls = useMemo(() => latestCalls(recent ?? [], MAX_CALLS), [recent]);
  const blinkKey = useBlink(calls[0], state !== null, live.offset);
  const [latest, ...rest] = calls;

  let main: ReactNode;
  if (!state) main = <p className="board-empty">{t(S.connecting)}</p>;
  else if (!config) main = <p className="board-empty">{t(S.notConfigured)}</p>;
  else if (!latest) main = <p className="board-empty">{t(S.noCalls)}</p>;
  else {
    main = (
      <>
        <ol className="board-latest" aria-live="assertive">
          <CallRow call={latest} latest blinking={blinkKey === callKey(latest)} key={callKey(latest)} />
        </ol>
        {rest.length > 0 && (
          <ol className="board-list">
            {rest.map((c) => (
              <CallRow call={c} key={c.ticketId} />
            ))}
          </ol>
        )}
      </>
    );
  }

  return (
    <div className="board">
      <ConnectionBanner connected={live.connected} />
      <header className="board-header">
        <div className="board-office">{tr(config?.name) || t(S.appTitle)}</div>
        <BoardClock offset={live.offset} timeZone={config?.timeZone} />
      </header>
      {state?.liveQueue && <div className="board-notice">{t(S.liveQueue)}</div>}
      <main className="board-main">{main}</main>
      <footer className="board-footer">
        <LangToggle />
        <HighContrastToggle />
      </footer>
    </div>
  );
}

function CallRow({
  call,
  latest = false,
  blinking = false,
}: {
  call: RecentCall;
  latest?: boolean;
  blinking?: boolean;
}) {
  const windowLabel = useWindowLabel();
  return (
    <li
      className={`board-call${latest ? ' board-call-latest' : ''}${blinking ? ' blinking' : ''}`}
      data-testid="board-call"
      data-number={call.number}
      data-window={call.windowNumber}
      data-latest={latest || undefined}
      data-blinking={blinking || undefined}
    >
      <span className="board-number">{call.number}</span>
      <span className="board-arrow" aria-hidden="true">
        →
      </span>
      <span className="board-window">{windowLabel(call.windowKind, call.windowNumber)}</span>
    </li>
  );
}

/**
 * The key of the newest call while it should blink: 5 s from its arrival, and again on every recall.
 * On the first snapshot only a call younger than 5 s (by the server's clock) blinks, for what is left.
 */
function useBlink(newest: RecentCall | undefined, loaded: boolean, offset: number): string | null {
  const [blinking, setBlinking] = useState<string | null>(null);
  const firstLoad = useRef(true);
  const offsetRef = useRef(offset);
  offsetRef.current = offset;
  const key = newest ? callKey(newest) : null;
  const at = newest?.at ?? 0;
  useEffect(() => {
    if (!loaded) return;
    const initial = firstLoad.current;
    firstLoad.current = false;
    if (!key) return;
    const age = Date.now() + offsetRef.current - at;
    const ms = initial ? Math.min(BLINK_MS, BLINK_MS - age) : BLINK_MS;
    if (ms <= 0) return;
    setBlinking(key);
    const id = setTimeout(() => setBlinking((k) => (k === key ? null : k)), ms);
    return () => clearTimeout(id);
  }, [key, at, loaded]);
  return blinking;
}

function BoardClock({ offset, timeZone }: { offset: number; timeZone: string | undefined }) {
  const { lang } = useI18n();
  const now = useServerNow(offset, 1000);
  return (
    <div className="board-clock">
      <time className="board-time" data-testid="board-clock">
        {formatTime(now, lang, timeZone)}
      </time>
      <span className="board-date">{formatDate(now, lang, timeZone)}</span>
    </div>
  );
}
