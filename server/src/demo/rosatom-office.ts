import { OfficeConfig, type OfficeConfigInput } from '@talon/protocol';
import { rosatom } from '../settings/presets/rosatom.js';

const weekdays = (from: string, to: string) => ({
  mon: [[from, to]] as [string, string][],
  tue: [[from, to]] as [string, string][],
  wed: [[from, to]] as [string, string][],
  thu: [[from, to]] as [string, string][],
  fri: [[from, to]] as [string, string][],
  sat: [['09:00', '14:00']] as [string, string][],
});

/** The rosatom preset's menu, less what a small office leaves to its website, with housing associations. */
const LEFT_OUT = new Set(['contract-documents-list', 'paid-services', 'outage', 'microgeneration']);
const FOR_HOA = new Set([
  'new-contract',
  'meter-readings',
  'billing',
  'payment',
  'debt-reconnect',
  'meters',
  'documents',
  'complaint',
]);
const topics = rosatom.topics
  .filter((t) => !LEFT_OUT.has(t.id))
  .map((t) => (FOR_HOA.has(t.id) ? { ...t, segmentIds: [...t.segmentIds, 'hoa'] } : t));

/** What the hall must be told (seed 001 §3.4, seed 000 §6.2.2.2), as the running line of the hall board. */
const demoBoard: NonNullable<OfficeConfigInput['board']> = {
  infoLines: [
    {
      ru: 'Оплатить электроэнергию можно в кассе офиса, в личном кабинете и в мобильном приложении — без комиссии',
      en: 'You can pay for electricity at the office cash desk, in your online account and in the mobile app, with no commission',
    },
    {
      ru: 'Показания приборов учёта можно передать в личном кабинете, в мобильном приложении, по телефону контактного центра или в офисе',
      en: 'Meter readings can be submitted in your online account, in the mobile app, by calling the contact centre or at the office',
    },
    {
      ru: 'Действующие тарифы и нормативы потребления размещены на информационном стенде в зале и на сайте компании',
      en: 'Current tariffs and consumption norms are on the information stand in the hall and on the company website',
    },
    {
      ru: 'Обращения, претензии и жалобы принимаются в офисе, в личном кабинете, письмом и через контактный центр',
      en: 'Appeals, claims and complaints are accepted at the office, in your online account, by letter and via the contact centre',
    },
    {
      ru: 'В личном кабинете — оплата, показания и история начислений без визита в офис. Специалисты помогут подключиться',
      en: 'Your online account: payments, readings and bill history without visiting the office. Our staff will help you sign up',
    },
  ],
  zones: [
    { id: 'left', name: { ru: 'Окна 1–3', en: 'Windows 1–3' }, hallId: 'main', windowIds: ['w1', 'w2', 'w3'] },
    { id: 'right', name: { ru: 'Окна 4–6', en: 'Windows 4–6' }, hallId: 'main', windowIds: ['w4', 'w5', 'w6'] },
  ],
  announce: { quietHours: [{ from: '19:00', to: '20:00', volume: 40 }] },
};

/**
 * The demo office: the `rosatom` norm preset (seed 001 §3.5: wait 8 / 4 / 12, service 8 / 4 / 16, visit ≤ 33 min)
 * and its topic menu (seed 001 §17, per-topic service norms from its annex), with housing associations as
 * a third kind of visitor, six windows, named operators and the hall's running line.
 */
