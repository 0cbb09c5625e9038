import type { NormPreset } from './types.js';
import { ALL } from './types.js';

/**
 * Seed 000 §11.1: the monthly average wait and service time are reported, with no target figure.
 * The schema needs a norm per service, so the office's own targets start at 15 / 15 and are meant
 * to be set by the office; reports show the monthly averages either way.
 */
export const rusenergosbyt: NormPreset = {
  id: 'rusenergosbyt',
  name: { ru: 'Русэнергосбыт: среднемесячные значения', en: 'Rusenergosbyt: monthly averages' },
  source: {
    ru: 'Стандарт обслуживания Русэнергосбыта, пункт 11.1 (среднемесячные значения без целевых цифр); темы — раздел 4',
    en: 'Rusenergosbyt service standard, item 11.1 (monthly averages, no target figures); topics: section 4',
  },
  summary: {
    ru: 'Стандарт требует отчёт о среднем за месяц ожидании и обслуживании без нормативных значений: 15 / 15 мин — стартовые цели офиса, задайте свои',
    en: 'The standard asks for monthly average wait and service time without target figures: 15 / 15 min are starting targets for the office to set',
  },
  segments: [
    { id: 'individual', name: { ru: 'Физическое лицо', en: 'Individual' } },
    { id: 'business', name: { ru: 'Юридическое лицо', en: 'Company' } },
  ],
  services: [
    {
      id: 'consult',
      name: { ru: 'Консультация', en: 'Consultation' },
      prefix: 'К',
      waitNormMin: 15,
      serviceNormMin: 15,
    },
    { id: 'contract', name: { ru: 'Договоры', en: 'Contracts' }, prefix: 'Д', waitNormMin: 15, serviceNormMin: 15 },
    {
      id: 'billing',
      name: { ru: 'Начисления и оплата', en: 'Charges and payment' },
      prefix: 'Н',
      waitNormMin: 15,
      serviceNormMin: 15,
    },
  ],
  topics: [
    {
      id: 'new-contract',
      name: { ru: 'Заключение договора энергоснабжения', en: 'New supply contract' },
      segmentIds: ALL,
      serviceId: 'contract',
      ask: 'phone',
    },
    {
      id: 'contract-performance',
      name: { ru: 'Исполнение или изменение договора', en: 'Existing contract: performance or change' },
      segmentIds: ALL,
      serviceId: 'contract',
      ask: 'account',
    },
    {
      id: 'meter-readings',
      name: { ru: 'Передача показаний приборов учёта', en: 'Meter readings' },
      segmentIds: ALL,
      serviceId: 'consult',
      ask: 'account',
    },
    {
      id: 'meters',
      name: { ru: 'Приборы учёта: эксплуатация, неисправность, ИСУ', en: 'Meters: operation, failure, smart metering' },
      segmentIds: ALL,
      serviceId: 'consult',
    },
    {
      id: 'charges',
      name: { ru: 'Начисления и счета', en: 'Charges and invoices' },
      segmentIds: ALL,
      serviceId: 'billing',
      ask: 'account',
    },
    {
      id: 'payment-debt',
      name: { ru: 'Оплата и задолженность', en: 'Payment and debt' },
      segmentIds: ALL,
      serviceId: 'billing',
      ask: 'account',
    },
    {
      id: 'tariffs',
      name: { ru: 'Тарифы и льготы', en: 'Tariffs and benefits' },
      segmentIds: ALL,
      serviceId: 'consult',
    },
    {
      id: 'restriction',
      name: { ru: 'Ограничение и возобновление энергоснабжения', en: 'Restriction and reconnection of supply' },
      segmentIds: ALL,
      serviceId: 'consult',
      ask: 'account',
    },
    {
      id: 'supply-quality',
      name: { ru: 'Некачественная электроэнергия, отключение', en: 'Poor-quality supply or interruption' },
      segmentIds: ALL,
      serviceId: 'consult',
    },
    {
      id: 'statements',
      name: { ru: 'Справки и выписки', en: 'Certificates and statements' },
      segmentIds: ALL,
      serviceId: 'billing',
      ask: 'account',
    },
    {
      id: 'microgeneration',
      name: { ru: 'Микрогенерация', en: 'Microgeneration' },
      segmentIds: ALL,
      serviceId: 'contract',
    },
    {
      id: 'e-receipt',
      name: { ru: 'Электронная квитанция', en: 'Electronic receipt' },
      segmentIds: ['individual'],
      serviceId: 'billing',
      ask: 'account',
    },
    {
      id: 'complaint',
      name: {
        ru: 'Жалоба на качество обслуживания',
        en: 'Complaint about staff or service quality',
      },
      segmentIds: ALL,
      serviceId: 'consult',
      ask: 'phone',
    },
    {
      id: 'other',
      name: { ru: 'Консультация (иные вопросы)', en: 'Consultation (other questions)' },
      segmentIds: ALL,
      serviceId: 'consult',
    },
  ],
  priorityCategories: [],
};
