import type { PrinterConfigInput, PrinterStatus, PrinterView } from '@talon/protocol';
import { call, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';

/**
 * Ticket printers and their addresses, through the printing module's API (`/api/printers`): a network
 * printer is `tcp://host:9100`, one on a kiosk PC is `agent:<device id>`. Serial and USB printers are
 * named on the server itself (`--printer`), never over the API.
 */
export function Printers({
  token,
  editable,
  onError,
}: {
  token: string;
  editable: boolean;
  onError: (e: unknown) => void;
}) {
  const { t } = useI18n();
  const [printers, setPrinters] = useState<PrinterView[] | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [fresh, setFresh] = useState({ id: '', name: '', connection: 'tcp://' });
  const [note, setNote] = useState<string | null>(null);
  const load = useCallback(() => {
    call('printers', {}, { token }).then(setPrinters, () => setPrinters([]));
  }, [token]);
  useEffect(load, [load]);

  const put = async (config: PrinterConfigInput) => {
    try {
      const { id, ...body } = config;
      await call('savePrinter', { params: { id }, body }, { token });
      setNote(t(['Принтер «{n}» сохранён', 'Printer "{n}" saved'], { n: config.name ?? id }));
      load();
    } catch (e) {
      onError(e);
    }
  };
  const state = (s: PrinterStatus | null) =>
    !s
      ? '—'
      : !s.reachable
        ? t(['нет связи', 'unreachable'])
        : s.paperOut
          ? t(['нет бумаги', 'out of paper'])
          : s.coverOpen
            ? t(['открыта крышка', 'cover open'])
            : s.paperNearEnd
              ? t(['бумага заканчивается', 'paper running low'])
              : t(['готов', 'ready']);

  if (printers === null) return null;
  return (
    <div className="printers" data-testid="printers">
      <h3>{t(['Принтеры талонов', 'Ticket printers'])}</h3>
      {note && <p className="notice ok">{note}</p>}
      <table className="grid">
        <thead>
          <tr>
            <th>{t(['Название', 'Name'])}</th>
            <th>{t(['Адрес', 'Address'])}</th>
            <th>{t(['Состояние', 'State'])}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {printers.map((p) => {
            const value = edits[p.config.id] ?? p.config.connection;
            const settable = /^(tcp:|agent:)/.test(p.config.connection);
            return (
              <tr key={p.config.id} data-testid="printer-row" data-printer={p.config.id}>
                <td translate="no">{p.config.name}</td>
                <td>
                  <input
                    data-testid={`printer-address-${p.config.id}`}
                    disabled={!editable || !settable}
                    value={value}
                    onChange={(e) => setEdits({ ...edits, [p.config.id]: e.target.value })}
                  />
                </td>
                <td>{state(p.status)}</td>
                <td className="actions">
                  {editable && settable && value !== p.config.connection && (
                    <button
                      type="button"
                      className="btn btn-small btn-primary"
                      data-testid={`printer-save-${p.config.id}`}
                      onClick={() => void put({ ...p.config, connection: value })}
                    >
                      {t(['Сохранить', 'Save'])}
                    </button>
                  )}
                  <button
                    type="button"
                    className="btn btn-small"
                    onClick={() =>
                      void call('printerTestPage', { params: { id: p.config.id } }, { token }).then(
                        () => setNote(t(['Пробная страница отправлена', 'Test page sent'])),
                        onError,
                      )
                    }
                  >
                    {t(['Пробная печать', 'Test page'])}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {editable && (
        <form
          className="new-user"
          onSubmit={(e) => {
            e.preventDefault();
            void put(fresh);
          }}
        >
          <input
            data-testid="printer-new-id"
            placeholder={t(['Код, напр. entrance', 'Id, e.g. entrance'])}
            value={fresh.id}
            onChange={(e) => setFresh({ ...fresh, id: e.target.value })}
          />
          <input
            data-testid="printer-new-name"
            placeholder={t(['Название', 'Name'])}
            value={fresh.name}
            onChange={(e) => setFresh({ ...fresh, name: e.target.value })}
          />
          <input
            data-testid="printer-new-address"
            placeholder="tcp://192.168.1.50:9100"
            value={fresh.connection}
            onChange={(e) => setFresh({ ...fresh, connection: e.target.value })}
          />
          <button type="submit" className="btn btn-primary" disabled={!fresh.id || !fresh.name}>
            {t(['Добавить принтер', 'Add a printer'])}
          </button>
        </form>
      )}
    </div>
  );
}
