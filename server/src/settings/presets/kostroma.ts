import type { NormPreset } from './types.js';

const SEGMENTS = ['individual', 'business', 'utility'];

/** Seed 004 Гл.3 Р.2 п.7: wait ≤ 15, consultation ≤ 20, contract documents ≤ 20; menu from seed 004 §5. */
export const kostroma: NormPreset = {
  id: 'kostroma',
  name: { ru: 'Костромская сбытовая компания: 15 / 20 / 20', en: 'Kostroma Sales Company: 15 / 20 / 20' },
  source: {
    ru: 'Стандарт Костромской сбытовой компании, глава 3, раздел 2, пункт 7; темы — раздел 5',
    en: 'Kostroma Sales Company standard, chapter 3, part 2, item 7; topics: section 5',
  },
  summary: {
    ru: 'Ожидание не более 15 мин; консультация не более 20 мин; приём документов по договору не более 20 мин. Каждая тема отнесена к одной из двух форм. Для кассы стандарт норматива не даёт: взяты нормативы консультации',
    en: 'Wait at most 15 min; consultation at most 20 min; contract documents at most 20 min. Every topic maps to one of the two forms. The standard gives no cash-desk norm: the consultation figures are used',
  },
  segments: [
    { id: 'individual', name: { ru: 'Физическое лицо', en: 'Individual' } },
    { id: 'business', name: { ru: 'Юридическое лицо, ИП', en: 'Company or sole trader' } },
    {
      id: 'utility',
      name: { ru: 'Исполнитель коммунальных услуг (УК, ТСЖ)', en: 'Utility provider (management company, HOA)' },
    },
  ],
  services: [
    {
      id: 'consult',
      name: { ru: 'Консультация', en: 'Consultation' },
      prefix: 'К',
      waitNormMin: 15,
      serviceNormMin: 20,
    },
    {
      id: 'documents',
      name: { ru: 'Приём документов по договору', en: 'Contract documents' },
      prefix: 'Д',
      waitNormMin: 15,
      serviceNormMin: 20,
    },
    {
      id: 'contract-dept',
      name: { ru: 'Договорный отдел (юр. лица)', en: 'Contract department (companies)' },
      prefix: 'Ю',
      waitNormMin: 15,
      serviceNormMin: 20,
    },
    { id: 'cash', name: { ru: 'Касса', en: 'Cash desk' }, prefix: 'О', waitNormMin: 15, serviceNormMin: 20 },
  ],
  topics: [
    {
      id: 'consult-bills',
      name: {
        ru: 'Консультация: счета, оплата, задолженность, тарифы',
        en: 'Consultation: bills, payment, debt, tariffs',
      },
      segmentIds: ['individual'],
      serviceId: 'consult',
      ask: 'account',
    },
    {
      id: 'contract',
      name: { ru: 'Заключение, изменение, расторжение договора', en: 'Conclude, change or end a contract' },
      segmentIds: ['individual'],
      serviceId: 'documents',
      documents: {
        ru: 'Паспорт, документ о праве собственности; для расторжения — письменное уведомление не позднее чем за 20 рабочих дней',
        en: 'Passport, proof of ownership; to end a contract, written notice at least 20 working days ahead',
      },
      ask: 'phone',
    },
    {
      id: 'meters',
      name: {
        ru: 'Приборы учёта: показания, замена, установка, поверка',
        en: 'Meters: readings, replacement, verification',
      },
      segmentIds: ['individual'],
      serviceId: 'consult',
      ask: 'account',
    },
    {
      id: 'cash-payment',
      name: { ru: 'Оплата в кассе', en: 'Pay at the cash desk' },
      segmentIds: ['individual', 'business', 'utility'],
      serviceId: 'cash',
    },
    {
      id: 'complaint',
      name: { ru: 'Жалоба, обращение, предложение', en: 'Complaint, appeal or proposal' },
      segmentIds: SEGMENTS,
      serviceId: 'consult',
      ask: 'phone',
    },
    {
      id: 'certificates',
      name: { ru: 'Справки и копии документов', en: 'Certificates and document copies' },
      segmentIds: SEGMENTS,
      serviceId: 'documents',
      ask: 'account',
    },
    {
      id: 'supply-quality',
      name: { ru: 'Качество электроэнергии, перерыв электроснабжения', en: 'Supply quality or interruption' },
      segmentIds: SEGMENTS,
      serviceId: 'consult',
    },
    {
      id: 'legal-contract',
      name: { ru: 'Заключение договора (договорный отдел)', en: 'New contract (contract department)' },
      segmentIds: ['business', 'utility'],
      serviceId: 'contract-dept',
      ask: 'phone',
    },
    {
      id: 'legal-change',
      name: { ru: 'Изменение или расторжение договора', en: 'Change or end a contract' },
      segmentIds: ['business', 'utility'],
      serviceId: 'documents',
    },
    {
      id: 'legal-readings',
      name: { ru: 'Акты снятия показаний', en: 'Meter-reading reports' },
      segmentIds: ['business', 'utility'],
      serviceId: 'documents',
    },
    {
      id: 'legal-settlements',
      name: { ru: 'Расчёты и задолженность', en: 'Settlements and debt' },
      segmentIds: ['business', 'utility'],
      serviceId: 'consult',
      ask: 'account',
    },
    {
      id: 'legal-claim',
      name: { ru: 'Обращение, претензия', en: 'Appeal or claim' },
      segmentIds: ['business', 'utility'],
      serviceId: 'consult',
      ask: 'phone',
    },
  ],
  // seed 004 Гл.2 §3 п.1: an individual approach to the disabled and veterans; no queue-jump rule is set
  priorityCategories: [
    { id: 'disability', name: { ru: 'Люди с инвалидностью', en: 'People with disabilities' } },
    { id: 'veteran', name: { ru: 'Ветераны', en: 'Veterans' } },
  ],
};
