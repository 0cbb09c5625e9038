import { boardConfigOf, boardPlace, type RecentCall } from '@talon/protocol';
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
import { useAnnouncements } from './announce/useAnnouncements.js';
import { callsFor, latestCalls, type WaitingCount, waitingCounts } from './calls.js';
import { receptionHoursText } from './hours.js';
import { InfoLine } from './InfoLine.js';
import { S } from './strings.js';

const BLINK_MS = 5000;
/**
 * socket.io notices a dead link within 4.5 s (server pings every 2 s, 2.5 s grace), so the board shows
 * the banner at once to keep its 5 s promise; a blip shorter than that is rare on an office LAN.
 */
const OFFLINE_BANNER_MS = 0;

/** Changes on every call and every recall of the same ticket. */
const callKey = (c: RecentCall) => `${c.ticketId}:${c.callCount}:${c.at}`;

export function Board({ token, onUnauthorized }: { token: string; onUnauthorized: () => void }) {
  // a periodic snapshot keeps the clock right even if the server's clock is moved
  const live = useLive('board', token, { onUnauthorized, refreshMs: 60_000 });
  const announcements = useAnnouncements(token);
  const { t, tr, lang } = useI18n();
  const state = live.state;
  const config = state?.config ?? null;
  const board = boardConfigOf(config);
  const place = useMemo(() => boardPlace(announcements.settings, config), [announcements.settings, config]);
  const recent = state?.recentCalls;
  const calls = useMemo(
    () => latestCalls(callsFor(recent ?? [], place), board.maxCalls),
    [recent, place, board.maxCalls],
  );
  const blinkKey = useBlink(calls[0], state !== null, live.offset);
  const layout = useLayout(announcements.settings?.layout ?? 'auto');
  useUnlockOnTouch(announcements.sound === 'blocked', announcements.unlock);
  const [latest, ...rest] = calls;

  const info = useMemo(() => {
    const lines = board.infoLines.map((l) => tr(l));
    if (config && board.showReceptionHours) lines.push(receptionHoursText(config.receptionHours, lang));
    return lines;
  }, [board.infoLines, board.showReceptionHours, config, tr, lang]);

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
    <div
      className={`board board-${layout}`}
      data-testid="board"
      data-layout={layout}
      data-sound={announcements.sound}
      data-zone={announcements.settings?.zoneId}
      data-playing={announcements.playing ?? undefined}
    >
      <ConnectionBanner connected={live.connected} delayMs={OFFLINE_BANNER_MS} />
      <header className="board-header">
        <div className="board-title">
          <div className="board-office" data-testid="board-office">
            {tr(config?.name) || t(S.appTitle)}
          </div>
          {place.zoneName && (
            <div className="board-zone" data-testid="board-zone">
              {tr(place.zoneName)}
            </div>
          )}
        </div>
        <BoardClock offset={live.offset} timeZone={config?.timeZone} />
      </header>
      {state?.liveQueue && <div className="board-notice">{t(S.liveQueue)}</div>}
      <div className="board-body">
        <main className="board-main">
          {latest && (
            <div className="board-columns" aria-hidden="true">
              <span>{t(S.ticket)}</span>
              <span>{t(S.window)}</span>
            </div>
          )}
          {main}
        </main>
        {state && config && board.showWaiting && <Waiting counts={waitingCounts(state)} />}
      </div>
      {announcements.sound === 'blocked' && (
        <button type="button" className="board-sound-prompt" data-testid="sound-prompt" onClick={announcements.unlock}>
          {t(S.soundBlocked)}
        </button>
      )}
      <InfoLine items={info} />
      <footer className="board-footer">
        <LangToggle />
        <HighContrastToggle />
      </footer>
    </div>
  );
}

function Waiting({ counts }: { counts: WaitingCount[] }) {
  const { t, tr } = useI18n();
  return (
    <aside className="board-waiting" data-testid="board-waiting">
      <h2 className="board-waiting-title">{t(S.waiting)}</h2>
      <ul>
        {counts.map((c) => (
          <li key={c.serviceId} data-testid="board-waiting-item" data-service={c.serviceId} data-count={c.count}>
            <span className="board-waiting-name">{tr(c.name)}</span>
            <span className="board-waiting-count">{c.count}</span>
          </li>
        ))}
      </ul>
    </aside>
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

/** `auto` follows the screen: 1920×1080 is landscape, 1080×1920 portrait. */
function useLayout(setting: 'auto' | 'landscape' | 'portrait'): 'landscape' | 'portrait' {
  const [portrait, setPortrait] = useState(() => window.matchMedia('(orientation: portrait)').matches);
  useEffect(() => {
    const mq = window.matchMedia('(orientation: portrait)');
    const on = () => setPortrait(mq.matches);
    mq.addEventListener('change', on);
    return () => mq.removeEventListener('change', on);
  }, []);
  if (setting !== 'auto') return setting;
  return portrait ? 'portrait' : 'landscape';
}

/** While the browser blocks sound, the first touch, click or key anywhere turns it on. */
function useUnlockOnTouch(blocked: boolean, unlock: () => void) {
  useEffect(() => {
    if (!blocked) return;
    const on = () => unlock();
    document.addEventListener('pointerdown', on);
    document.addEventListener('keydown', on);
    return () => {
      document.removeEventListener('pointerdown', on);
      document.removeEventListener('keydown', on);
    };
  }, [blocked, unlock]);
}

function BoardClock({ offset, timeZone }: { offset: number; timeZone: string | undefined }) {
  const { lang } = useI18n();
  const now = useServerNow(offset, 1000);
  return (
    <div className="board-clock">
      <time className="board-time" data-testid="board-clock">
        {formatTime(now, lang, timeZone)}
      </time>
      <span className="board-date" data-testid="board-date">
        {formatDate(now, lang, timeZone)}
      </span>
    </div>
  );
}
