import { HQ_ATTENTION_TEXT, type HqCheckResponse, type HqLinkStatus } from '@talon/protocol';
import { call, formatElapsed, formatTime, type Pair, pluralRu, toUiError, useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';

const H = {
  title: ['Головной офис', 'Head office'],
  notSet: ['Офис не подключён к головному офису', 'The office is not connected to head office'],
  connected: ['Головной офис: на связи', 'Head office: connected'],
  disconnected: ['Нет связи с головным офисом', 'No connection to head office'],
  disconnectedSince: ['Нет связи с головным офисом с {at}', 'No connection to head office since {at}'],
  never: ['ещё ни разу не было связи', 'never connected yet'],
  retry: ['следующая попытка через {m}', 'next attempt in {m}'],
  lastAck: ['Подтверждено головным офисом', 'Acknowledged by head office'],
  lastAckValue: ['событие № {seq}, {at}', 'event #{seq}, {at}'],
  backlog: ['Ждут отправки', 'Waiting to be sent'],
  backlogNone: ['ничего — всё отправлено', 'nothing: all sent'],
  backlogValue: ['{n} {events}, самое старое — {age} назад', '{n} {events}, the oldest {age} ago'],
  worksAnyway: [
    'Офис работает как обычно: всё накопленное уйдёт, как только связь вернётся.',
    'The office works as usual: everything waiting is sent once the link is back.',
  ],
  officeAs: ['В головном офисе', 'At head office'],
  profile: ['Профиль настроек головного офиса', 'Head-office settings profile'],
  profileNone: ['не применялся', 'none applied'],
  profileVersion: ['версия {v}', 'version {v}'],
  profileRefused: ['Версия {v} не применена: {why}', 'Version {v} was not applied: {why}'],
  publicBase: ['Ссылки на талонах (QR)', 'Links on tickets (QR)'],
  address: ['Адрес головного офиса', 'Head-office address'],
  key: ['Ключ офиса', 'Office key'],
  connect: ['Подключить', 'Connect'],
  change: ['Изменить подключение', 'Change the connection'],
  checking: ['Проверяем связь…', 'Checking the connection…'],
  checked: ['Подключено: {name} ({code})', 'Connected: {name} ({code})'],
  fromCommandLine: [
    'Задано при запуске сервера (--hq / TALON_HQ_URL): менять там.',
    'Set when the server was started (--hq / TALON_HQ_URL): change it there.',
  ],
} as const satisfies Record<string, Pair>;

/**
 * The office's link to head office on the monitor: connected or not (and since when), what head office
 * last acknowledged, what waits to be sent, what head office noticed, in words a hall administrator
 * can act on. The configuration administrator connects the office here.
 */
export function HqPanel({
  hq,
  now,
  timeZone,
  token,
}: {
  hq: HqLinkStatus;
  now: number;
  timeZone?: string | undefined;
  /** A configuration administrator's session: the address and key may be set here. */
  token?: string | undefined;
}) {
  const { t, tr, lang } = useI18n();
  const time = (at: number) => formatTime(at, lang, timeZone);
  const state = !hq.configured ? 'off' : hq.connected ? 'ok' : 'down';
  const downSince = hq.lastContactAt ?? hq.lastError?.at ?? null;
  return (
    <section className="card panel hq-panel" data-testid="hq-panel" data-state={state}>
      <h2>{t(H.title)}</h2>
      {!hq.configured ? (
        <p className="muted">{t(H.notSet)}</p>
      ) : (
        <>
          <p className="chips">
            <span className={`chip ${hq.connected ? 'ok' : 'danger'}`} data-testid="hq-state">
              {hq.connected
                ? t(H.connected)
                : hq.lastContactAt !== null && downSince !== null
                  ? t(H.disconnectedSince, { at: time(downSince) })
                  : `${t(H.disconnected)} (${t(H.never)})`}
            </span>
            {hq.url && <span className="muted">{hq.url}</span>}
          </p>
          {!hq.connected && hq.lastError && (
            <p className="danger-text" data-testid="hq-error">
              {tr(hq.lastError.message)}
              {hq.retryAt !== null &&
                hq.retryAt - now >= 1000 &&
                ` · ${t(H.retry, { m: formatElapsed(hq.retryAt - now) })}`}
            </p>
          )}
          <table className="grid">
            <tbody>
              {hq.office && (
                <tr>
                  <th>{t(H.officeAs)}</th>
                  <td>
                    {tr(hq.office.name)} ({hq.office.code})
                  </td>
                </tr>
              )}
              <tr>
                <th>{t(H.lastAck)}</th>
                <td data-testid="hq-ack">
                  {hq.lastAckSeq === null || hq.lastAckAt === null
                    ? '—'
                    : t(H.lastAckValue, { seq: hq.lastAckSeq, at: time(hq.lastAckAt) })}
                </td>
              </tr>
              <tr>
                <th>{t(H.backlog)}</th>
                <td data-testid="hq-backlog" data-count={hq.backlog.count}>
                  {hq.backlog.count === 0 || hq.backlog.oldestAt === null
                    ? t(H.backlogNone)
                    : t(H.backlogValue, {
                        n: hq.backlog.count,
                        events:
                          lang === 'en'
                            ? hq.backlog.count === 1
                              ? 'event'
                              : 'events'
                            : pluralRu(hq.backlog.count, 'событие', 'события', 'событий'),
                        age: formatElapsed(Math.max(0, now - hq.backlog.oldestAt)),
                      })}
                </td>
              </tr>
              <tr>
                <th>{t(H.profile)}</th>
                <td>
                  {hq.profileVersion === null ? t(H.profileNone) : t(H.profileVersion, { v: hq.profileVersion })}
                  {hq.profileRefused && (
                    <div className="danger-text">
                      {t(H.profileRefused, { v: hq.profileRefused.version, why: hq.profileRefused.reason })}
                    </div>
                  )}
                </td>
              </tr>
              {hq.publicBase && (
                <tr>
                  <th>{t(H.publicBase)}</th>
                  <td>{hq.publicBase}</td>
                </tr>
              )}
            </tbody>
          </table>
          {!hq.connected && hq.backlog.count > 0 && <p className="muted">{t(H.worksAnyway)}</p>}
          {hq.attention && (
            <p className="notice danger-text" data-testid="hq-attention">
              {tr(HQ_ATTENTION_TEXT[hq.attention])}
            </p>
          )}
        </>
      )}
      {token &&
        (hq.source === 'command-line' ? (
          <p className="muted">{t(H.fromCommandLine)}</p>
        ) : (
          <ConnectForm token={token} configured={hq.configured} url={hq.url} />
        ))}
    </section>
  );
}

function ConnectForm({ token, configured, url }: { token: string; configured: boolean; url: string | null }) {
  const { t, tr } = useI18n();
  const [open, setOpen] = useState(!configured);
  const [address, setAddress] = useState(url ?? 'https://');
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [answer, setAnswer] = useState<{ ok: HqCheckResponse } | { error: string } | null>(null);
  if (!open)
    return (
      <button type="button" className="btn btn-small" data-testid="hq-change" onClick={() => setOpen(true)}>
        {t(H.change)}
      </button>
    );
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setAnswer(null);
    try {
      const ok = await call('saveHqLink', { body: { url: address, key } }, { token });
      setAnswer({ ok });
      setKey('');
    } catch (err) {
      const ui = toUiError(err);
      const why = (ui.details as { message?: { ru: string; en: string } } | undefined)?.message;
      setAnswer({ error: why ? `${tr(ui.message)} (${tr(why)})` : tr(ui.message) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={submit} data-testid="hq-connect">
      <input
        data-testid="hq-url"
        type="url"
        required
        aria-label={t(H.address)}
        placeholder={t(H.address)}
        value={address}
        onChange={(e) => setAddress(e.target.value)}
      />
      <input
        data-testid="hq-key"
        type="password"
        required
        minLength={16}
        autoComplete="off"
        aria-label={t(H.key)}
        placeholder={t(H.key)}
        value={key}
        onChange={(e) => setKey(e.target.value)}
      />
      <button type="submit" className="btn btn-small btn-primary" disabled={busy} data-testid="hq-save">
        {busy ? t(H.checking) : t(H.connect)}
      </button>
      {answer && 'ok' in answer && (
        <p className="notice ok" data-testid="hq-saved">
          {t(H.checked, { name: tr(answer.ok.office.name), code: answer.ok.office.code })}
        </p>
      )}
      {answer && 'error' in answer && (
        <p className="danger-text" data-testid="hq-save-error">
          {answer.error}
        </p>
      )}
    </form>
  );
}
