import type { DeviceRole, DeviceStatus, PairingCodeResponse } from '@talon/protocol';
import { call, formatTime, type Pair, useI18n } from '@talon/ui';
import { useCallback, useEffect, useState } from 'react';
import { Printers } from './Printers.js';
import { PrintJobs } from './PrintJobs.js';

const ROLES: { id: DeviceRole; label: Pair; path: string; hash?: string }[] = [
  { id: 'kiosk', label: ['Киоск', 'Kiosk'], path: '/kiosk/' },
  { id: 'board', label: ['Табло', 'Board'], path: '/board/' },
  { id: 'rating', label: ['Терминал оценки', 'Rating terminal'], path: '/rating/' },
  { id: 'wall', label: ['Большой экран зала', 'Hall wall screen'], path: '/admin/', hash: '#wall' },
  {
    id: 'device',
    label: ['Агент устройств (принтер, табло окна)', 'Device agent (printer, window display)'],
    path: '',
  },
];

/** The office's windows as the pairing form offers them. */
export interface WindowChoice {
  id: string;
  number: number;
  kind?: 'window' | 'cabinet';
}

/**
 * Paired devices, pairing codes for new ones, unpairing, and the ticket printers' addresses. A rating
 * terminal belongs to one window: its code is asked for a window, and the server writes the binding.
 */
export function Devices({
  token,
  editable,
  windows,
  timeZone,
  onError,
}: {
  token: string;
  editable: boolean;
  windows: readonly WindowChoice[];
  /** The office's zone, for the times shown. */
  timeZone?: string | undefined;
  onError: (e: unknown) => void;
}) {
  const { t, lang } = useI18n();
  const [devices, setDevices] = useState<DeviceStatus[] | null>(null);
  const [role, setRole] = useState<DeviceRole>('kiosk');
  const [name, setName] = useState('');
  const [windowId, setWindowId] = useState('');
  const forWindow = role === 'rating';
  const chosenWindow = windows.find((w) => w.id === windowId) ?? windows[0];
  const [code, setCode] = useState<(PairingCodeResponse & { role: DeviceRole }) | null>(null);
  const load = useCallback(() => {
    call('listDevices', {}, { token }).then(setDevices, onError);
  }, [token, onError]);
  useEffect(load, [load]);
  const shown = ROLES.find((r) => r.id === code?.role);
  const path = shown?.path;
  const hash = shown?.hash ?? '';

  return (
    <section className="card panel" data-testid="cfg-page-devices">
      <h2>{t(['Устройства', 'Devices'])}</h2>
      <table className="grid">
        <thead>
          <tr>
            <th>{t(['Название', 'Name'])}</th>
            <th>{t(['Тип', 'Type'])}</th>
            <th>{t(['Связь', 'Link'])}</th>
            <th>{t(['Последний сигнал', 'Last seen'])}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {(devices ?? []).map((d) => (
            <tr key={d.deviceId} data-testid="device-row" data-device={d.deviceId}>
              <td translate="no">{d.name}</td>
              <td>{t(ROLES.find((r) => r.id === d.role)?.label ?? [d.role, d.role])}</td>
              <td>{d.online ? t(['на связи', 'online']) : t(['нет связи', 'offline'])}</td>
              <td>{d.lastSeenAt ? formatTime(d.lastSeenAt, lang, timeZone) : '—'}</td>
              <td>
                {editable && (
                  <button
                    type="button"
                    className="btn btn-small btn-danger"
                    data-testid={`device-revoke-${d.deviceId}`}
                    onClick={async () => {
                      if (
                        !confirm(
                          t(
                            [
                              'Отвязать «{n}»? Устройству понадобится новый код.',
                              'Unpair "{n}"? It will need a new code.',
                            ],
                            { n: d.name },
                          ),
                        )
                      )
                        return;
                      try {
                        await call('revokeDevice', { params: { id: d.deviceId } }, { token });
                        load();
                      } catch (e) {
                        onError(e);
                      }
                    }}
                  >
                    {t(['Отвязать', 'Unpair'])}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <form
        className="new-user"
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            const r = forWindow
              ? await call('ratingPairingCode', { body: { windowId: chosenWindow?.id ?? '' } }, { token })
              : await call('createPairingCode', { body: { role, name } }, { token });
            setCode({ ...r, role });
          } catch (err) {
            onError(err);
          }
        }}
      >
        <h3>{t(['Код привязки нового устройства', 'Pairing code for a new device'])}</h3>
        <select data-testid="pairing-role" value={role} onChange={(e) => setRole(e.target.value as DeviceRole)}>
          {ROLES.map((r) => (
            <option key={r.id} value={r.id}>
              {t(r.label)}
            </option>
          ))}
        </select>
        {forWindow ? (
          <select
            data-testid="pairing-window"
            aria-label={t(['Окно терминала', "The terminal's window"])}
            value={chosenWindow?.id ?? ''}
            onChange={(e) => setWindowId(e.target.value)}
          >
            {windows.map((w) => (
              <option key={w.id} value={w.id}>
                {w.kind === 'cabinet' ? t(['Кабинет', 'Room']) : t(['Окно', 'Window'])} {w.number}
              </option>
            ))}
          </select>
        ) : (
          <input
            data-testid="pairing-name"
            placeholder={t(['Название, напр. «Киоск у входа»', 'Name, e.g. "Kiosk at the door"'])}
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        )}
        <button
          type="submit"
          className="btn btn-primary"
          data-testid="pairing-create"
          disabled={forWindow ? !chosenWindow : !name.trim()}
        >
          {t(['Получить код', 'Get a code'])}
        </button>
      </form>
      <Printers token={token} editable={editable} onError={onError} />
      {code && (
        <p className="notice ok" data-testid="pairing-code-shown">
          {t(['Код: ', 'Code: '])}
          <strong className="mono">{code.code}</strong>
          {path && (
            <>
              {' · '}
              <a href={`${path}?pair=${encodeURIComponent(code.code)}${hash}`}>
                {location.origin}
                {path}?pair={code.code}
                {hash}
              </a>
            </>
          )}
        </p>
      )}
      <PrintJobs token={token} timeZone={timeZone} onError={onError} />
    </section>
  );
}
