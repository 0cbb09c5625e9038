import type { NormPreset } from './types.js';
import { ALL } from './types.js';

/** Seed 003 §6.2.5 and §11.3: wait ≤ 20 for every topic, per-topic service norms; menu from §5. */
export const belgorod: NormPreset = {
  id: 'belgorod',
  name: { ru: 'Белгородэнергосбыт: ожидание 20', en: 'Belgorodenergosbyt: wait 20' },
  source: {
    ru: 'Стандарт обслуживания Белгородэнергосбыта, пункты 6.2.5 и 11.3; темы — раздел 5',
    en: 'Belgorodenergosbyt service standard, items 6.2.5 and 11.3; topics: section 5',
  },
  summary: {
    ru: 'Ожидание не более 20 мин; приём: консультация 20, квитанции и счета 15, платежи 10, договор 20, сверка 25, справка об отсутствии долга 20, переоформление счёта 25, рассрочка 25 мин',
    en: 'Wait at most 20 min; service: consultation 20, bills 15, payments 10, contract 20, reconciliation 25, no-debt certificate 20, account re-registration 25, instalment 25 min',
  },
  segments: [
    { id: 'individual', name: { ru: 'Физическое лицо', en: 'Individual' } },
    { id: 'business', name: { ru: 'Юридическое лицо, ИП', en: 'Company or sole trader' } },
  ],
  services: [
    {
      id: 'consult',
      name: { ru: 'Консультация', en: 'Consultation' },
      prefix: 'К',
      waitNormMin: 20,
      serviceNormMin: 20,
    },
    {
      id: 'bills',
      name: { ru: 'Квитанции, счета-фактуры, акты', en: 'Bills, invoices, certificates of work' },
      prefix: 'С',
      waitNormMin: 20,
      serviceNormMin: 15,
    },
    { id: 'cash', name: { ru: 'Приём платежей', en: 'Payments' }, prefix: 'О', waitNormMin: 20, serviceNormMin: 10 },
    { id: 'contract', name: { ru: 'Договоры', en: 'Contracts' }, prefix: 'Д', waitNormMin: 20, serviceNormMin: 20 },
    {
      id: 'reconciliation',
      name: { ru: 'Сверка взаиморасчётов', en: 'Reconciliation' },
      prefix: 'Р',
      waitNormMin: 20,
      serviceNormMin: 25,
    },
  ],
  topics: [
    {
      id: 'consultation',
      name: {
        ru: 'Консультация, личный кабинет, приложение BelPay',
        en: 'Consultation, online account, BelPay app',
      },
      segmentIds: ALL,
      serviceId: 'consult',
    },
    {
      id: 'bills',
      name: { ru: 'Выдача квитанций, счетов-фактур, актов', en: 'Bills, invoices, certificates of work' },
      segmentIds: ALL,
      serviceId: 'bills',
      ask: 'account',
    },
    { id: 'payment', name: { ru: 'Оплата', en: 'Payment' }, segmentIds: ALL, serviceId: 'cash' },
    {
      id: 'contract',
      name: {
        ru: 'Заключение, изменение, расторжение договора',
        en: 'Conclude, change or end a supply contract',
      },
      segmentIds: ALL,
      serviceId: 'contract',
      serviceNormMin: 20,
      documents: {
        ru: 'Паспорт (для организаций — доверенность), документ о праве собственности на объект',
        en: 'Passport (companies: a power of attorney), proof of ownership of the premises',
      },
      ask: 'phone',
    },
    {
      id: 'reconciliation',
      name: { ru: 'Сверка взаиморасчётов', en: 'Reconciliation of settlements' },
      segmentIds: ALL,
      serviceId: 'reconciliation',
      serviceNormMin: 25,
      ask: 'account',
    },
    {
      id: 'no-debt',
      name: { ru: 'Справка об отсутствии задолженности', en: 'Certificate of no debt' },
      segmentIds: ALL,
      serviceId: 'consult',
      serviceNormMin: 20,
      ask: 'account',
    },
    {
      id: 're-register',
      name: { ru: 'Перерегистрация лицевого счёта', en: 'Re-register an account' },
      segmentIds: ['individual'],
      serviceId: 'contract',
      serviceNormMin: 25,
      documents: {
        ru: 'Паспорт и документ о смене собственника или нанимателя',
        en: 'Passport and a document proving the change of owner or tenant',
      },
      ask: 'account',
    },
    {
      id: 'instalment',
      name: { ru: 'Рассрочка, соглашение о погашении долга', en: 'Instalment or debt repayment agreement' },
      segmentIds: ['individual'],
      serviceId: 'consult',
      serviceNormMin: 25,
      documents: {
        ru: 'Паспорт, документы о тяжёлом материальном положении (при наличии)',
        en: 'Passport, documents on financial hardship (if any)',
      },
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
      id: 'debt-reconnect',
      name: { ru: 'Задолженность, ограничение и возобновление подачи', en: 'Debt, restriction and reconnection' },
      segmentIds: ALL,
      serviceId: 'consult',
      ask: 'account',
    },
    {
      id: 'paid-services',
      name: { ru: 'Дополнительные платные услуги', en: 'Additional paid services' },
      segmentIds: ALL,
      serviceId: 'consult',
    },
    {
      id: 'documents',
      name: { ru: 'Приём и выдача документов', en: 'Hand in or collect documents' },
      segmentIds: ALL,
      serviceId: 'bills',
    },
    {
      id: 'supply-quality',
      name: { ru: 'Качество электроэнергии, перерыв электроснабжения', en: 'Supply quality or interruption' },
      segmentIds: ALL,
      serviceId: 'consult',
    },
    {
      id: 'complaint',
      name: { ru: 'Жалоба, обращение, предложение', en: 'Complaint, appeal or proposal' },
      segmentIds: ALL,
      serviceId: 'consult',
      ask: 'phone',
    },
  ],
  // seed 003 §6.7: visitors with disabilities are served out of turn
  priorityCategories: [{ id: 'disability', name: { ru: 'Люди с инвалидностью', en: 'People with disabilities' } }],
};
