import {
  type DeviceFigures,
  deviceRoleName,
  type MonitorSnapshot,
  type ServiceFigures,
  type WindowFigures,
} from '@talon/protocol';
import { formatElapsed, formatTime, type Pair, useI18n, useWindowLabel } from '@talon/ui';
import { HallActions } from '../outages/HallActions.js';
import { PAPER_NAMES, PRINTER_STATES, S } from '../strings.js';
import { HqPanel } from './HqPanel.js';

const STATUS: Record<WindowFigures['status'], Pair> = {
  closed: S.closed,
  'logged-out': S.loggedOut,
  ready: S.ready,
  serving: S.serving,
  break: S.break,
  'wrap-up': S.wrapUp,
};

/** The hall at a glance: queues against their norms, windows, devices. Times tick on from the push. */
export function MonitorPage({
  monitor,
  now,
  wall,
  hqToken,
}: {
  monitor: MonitorSnapshot | null;
  now: number;
  wall?: boolean;
  /** A configuration administrator's session: the head-office panel offers to connect. */
  hqToken?: string | undefined;
}) {
  const { t } = useI18n();
  if (!monitor) return <p className="muted page">{t(S.loading)}</p>;
  const drift = Math.max(0, now - monitor.at);
  const waiting = monitor.services.reduce((n, s) => n + s.waiting, 0);
  const over = monitor.services.reduce((n, s) => n + s.overNorm.length, 0);
  const atWork = monitor.windows.filter((w) => ['ready', 'serving', 'wrap-up'].includes(w.status)).length;
  return (
    <div className={`page monitor ${wall ? 'monitor-wall' : ''}`} data-testid="monitor">
      <div className="chips">
        <span className={`chip ${monitor.receptionOpen ? 'ok' : ''}`} data-testid="reception-state">
          {t(monitor.receptionOpen ? S.receptionOpen : S.receptionClosed)}
        </span>
        {monitor.liveQueue && <span className="chip danger">{t(S.liveQueue)}</span>}
        <span className="chip" data-testid="total-waiting" data-count={waiting}>
          {t(S.waitingTotal)}: <strong>{waiting}</strong>
        </span>
        <span className={`chip ${over > 0 ? 'danger' : ''}`} data-testid="total-over" data-count={over}>
          {t(S.overNormTotal)}: <strong>{over}</strong>
        </span>
        <span className={`chip ${atWork === 0 && monitor.receptionOpen ? 'danger' : ''}`}>
          {t(S.atWork)}: <strong>{atWork}</strong>
        </span>
      </div>
      <HallActions monitor={monitor} now={now} {...(wall ? { wall } : {})} />
      <Services services={monitor.services} drift={drift} />
      <Windows windows={monitor.windows} now={now} />
      {!wall && <Devices devices={monitor.devices} now={now} timeZone={monitor.office?.timeZone} />}
      {!wall && monitor.hq && (monitor.hq.configured || hqToken) && (
        <HqPanel hq={monitor.hq} now={now} timeZone={monitor.office?.timeZone} token={hqToken} />
      )}
    </div>
  );
}

