import type { OfficeRow } from '@talon/protocol';
import { useI18n } from '@talon/ui';
import { count, duration } from '../format.js';
import { S } from '../strings.js';

/** An office's link in a few words: «на связи», «отставание 4 мин», «нет связи 12 мин», and a badge for incidents. */
export function SyncCell({ row, now }: { row: OfficeRow; now: number }) {
  const { t, lang } = useI18n();
  const s = row.sync;
  const open = s.attention.length;
  let state: 'ok' | 'lag' | 'lost' | 'never';
  let text: string;
  if (row.keyRevoked) {
    state = 'lost';
    text = t(S.keyRevoked);
  } else if (s.connected) {
    const lagging = s.lagSec !== null && s.lagSec >= 60;
    state = lagging ? 'lag' : 'ok';
    text = lagging ? t(S.lag, { t: duration(s.lagSec, lang) }) : t(S.linkOk);
  } else if (s.lastSeenAt === null) {
    state = 'never';
    text = t(S.linkNever);
  } else {
    state = 'lost';
    text = t(S.linkLost, { t: duration((now - s.lastSeenAt) / 1000, lang) });
  }
  return (
    <span className={`sync sync-${state}`} data-testid="sync" data-state={state}>
      <span className="sync-dot" aria-hidden="true" />
      <span className="sync-text">
        <span className="sync-state">{text}</span>
        {s.backlog > 0 && (
          <span className="sync-backlog muted" data-testid="sync-backlog">
            {' · '}
            {t(S.backlog, { n: count(s.backlog, lang) })}
          </span>
        )}
      </span>
      {open > 0 && (
        <span className="badge badge-danger" data-testid="attention" title={t(S.attentionHint)}>
          {t(S.attention, { n: open })}
        </span>
      )}
    </span>
  );
}
