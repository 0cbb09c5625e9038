import type { AuditAction, AuditEntry } from '@talon/protocol';
import { call, formatDate, formatTime, type Pair, useI18n } from '@talon/ui';
import { useEffect, useState } from 'react';

/** Every audit action has its words: a new action without them does not compile. */
const ACTIONS: Record<AuditAction, Pair> = {
  'config.changed': ['Изменены настройки', 'Settings changed'],
  'config.restored': ['Восстановлена версия', 'Version restored'],
  'user.created': ['Создан вход', 'Login created'],
  'user.updated': ['Изменён вход', 'Login changed'],
  'user.password-reset': ['Сброшен пароль', 'Password reset'],
  'device.pairing-code': ['Выдан код привязки', 'Pairing code issued'],
  'device.revoked': ['Отвязано устройство', 'Device unpaired'],
  'print.reprint': ['Повторная печать талона', 'Ticket printed again'],
  'alarm.acknowledged': ['Тревога принята', 'Alarm acknowledged'],
  'setup.completed': ['Первичная настройка офиса', 'First-run setup of the office'],
  'config.imported': ['Настройки загружены из файла', 'Settings imported from a file'],
  'hq.profile-applied': ['Применён профиль головного офиса', 'Head-office profile applied'],
  'hq.profile-refused': ['Профиль головного офиса не применён', 'Head-office profile refused'],
  'hq.link-set': ['Задана связь с головным офисом', 'Head-office link set'],
  'personal-data.purged': ['Персональные данные удалены по сроку хранения', 'Personal data deleted after retention'],
  'personal-data.exported': ['Выданы персональные данные по запросу', 'Personal data exported on request'],
  'personal-data.erased': ['Персональные данные удалены по запросу', 'Personal data erased on request'],
  'login.failed': ['Неудачный вход', 'Failed sign-in'],
  'login.locked': ['Вход временно заблокирован', 'Sign-in locked for a while'],
  'login.unlocked': ['Блокировка входа снята', 'Sign-in lock ended'],
  'staffing.plan-saved': ['План окон на день', 'Plan of windows for a day'],
};

/** Who changed what: configuration versions (from the events' actors) and other administrative actions. */
export function Audit({
  token,
  timeZone,
  onError,
}: {
  token: string;
  /** The office's zone, for the times shown. */
  timeZone?: string | undefined;
  onError: (e: unknown) => void;
}) {
  const { t, tr, lang } = useI18n();
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  useEffect(() => {
    call('configAudit', { query: { limit: 500 } }, { token }).then(setEntries, onError);
  }, [token, onError]);
  return (
    <section className="card panel" data-testid="cfg-page-audit">
      <h2>{t(['Журнал изменений', 'Change log'])}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t(['Когда', 'When'])}</th>
            <th>{t(['Кто', 'Who'])}</th>
            <th>{t(['Действие', 'Action'])}</th>
            <th>{t(['Подробности', 'Details'])}</th>
          </tr>
        </thead>
        <tbody>
          {(entries ?? []).map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries have no id of their own
            <tr key={i} data-testid="audit-row" data-action={e.action}>
              <td>
                {formatDate(e.at, lang, timeZone)}, {formatTime(e.at, lang, timeZone)}
              </td>
              <td>
                {e.actor.kind === 'system' ? t(['Система', 'System']) : <span translate="no">{e.actor.name}</span>}
                {e.actor.login && (
                  <span className="muted" translate="no">
                    {' '}
                    ({e.actor.login})
                  </span>
                )}
              </td>
              <td>
                {t(ACTIONS[e.action as AuditAction] ?? [e.action, e.action])}
                {e.target && <span className="muted"> · {e.target}</span>}
              </td>
              <td>
                <ul className="changes">
                  {e.changes.map((c) => (
                    <li key={c.en}>{tr(c)}</li>
                  ))}
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
