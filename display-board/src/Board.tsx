import { boardConfigOf, boardPlace, type RecentCall, type Ticket } from '@talon/protocol';
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
import { type ReactNode, type RefObject, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useAnnouncements } from './announce/useAnnouncements.js';
import {
  type BoardCall,
  boardSections,
  callKey,
  callsFor,
  latestCalls,
  type WaitingCount,
  waitingCounts,
} from './calls.js';
import { fitGrid, type GridFit, type RowShape, rowEm } from './fit.js';
import { receptionHoursText } from './hours.js';
import { InfoLine } from './InfoLine.js';
import { S } from './strings.js';

/**
 * socket.io notices a dead link within 4.5 s (server pings every 2 s, 2.5 s grace), so the board shows
 * the banner at once to keep its 5 s promise; a blip shorter than that is rare on an office LAN.
 */
const OFFLINE_BANNER_MS = 0;
/** Every call the engine keeps (20) is considered; the sections decide what is shown. */
const ALL_CALLS = 100;

export function Board({ token, onUnauthorized }: { token: string; onUnauthorized: (refused: string) => void }) {
  // a periodic snapshot keeps the clock right even if the server's clock is moved
  const live = useLive('board', token, { onUnauthorized, refreshMs: 60_000 });
  const announcements = useAnnouncements(token);
  const { t, tr, lang } = useI18n();
  const state = live.state;
  const config = state?.config ?? null;
  const board = boardConfigOf(config);
  const place = useMemo(() => boardPlace(announcements.settings, config), [announcements.settings, config]);
  const recent = state?.recentCalls;
  const calls = useMemo(() => latestCalls(callsFor(recent ?? [], place), ALL_CALLS), [recent, place]);
  const seen = useCallTimes(calls, state?.tickets ?? null, live.snapshotAt, live.offset);
  const [tick, setTick] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick re-evaluates when a call stops being new, stops blinking or leaves
  const sections = useMemo(
    () =>
      boardSections(calls, {
        now: Date.now(),
        arrivedAt: seen.arrivedAt,
        endedAt: seen.endedAt,
        withdrawn: seen.withdrawn,
        announcements: announcements.recent,
        maxCalls: board.maxCalls,
      }),
    [calls, seen, announcements.recent, board.maxCalls, tick],
  );
  useEffect(() => {
    if (!Number.isFinite(sections.nextChange)) return;
    const id = setTimeout(() => setTick((n) => n + 1), Math.max(0, sections.nextChange - Date.now()) + 20);
    return () => clearTimeout(id);
  }, [sections.nextChange]);
  const layout = useLayout(announcements.settings?.layout ?? 'auto');
  useUnlockOnTouch(announcements.sound === 'blocked', announcements.unlock);
  const latestKey = calls[0] ? callKey(calls[0]) : null;

  const info = useMemo(() => {
    const lines = board.infoLines.map((l) => tr(l));
    if (config && board.showReceptionHours) lines.push(receptionHoursText(config.receptionHours, lang));
    return lines;
  }, [board.infoLines, board.showReceptionHours, config, tr, lang]);

  const shown = sections.now.length + sections.earlier.length;
  let main: ReactNode;
  if (!state) main = <p className="board-empty">{t(S.connecting)}</p>;
  else if (!config) main = <p className="board-empty">{t(S.notConfigured)}</p>;
  else if (shown === 0)
    main = (
      <p className="board-empty" data-testid="board-empty">
        {t(S.noCalls)}
      </p>
    );
  else {
    main = (
      <>
        <CallSection kind="now" title={t(S.nowCalling)} rows={sections.now} latestKey={latestKey} layout={layout} />
        {sections.earlier.length > 0 && (
          <CallSection
            kind="earlier"
            title={t(S.earlier)}
            rows={sections.earlier}
            latestKey={latestKey}
            layout={layout}
          />
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
      <header className="board-header" data-testid="board-header">
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
        <main className="board-main" data-testid="board-main">
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

/** Largest font of a row, in vmin: a lone new call is not blown up past readability, earlier ones stay smaller. */
const MAX_FONT_VMIN = { now: 24, earlier: 6.5 } as const;
/** Gap between rows and columns, in vmin. */
const GAP_VMIN = 1.4;

/**
 * The calls of one section — «now» (large: being announced or just called) or «earlier» (smaller,
 * dimmer) — in the grid that gives them the largest font that fits the section's box.
 */
function CallSection({
  kind,
  title,
  rows,
  latestKey,
  layout,
}: {
  kind: 'now' | 'earlier';
  title: string;
  rows: BoardCall[];
  latestKey: string | null;
  layout: 'landscape' | 'portrait';
}) {
  const windowLabel = useWindowLabel();
  const bodyRef = useRef<HTMLDivElement>(null);
  const box = useSize(bodyRef);
  const vmin = Math.min(box.vw, box.vh) / 100;
  const labels = rows.map((r) => windowLabel(r.call.windowKind, r.call.windowNumber));
  const numberChars = Math.max(0, ...rows.map((r) => r.call.number.length));
  const windowChars = Math.max(0, ...labels.map((l) => l.length));
  const gap = Math.round(GAP_VMIN * vmin);
  const maxFont = MAX_FONT_VMIN[kind] * vmin;
  const fit = (shape: RowShape): GridFit =>
    fitGrid(rows.length, box, rowEm(shape, numberChars, windowChars), gap, maxFont, layout === 'portrait' ? 2 : 3);
  let shape: RowShape = 'inline';
  let grid = fit('inline');
  if (kind === 'now') {
    // the number over its window: a larger number, a smaller window; taken when it reads better overall
    const stacked = fit('stacked');
    if (stacked.font * Math.sqrt(0.6) > grid.font) {
      shape = 'stacked';
      grid = stacked;
    }
  }
  return (
    <section className={`board-section board-section-${kind}`} data-testid={`board-${kind}`} data-count={rows.length}>
      <h2 className="board-section-title" data-testid={`board-${kind}-title`}>
        {title}
      </h2>
      <div className="board-section-body" ref={bodyRef}>
        {rows.length === 0 ? (
          <p className="board-section-empty">{kind === 'now' ? <NowEmpty /> : null}</p>
        ) : (
          <ol
            className="board-calls"
            aria-live={kind === 'now' ? 'assertive' : undefined}
            style={{
              gap,
              gridTemplateColumns: `repeat(${grid.cols}, minmax(0, 1fr))`,
              gridTemplateRows: `repeat(${grid.rows}, auto)`,
              fontSize: grid.font > 0 ? grid.font : undefined,
            }}
          >
            {rows.map((r, i) => (
              <CallRow
                key={r.call.ticketId}
                row={r}
                label={labels[i] ?? ''}
                section={kind}
                shape={shape}
                latest={r.key === latestKey}
              />
            ))}
          </ol>
        )}
      </div>
    </section>
  );
}

function NowEmpty() {
  const { t } = useI18n();
  return <>{t(S.noCalls)}</>;
}

function CallRow({
  row,
  label,
  section,
  shape,
  latest,
}: {
  row: BoardCall;
  label: string;
  section: 'now' | 'earlier';
  shape: RowShape;
  latest: boolean;
}) {
  const { call } = row;
  const cls = ['board-call', `board-call-${section}`];
  if (shape === 'stacked') cls.push('board-call-stacked');
  if (row.blinking) cls.push('blinking');
  if (row.playing) cls.push('board-call-playing');
  return (
    <li
      className={cls.join(' ')}
      data-testid="board-call"
      data-number={call.number}
      data-window={call.windowNumber}
      data-section={section}
      data-new={row.isNew || undefined}
      data-announcing={row.announcing || undefined}
      data-latest={latest || undefined}
      data-blinking={row.blinking || undefined}
    >
      <span className="board-number" data-testid="board-number">
        {call.number}
      </span>
      <span className="board-arrow" aria-hidden="true">
        →
      </span>
      <span className="board-window" data-testid="board-window">
        {label}
      </span>
    </li>
  );
}

/** The box of an element (and of the viewport), kept current; measured before the first paint. */
function useSize(ref: RefObject<HTMLElement | null>): { width: number; height: number; vw: number; vh: number } {
  const [size, setSize] = useState(() => ({
    width: 0,
    height: 0,
    vw: window.innerWidth,
    vh: window.innerHeight,
  }));
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const r = el.getBoundingClientRect();
      setSize((s) =>
        s.width === r.width && s.height === r.height && s.vw === window.innerWidth && s.vh === window.innerHeight
          ? s
          : { width: r.width, height: r.height, vw: window.innerWidth, vh: window.innerHeight },
      );
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    window.addEventListener('resize', measure);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [ref]);
  return size;
}

/**
 * When the board got each call (local clock) and saw each visit end. A call that comes as an event is
 * stamped when it arrives; one found in a snapshot (start, reconnect) is dated by the server's clock,
 * so a call made an hour ago is not new after a reload. A visit already over in a snapshot is taken
 * to have ended at its call.
 */
function useCallTimes(
  calls: readonly RecentCall[],
  tickets: Readonly<Record<string, Pick<Ticket, 'status'>>> | null,
  snapshotAt: number,
  offset: number,
) {
  const arrivals = useRef(new Map<string, number>());
  const ended = useRef(new Map<string, number>());
  const lastSnapshot = useRef(-1);
  return useMemo(() => {
    const now = Date.now();
    const fromSnapshot = snapshotAt !== lastSnapshot.current;
    lastSnapshot.current = snapshotAt;
    const keys = new Set<string>();
    const ids = new Set<string>();
    for (const c of calls) {
      const key = callKey(c);
      keys.add(key);
      ids.add(c.ticketId);
      let arrived = arrivals.current.get(key);
      const unknown = arrived === undefined;
      if (arrived === undefined) {
        arrived = fromSnapshot ? Math.min(now, c.at - offset) : now;
        arrivals.current.set(key, arrived);
      }
      if (tickets && !(c.ticketId in tickets) && !ended.current.has(c.ticketId))
        ended.current.set(c.ticketId, fromSnapshot && unknown ? arrived : now);
    }
    for (const k of arrivals.current.keys()) if (!keys.has(k)) arrivals.current.delete(k);
    for (const id of ended.current.keys()) if (!ids.has(id)) ended.current.delete(id);
    const a = new Map(arrivals.current);
    const e = new Map(ended.current);
    return {
      arrivedAt: (key: string) => a.get(key) ?? now,
      endedAt: (id: string) => e.get(id),
      withdrawn: (id: string) => {
        const status = tickets?.[id]?.status;
        return status === 'waiting' || status === 'postponed';
      },
    };
  }, [calls, tickets, snapshotAt, offset]);
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