function Services({ services, drift }: { services: ServiceFigures[]; drift: number }) {
  const { t, tr } = useI18n();
  const driftMin = drift / 60000;
  return (
    <section className="card panel">
      <h2>{t(S.services)}</h2>
      <table className="grid services">
        <thead>
          <tr>
            <th>{t(S.service)}</th>
            <th className="num">{t(S.waiting)}</th>
            <th>{t(S.longestWait)}</th>
            <th>{t(S.overNorm)}</th>
            <th>{t(S.soon)}</th>
            <th className="num">{t(S.operators)}</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => {
            const longest = s.longest ? s.longest.waitMin + driftMin : 0;
            const share = s.waitNormMin > 0 ? Math.min(1.5, longest / s.waitNormMin) : 0;
            const level = longest >= s.waitNormMin ? 'over' : s.soon.length > 0 ? 'soon' : 'ok';
            return (
              <tr key={s.serviceId} data-testid="svc-row" data-service={s.serviceId} className={`level-${level}`}>
                <td>
                  <span className="prefix" translate="no">
                    {s.prefix}
                  </span>{' '}
                  {tr(s.name)}
                </td>
                <td className="num big" data-testid="svc-waiting">
                  {s.waiting}
                  {s.waiting > s.queueMax && <span className="badge danger">&gt; {s.queueMax}</span>}
                </td>
                <td data-testid="svc-longest" data-over={longest >= s.waitNormMin && s.waiting > 0 ? '1' : '0'}>
                  {s.waiting === 0 ? (
                    <span className="muted">{t(S.nobodyWaits)}</span>
                  ) : (
                    <div className="norm-meter">
                      <span>
                        {s.longest?.number} · {Math.floor(longest)} / {s.waitNormMin} {t(S.min)}
                      </span>
                      <span className="meter">
                        <span className={`meter-fill ${level}`} style={{ width: `${(share / 1.5) * 100}%` }} />
                        <span className="meter-norm" style={{ left: `${100 / 1.5}%` }} />
                      </span>
                    </div>
                  )}
                </td>
                <td data-testid="svc-over" data-count={s.overNorm.length}>
                  {s.overNorm.map((x) => x.number).join(', ') || '—'}
                </td>
                <td data-testid="svc-soon" data-count={s.soon.length}>
                  {s.soon.map((x) => x.number).join(', ') || '—'}
                </td>
                <td className="num">{s.operatorsAtWork}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

function Windows({ windows, now }: { windows: WindowFigures[]; now: number }) {
  const { t, tr } = useI18n();
  const label = useWindowLabel();
  return (
    <section className="card panel">
      <h2>{t(S.windows)}</h2>
      <div className="window-grid">
        {windows.map((w) => {
          const visitMin = w.ticket ? (now - w.ticket.since) / 60000 : 0;
          const overVisit = w.ticket?.status === 'serving' && visitMin >= w.ticket.serviceNormMin;
          return (
            <article
              key={w.windowId}
              className={`window-card status-${w.status} ${overVisit ? 'over' : ''}`}
              data-testid="win-card"
              data-window={w.windowId}
              data-status={w.status}
            >
              <header>
                <strong>{label(w.kind, w.number)}</strong>
                <span className="status">
                  {t(w.status === 'serving' && w.ticket?.status === 'called' ? S.calling : STATUS[w.status])}
                </span>
              </header>
              <div className="operator" translate="no">
                {w.operatorName ?? '—'}
              </div>
              {w.since !== null && w.status !== 'closed' && (
                <div className="muted">
                  {formatElapsed(now - w.since)}
                  {w.breakReason && ` · ${tr(w.breakReason)}`}
                </div>
              )}
              {w.ticket && (
                <div className="visit" data-testid="win-ticket" data-number={w.ticket.number}>
                  <strong>{w.ticket.number}</strong> · {t(w.ticket.status === 'serving' ? S.serving : S.called)}{' '}
                  {formatElapsed(now - w.ticket.since)}
                  {w.ticket.status === 'serving' && (
                    <span className={overVisit ? 'danger-text' : 'muted'}>
                      {' '}
                      / {w.ticket.serviceNormMin} {t(S.min)}
                    </span>
                  )}
                </div>
              )}
            </article>
          );
        })}
      </div>
    </section>
  );
}

function Devices({ devices, now, timeZone }: { devices: DeviceFigures[]; now: number; timeZone?: string | undefined }) {
  const { t, lang } = useI18n();
  return (
    <section className="card panel">
      <h2>{t(S.devices)}</h2>
      {devices.length === 0 ? (
        <p className="muted">{t(S.noDevices)}</p>
      ) : (
        <table className="grid">
          <thead>
            <tr>
              <th>{t(S.device)}</th>
              <th>{t(S.role)}</th>
              <th>{t(S.state)}</th>
              <th>{t(S.lastSeen)}</th>
              <th className="num">{t(S.uptimeToday)}</th>
              <th>{t(S.paper)}</th>
            </tr>
          </thead>
          <tbody>
            {devices.map((d) => (
              <tr
                key={d.deviceId}
                data-testid="dev-row"
                data-device={d.deviceId}
                data-online={d.online ? '1' : '0'}
                className={d.online ? '' : 'level-over'}
              >
                <td translate="no">{d.name}</td>
                <td>{t(deviceRoleName(d.role))}</td>
                <td>
                  {d.online
                    ? t(S.online)
                    : d.offlineSince !== null
                      ? t(S.offlineFor, { m: formatElapsed(now - d.offlineSince) })
                      : t(S.offline)}
                  {d.printer && d.printer !== 'ok' && ` · ${t(PRINTER_STATES[d.printer] ?? S.offline)}`}
                </td>
                <td>{d.lastSeenAt === null ? '—' : formatTime(d.lastSeenAt, lang, timeZone)}</td>
                <td className="num">
                  {d.uptimeToday.share === null ? '—' : `${Math.round(d.uptimeToday.share * 1000) / 10}%`}
                </td>
                <td data-testid="dev-paper" data-paper={d.paper ?? ''}>
                  {d.paper ? t(PAPER_NAMES[d.paper] ?? [d.paper, d.paper]) : '—'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
