import type { NotifyMessageRow, NotifySettings } from '@talon/protocol';
import { ApiError, call, formatTime, type Pair, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';

const STATUS: Record<NotifyMessageRow['status'], Pair> = {
  pending: ['ожидает отправки', 'waiting to be sent'],
  sent: ['отправлено', 'sent'],
  failed: ['не отправлено', 'not sent'],
  dropped: ['отменено: визит закончился', 'dropped: the visit ended'],
};

const KIND: Record<NotifyMessageRow['kind'], Pair> = {
  near: ['очередь подходит', 'turn is near'],
  called: ['вызов', 'call'],
  subscribed: ['подписка', 'subscribed'],
};

const REFRESH_MS = 10_000;

/**
 * The channels of «Ваша очередь подходит» (docs/notifications.md): an SMS gateway over HTTP built from the
 * provider's template, and a Telegram bot; below, the latest messages and how they went. Secrets come back
 * masked (`…abcd`); saving them unchanged keeps what the server holds.
 */
export function Notifications({
  token,
  editable,
  timeZone,
  onError,
}: {
  token: string;
  editable: boolean;
  timeZone: string | undefined;
  onError: (e: unknown) => void;
}) {
  const { t, tr, lang } = useI18n();
  const [draft, setDraft] = useState<NotifySettings | null>(null);
  const [messages, setMessages] = useState<NotifyMessageRow[] | null>(null);
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);

  useEffect(() => {
    call('notifySettings', {}, { token }).then(setDraft, onError);
  }, [token, onError]);
  const loadMessages = useCallback(() => {
    call('notifyMessages', { query: { limit: 50 } }, { token }).then((r) => setMessages(r.messages), onError);
  }, [token, onError]);
  useEffect(() => {
    loadMessages();
    const timer = setInterval(loadMessages, REFRESH_MS);
    return () => clearInterval(timer);
  }, [loadMessages]);

  if (!draft) return null;
  const sms = (patch: Partial<NotifySettings['sms']>) => setDraft({ ...draft, sms: { ...draft.sms, ...patch } });
  const tg = (patch: Partial<NotifySettings['telegram']>) =>
    setDraft({ ...draft, telegram: { ...draft.telegram, ...patch } });

  const save = async () => {
    try {
      setDraft(await call('saveNotifySettings', { body: draft }, { token }));
      setNote({ ok: true, text: t(['Сохранено', 'Saved']) });
    } catch (e) {
      if (e instanceof ApiError) setNote({ ok: false, text: tr(e.error.message) });
      else onError(e);
    }
  };

  const text = (label: Pair, value: string, set: (v: string) => void, testId: string, wide = false) => (
    <label className={wide ? 'field field-wide' : 'field'}>
      <span>{t(label)}</span>
      <input
        type="text"
        value={value}
        disabled={!editable}
        data-testid={testId}
        onChange={(e) => set(e.target.value)}
        spellCheck={false}
      />
    </label>
  );

  return (
    <section className="notify-settings" data-testid="notify-settings">
      <h3>{t(['Уведомления посетителей', 'Visitor notifications'])}</h3>
      <p className="muted">
        {t([
          'Посетитель, оставивший номер телефона в киоске или на странице талона, получает «Ваша очередь подходит» и сообщение о вызове. Пороги — в разделе «Предварительная запись».',
          'A visitor who left a phone number at the kiosk or on the ticket page gets «Your turn is near» and a message at the call. The thresholds are in the «Bookings» section.',
        ])}
      </p>
      {note && (
        <p className={note.ok ? 'notice ok' : 'error'} role={note.ok ? 'status' : 'alert'} data-testid="notify-note">
          {note.text}
        </p>
      )}
      <fieldset className="card">
        <legend>{t(['СМС-шлюз', 'SMS gateway'])}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.sms.enabled}
            disabled={!editable}
            data-testid="notify-sms-enabled"
            onChange={(e) => sms({ enabled: e.target.checked })}
          />
          <span>{t(['Отправлять СМС', 'Send SMS'])}</span>
        </label>
        {text(['Адрес шлюза', 'Gateway address'], draft.sms.baseUrl, (v) => sms({ baseUrl: v }), 'notify-sms-base')}
        <label className="field">
          <span>{t(['Метод', 'Method'])}</span>
          <select
            value={draft.sms.method}
            disabled={!editable}
            onChange={(e) => sms({ method: e.target.value as 'GET' | 'POST' })}
          >
            <option value="GET">GET</option>
            <option value="POST">POST</option>
          </select>
        </label>
        {text(
          ['Путь и параметры запроса', 'Path and query'],
          draft.sms.path,
          (v) => sms({ path: v }),
          'notify-sms-path',
          true,
        )}
        <p className="muted field-wide">
          {t(['В шаблонах заменяются:', 'Replaced in the templates:'])}{' '}
          <code translate="no">{'{phone} {text} {sender}'}</code>{' '}
          {t(['— номер, текст, имя отправителя', '— number, text, sender name'])}
        </p>
        {draft.sms.method === 'POST' && (
          <>
            <label className="field">
              <span>{t(['Формат тела', 'Body format'])}</span>
              <select
                value={draft.sms.contentType}
                disabled={!editable}
                onChange={(e) => sms({ contentType: e.target.value as NotifySettings['sms']['contentType'] })}
              >
                <option value="application/json">JSON</option>
                <option value="application/x-www-form-urlencoded">form</option>
              </select>
            </label>
            {text(['Тело запроса', 'Request body'], draft.sms.body, (v) => sms({ body: v }), 'notify-sms-body', true)}
          </>
        )}
        {text(['Имя отправителя', 'Sender name'], draft.sms.sender, (v) => sms({ sender: v }), 'notify-sms-sender')}
        {text(
          ['Заголовок авторизации (имя)', 'Auth header (name)'],
          draft.sms.authHeader?.name ?? '',
          (v) => sms({ authHeader: v ? { name: v, value: draft.sms.authHeader?.value ?? '' } : null }),
          'notify-sms-auth-name',
        )}
        {draft.sms.authHeader &&
          text(
            ['Заголовок авторизации (значение)', 'Auth header (value)'],
            draft.sms.authHeader.value,
            (v) => sms({ authHeader: { name: draft.sms.authHeader?.name ?? '', value: v } }),
            'notify-sms-auth-value',
          )}
        {text(
          ['Ответ успеха содержит', 'A successful answer contains'],
          draft.sms.okContains,
          (v) => sms({ okContains: v }),
          'notify-sms-ok',
        )}
      </fieldset>
      <fieldset className="card">
        <legend>{t(['Телеграм-бот', 'Telegram bot'])}</legend>
        <label className="check">
          <input
            type="checkbox"
            checked={draft.telegram.enabled}
            disabled={!editable}
            data-testid="notify-tg-enabled"
            onChange={(e) => tg({ enabled: e.target.checked })}
          />
          <span>{t(['Предлагать Телеграм на странице талона', 'Offer Telegram on the ticket page'])}</span>
        </label>
        {text(
          ['Имя бота (без @)', 'Bot name (without @)'],
          draft.telegram.botName,
          (v) => tg({ botName: v }),
          'notify-tg-name',
        )}
        {text(['Токен бота', 'Bot token'], draft.telegram.botToken, (v) => tg({ botToken: v }), 'notify-tg-token')}
        {text(['Адрес API', 'API address'], draft.telegram.apiBase, (v) => tg({ apiBase: v }), 'notify-tg-api')}
      </fieldset>
      {editable && (
        <button type="button" className="btn btn-primary" data-testid="notify-save" onClick={() => void save()}>
          {t(['Сохранить', 'Save'])}
        </button>
      )}
      <h3>{t(['Последние сообщения', 'Latest messages'])}</h3>
      {messages && messages.length === 0 ? (
        <p className="muted">{t(['Сообщений пока не было', 'No messages yet'])}</p>
      ) : (
        <table className="grid" data-testid="notify-messages">
          <thead>
            <tr>
              <th>{t(['Время', 'Time'])}</th>
              <th>{t(['Талон', 'Ticket'])}</th>
              <th>{t(['Канал', 'Channel'])}</th>
              <th>{t(['Сообщение', 'Message'])}</th>
              <th>{t(['Статус', 'Status'])}</th>
            </tr>
          </thead>
          <tbody>
            {(messages ?? []).map((m) => (
              <tr key={m.id} data-testid="notify-message" data-status={m.status}>
                <td>{formatTime(m.createdAt, lang, timeZone)}</td>
                <td className="mono">{m.number}</td>
                <td>{m.channel === 'sms' ? t(['СМС', 'SMS']) : 'Telegram'}</td>
                <td>{t(KIND[m.kind])}</td>
                <td>
                  {t(STATUS[m.status])}
                  {m.attempts > 1 && ` · ${t(['попыток: {n}', 'attempts: {n}'], { n: m.attempts })}`}
                  {m.lastError && m.status !== 'sent' && <span className="muted"> · {m.lastError}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
