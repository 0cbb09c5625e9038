import type { Alarm } from '@talon/protocol';
import { ConnectionBanner, formatTime, useI18n, useServerNow } from '@talon/ui';
import type { ReactNode } from 'react';
import { AlarmBar } from '../alarms/AlarmBar.js';
import type { AdminFeed } from '../feed.js';
import { MonitorPage } from '../monitor/MonitorPage.js';
import { S } from '../strings.js';

/**
 * The hall in large type for a wall monitor: office, clock, alarms, services and windows. An
 * administrator's session may acknowledge alarms and leave the mode; a paired wall screen only shows.
 */
export function WallScreen({
  feed,
  tones,
  onAck,
  onExit,
  onOpenAlarms,
  ackError,
  action,
}: {
  feed: AdminFeed;
  tones: number;
  onAck?: (a: Alarm) => void;
  onExit?: () => void;
  onOpenAlarms?: () => void;
  ackError?: string | null;
  /** A button of the header's own (a paired wall screen's «Включить звук тревог»). */
  action?: ReactNode;
}) {
  const { t, tr, lang } = useI18n();
  const now = useServerNow(feed.offset, 1000);
  const zone = feed.monitor?.office?.timeZone;
  return (
    <div className="admin admin-wall" data-testid="wall" data-device={onExit ? undefined : 'wall'}>
      <ConnectionBanner connected={feed.connected} />
      <header className="wall-header">
        <h1>{tr(feed.monitor?.office?.name)}</h1>
        {action}
        <span className="wall-clock">{formatTime(now, lang, zone)}</span>
        {onExit && (
          <button type="button" className="toggle" data-testid="wall-exit" onClick={onExit}>
            {t(S.wallExit)}
          </button>
        )}
      </header>
      <AlarmBar
        alarms={feed.alarms}
        tones={tones}
        {...(onAck ? { onAck } : {})}
        {...(onOpenAlarms ? { onOpen: onOpenAlarms } : {})}
        error={ackError ?? null}
        large
      />
      <MonitorPage monitor={feed.monitor} now={now} wall />
    </div>
  );
}
