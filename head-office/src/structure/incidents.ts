import { type LocalText, type OfficeIncident, t } from '@talon/protocol';

type Details = Record<string, unknown>;
const n = (d: Details, k: string) => (typeof d[k] === 'number' || typeof d[k] === 'string' ? String(d[k]) : '?');

/** What the screen says about an open incident, from the details the ingest recorded. */
export function incidentText(kind: OfficeIncident['kind'], d: Details): LocalText {
  switch (kind) {
    case 'gap':
      return t(
        `Пропуск в журнале офиса: ожидалось событие № ${n(d, 'expectSeq')}, пришло № ${n(d, 'receivedSeq')}. Пакет не принят`,
        `A gap in the office log: expected event #${n(d, 'expectSeq')}, received #${n(d, 'receivedSeq')}. The batch was refused`,
      );
    case 'behind':
      return t(
        `Офис вернулся назад (восстановлен из резервной копии?): у офиса последнее событие № ${n(d, 'officeLastSeq')}, в головном офисе № ${n(d, 'ackSeq')}`,
        `The office went back in time (restored from a backup?): its last event is #${n(d, 'officeLastSeq')}, head office holds #${n(d, 'ackSeq')}`,
      );
    case 'forked':
      return t(
        `Журнал офиса разошёлся с полученным ранее с события № ${n(d, 'fromSeq')}: начата эпоха ${n(d, 'epoch')}, события эпохи ${n(d, 'oldEpoch')} сохранены`,
        `The office log differs from what was received from event #${n(d, 'fromSeq')}: epoch ${n(d, 'epoch')} started, the events of epoch ${n(d, 'oldEpoch')} are kept`,
      );
    case 'profile-refused':
      return t(
        `Офис не применил профиль версии ${n(d, 'version')}: ${typeof d.reason === 'string' ? d.reason : 'причина не указана'}`,
        `The office refused profile version ${n(d, 'version')}: ${typeof d.reason === 'string' ? d.reason : 'no reason given'}`,
      );
  }
}
