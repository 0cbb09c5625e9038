import type { PersonalDataExport, PersonalDataRecord } from '@talon/protocol';
import { call, formatDate, formatTime, type Pair, saveFile, useI18n } from '@talon/ui';
import { type FormEvent, useState } from 'react';

const KIND: Record<PersonalDataRecord['kind'], Pair> = {
  visit: ['Визит', 'Visit'],
  booking: ['Запись', 'Booking'],
  feedback: ['Отзыв или жалоба', 'Feedback'],
  'follow-up': ['Обращение на контроле', 'Follow-up'],
};

const VALUE: Record<keyof PersonalDataRecord['values'], Pair> = {
  account: ['Лицевой счёт', 'Account'],
  phone: ['Телефон', 'Phone'],
  name: ['Имя', 'Name'],
  contact: ['Контакт для ответа', 'Contact for an answer'],
};

/**
 * A visitor's request under 152-ФЗ: what the office keeps about one phone number, as a file to hand over,
 * and its erasure. The figures of the visits stay (reports do not change); only the values go.
 * Looking up is for both administrators, erasing for the configuration administrator.
 */
export function PersonalData({
  token,
  editable,
  timeZone,
  onError,
}: {
  token: string;
  editable: boolean;
  timeZone: string;
  onError: (e: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const [phone, setPhone] = useState('');
  const [found, setFound] = useState<PersonalDataExport | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [erased, setErased] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const find = async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setErased(null);
    setConfirming(false);
    try {
      setFound(await call('personalDataExport', { body: { phone } }, { token }));
    } catch (err) {
      setFound(null);
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const erase = async () => {
    setBusy(true);
    try {
      const r = await call('personalDataErase', { body: { phone } }, { token });
      setErased(r.erased);
      setFound(null);
      setConfirming(false);
    } catch (err) {
      onError(err);
    } finally {
      setBusy(false);
    }
  };

  const when = (at: number) => `${formatDate(at, lang, timeZone)} ${formatTime(at, lang, timeZone)}`;

  return (
    <section className="card panel personal-data" data-testid="personal-data">
      <h2>{t(['Персональные данные посетителей', "Visitors' personal data"])}</h2>
      <p className="muted">
        {t([
          'По 152-ФЗ посетитель вправе узнать, что о нём хранится, и потребовать удаления. Лицевой счёт, телефон и контакты хранятся отдельно от журнала событий и удаляются сами после срока хранения; цифры визитов в отчётах остаются.',
          'Under Federal Law No. 152-FZ a visitor may ask what is kept about them and have it erased. Account numbers, phones and contacts are kept apart from the event log and deleted by themselves after the retention period; the visits’ figures in the reports stay.',
        ])}
      </p>
      <form className="personal-data-find" onSubmit={find}>
        <label className="field">
          <span>{t(['Номер телефона посетителя', "The visitor's phone number"])}</span>
          <input
            data-testid="personal-phone"
            inputMode="tel"
            autoComplete="off"
            value={phone}
            placeholder="+7 900 123-45-67"
            onChange={(e) => {
              setPhone(e.target.value);
              setConfirming(false);
            }}
          />
        </label>
        <button type="submit" className="btn btn-primary" data-testid="personal-find" disabled={busy || !phone.trim()}>
          {t(['Найти', 'Find'])}
        </button>
      </form>
      {erased !== null && (
        <p className="notice ok" data-testid="personal-erased" data-count={erased}>
          {t(
            [
              'Удалено записей: {n}. Цифры визитов в отчётах сохранены',
              'Records erased: {n}. The visits’ figures stay in the reports',
            ],
            {
              n: erased,
            },
          )}
        </p>
      )}
      {found && (
        <div data-testid="personal-found" data-count={found.records.length}>
          <p>
            {found.records.length === 0
              ? t(['Об этом номере ничего не хранится', 'Nothing is kept about this number'])
              : t(
                  [
                    'Найдено записей: {n}. Срок хранения — {d} дн. после визита',
                    'Records found: {n}. Kept for {d} days after the visit',
                  ],
                  {
                    n: found.records.length,
                    d: found.retentionDays,
                  },
                )}
          </p>
          {found.records.length > 0 && (
            <table className="grid">
              <thead>
                <tr>
                  <th>{t(['Что', 'What'])}</th>
                  <th>{t(['Когда', 'When'])}</th>
                  <th>{t(['Что хранится', 'What is kept'])}</th>
                  <th>{t(['Удалится', 'Deleted on'])}</th>
                </tr>
              </thead>
              <tbody>
                {found.records.map((r) => (
                  <tr key={r.ref} data-testid="personal-record">
                    <td>
                      {t(KIND[r.kind])}
                      {r.visit?.number && (
                        <>
                          {' '}
                          <span translate="no">{r.visit.number}</span>
                        </>
                      )}
                    </td>
                    <td>{when(r.at)}</td>
                    <td>
                      {(Object.keys(r.values) as (keyof PersonalDataRecord['values'])[]).map((k) => (
                        <div key={k}>
                          {t(VALUE[k])}: <span translate="no">{r.values[k]}</span>
                        </div>
                      ))}
                    </td>
                    <td>{formatDate(r.purgeAt, lang, timeZone)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="personal-actions">
            <button
              type="button"
              className="btn"
              data-testid="personal-download"
              onClick={() =>
                saveFile(
                  new Blob([JSON.stringify(found, null, 2)], { type: 'application/json' }),
                  `personal-data-${found.phone}.json`,
                )
              }
            >
              {t(['Скачать для выдачи посетителю (JSON)', 'Download to hand to the visitor (JSON)'])}
            </button>
            {editable && found.records.length > 0 && !confirming && (
              <button
                type="button"
                className="btn btn-danger"
                data-testid="personal-erase"
                onClick={() => setConfirming(true)}
              >
                {t(['Удалить эти данные', 'Erase this data'])}
              </button>
            )}
            {confirming && (
              <>
                <span className="notice">
                  {t(['Удалить безвозвратно? Отменить это нельзя', 'Erase for good? This cannot be undone'])}
                </span>
                <button
                  type="button"
                  className="btn btn-danger"
                  data-testid="personal-erase-confirm"
                  disabled={busy}
                  onClick={erase}
                >
                  {t(['Да, удалить', 'Yes, erase'])}
                </button>
                <button type="button" className="btn" onClick={() => setConfirming(false)}>
                  {t(['Отмена', 'Cancel'])}
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