export function rosatomDemoOffice(overrides: Partial<OfficeConfigInput> = {}): OfficeConfig {
  const input: OfficeConfigInput = {
    officeId: 'demo-tver',
    name: { ru: 'ЦОК «Тверской», ул. Советская, 12', en: 'Tver customer office, 12 Sovetskaya St' },
    timeZone: 'Europe/Moscow',
    normPreset: 'rosatom',
    officeHours: weekdays('08:00', '20:00'),
    receptionHours: weekdays('08:00', '20:00'),
    holidays: [],
    halls: [{ id: 'main', name: { ru: 'Клиентский зал', en: 'Customer hall' } }],
    windows: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `w${n}`, number: n, hallId: 'main', kind: 'window' as const })),
    segments: [...rosatom.segments, { id: 'hoa', name: { ru: 'УК, ТСЖ', en: 'Housing association' } }],
    services: rosatom.services.filter((s) => topics.some((t) => t.serviceId === s.id)),
    topics,
    operators: [
      { id: 'op1', name: 'Иванова Анна Сергеевна', skills: ['consult', 'consult-cash', 'digital'] },
      { id: 'op2', name: 'Петров Дмитрий Олегович', skills: ['cash', 'consult-cash'] },
      { id: 'op3', name: 'Смирнова Елена Викторовна', skills: ['consult', 'contract', 'digital'] },
      { id: 'op4', name: 'Кузнецов Игорь Павлович', skills: ['contract', 'consult'] },
      {
        id: 'op5',
        name: 'Соколова Мария Андреевна',
        skills: ['consult', 'cash', 'consult-cash', 'contract', 'digital'],
      },
      {
        id: 'op6',
        name: 'Попов Алексей Николаевич',
        skills: ['consult', 'cash', 'consult-cash', 'contract', 'digital'],
      },
    ],
    priorityCategories: [
      { id: 'disability', name: { ru: 'Люди с инвалидностью', en: 'People with disabilities' } },
      { id: 'veteran', name: { ru: 'Ветераны ВОВ и боевых действий', en: 'War veterans' } },
      { id: 'parent', name: { ru: 'Родители с детьми до 3 лет', en: 'Parents with children under 3' } },
    ],
    breakReasons: [
      { id: 'lunch', name: { ru: 'Обед', en: 'Lunch' } },
      { id: 'rest', name: { ru: 'Технологический перерыв', en: 'Short break' } },
      { id: 'backoffice', name: { ru: 'Работа с документами', en: 'Back-office work' } },
      { id: 'meeting', name: { ru: 'Совещание, обучение', en: 'Meeting or training' } },
    ],
    outcomeCodes: [
      { id: 'resolved', name: { ru: 'Вопрос решён', en: 'Resolved' } },
      { id: 'docs-accepted', name: { ru: 'Документы приняты', en: 'Documents accepted' } },
      { id: 'docs-missing', name: { ru: 'Не хватает документов', en: 'Documents missing' } },
      { id: 'payment-accepted', name: { ru: 'Платёж принят', en: 'Payment accepted' } },
      { id: 'redirected', name: { ru: 'Направлен в другое подразделение', en: 'Sent to another unit' } },
      { id: 'consultation', name: { ru: 'Дана консультация', en: 'Consultation given' } },
    ],
    rules: { totalNormMin: 33 },
    board: demoBoard,
    // seed 003 §8.6: pre-registration for consultations and contracts, two visitors per 15-minute slot
    booking: { enabled: true, slotMin: 15, windowDays: 14, capacity: { consult: 2, contract: 1 } },
    ...overrides,
  };
  return OfficeConfig.parse(input);
}

export interface DemoUser {
  login: string;
  password: string;
  name: string;
  roles: ('operator' | 'hall_admin' | 'config_admin')[];
  operatorId?: string;
}

/** Known demo passwords, printed at start: this is a demo, never a production default. */
export function demoUsers(config: OfficeConfig): DemoUser[] {
  return [
    ...config.operators.map((op, i) => ({
      login: `operator${i + 1}`,
      password: `talon${i + 1}`,
      name: op.name,
      roles: ['operator' as const],
      operatorId: op.id,
    })),
    { login: 'admin', password: 'admin-talon', name: 'Администратор зала', roles: ['hall_admin'] },
    {
      login: 'config',
      password: 'config-talon',
      name: 'Администратор настроек',
      roles: ['config_admin', 'hall_admin'],
    },
  ];
}
