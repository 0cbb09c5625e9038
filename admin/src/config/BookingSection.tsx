import { BookingSettings, type BookingSettingsInput, type LocalText } from '@talon/protocol';
import { type Pair, type Strings, useI18n } from '@talon/ui';
import type { FormContext } from './SchemaForm.js';

/** The booking section's words (issue 15): Russian first, English second. */
const W = {
  title: ['Предварительная запись', 'Bookings'],
  intro: [
    'Запись на сайте, число мест на каждое время по услугам, талоны с телефона по QR-коду у входа и оповещения «Ваша очередь подходит». Запись по телефонному звонку администратор делает при любой настройке «на сайте».',
    'Booking on the website, places per slot for each service, tickets taken on the phone from the entrance QR code, and «your turn is near» messages. The administrator books for a caller whatever the website setting.',
  ],
  enabled: ['Запись на сайте открыта', 'Booking on the website is open'],
  slotMin: ['Длительность одного времени записи, мин', 'Length of a slot, min'],
  windowDays: ['На сколько дней вперёд можно записаться', 'How many days ahead one may book'],
  perPhonePerDay: ['Записей на один телефон в день', 'Bookings per phone number per day'],
  capacity: ['Мест на каждое время записи по услугам', 'Places per slot by service'],
  capacityHint: ['0 — на эту услугу не записывают', '0: this service is not booked in advance'],
  phoneTickets: ['Талон с телефона (QR-код у входа)', 'Tickets on the phone (entrance QR code)'],
  phoneOn: ['Можно взять талон с телефона', 'A ticket may be taken on the phone'],
  phonePerDay: ['Талонов на один телефон в день', 'Tickets per phone number per day'],
  notify: ['Оповещение «Ваша очередь подходит»', 'The «your turn is near» message'],
  aheadMax: ['Когда впереди осталось не больше, человек', 'When at most this many people are ahead'],
  minutesMax: ['Или когда ждать осталось не больше, мин', 'Or when the wait is at most, min'],
} as const satisfies Strings;

type Settings = BookingSettings;
const DEFAULTS: Settings = BookingSettings.parse({});

/** What the draft holds, over the defaults: a half-typed value stays visible (the check marks it). */
function current(raw: unknown): Settings {
  const b = (raw ?? {}) as Partial<Settings>;
  return {
    ...DEFAULTS,
    ...b,
    capacity: { ...(b.capacity ?? {}) },
    phoneTickets: { ...DEFAULTS.phoneTickets, ...(b.phoneTickets ?? {}) },
    notify: { ...DEFAULTS.notify, ...(b.notify ?? {}) },
  };
}

/**
 * `booking` of the office configuration as a form of its own: the generic schema form cannot show the
 * capacity per service as the office's services. Edits go to the same draft, checked and saved like every
 * other section.
 */
export function BookingSection({
  ctx,
  onChange,
}: {
  ctx: FormContext;
  onChange: (booking: BookingSettingsInput) => void;
}) {
  const { t, tr } = useI18n();
  const s = current(ctx.draft.booking);
  const ro = ctx.readOnly;
  const services = Array.isArray(ctx.draft.services) ? (ctx.draft.services as { id: string; name: LocalText }[]) : [];
  const set = (patch: Partial<Settings>) => onChange({ ...s, ...patch });
  const issue = (path: string) => ctx.issues.get(`booking.${path}`);

  const num = (label: Pair, path: string, value: number, put: (n: number) => void, min = 0, max = 999) => {
    const problem = issue(path);
    return (
      <div className={`cfg-field ${problem ? 'invalid' : ''}`}>
        <label className="cfg-label" htmlFor={`cfg-booking.${path}`}>
          {t(label)}
        </label>
        <input
          id={`cfg-booking.${path}`}
          data-testid={`cfg-booking.${path}`}
          type="number"
          inputMode="numeric"
          min={min}
          max={max}
          disabled={ro}
          value={Number.isFinite(value) ? value : ''}
          onChange={(e) => put(e.target.value === '' ? Number.NaN : Math.trunc(Number(e.target.value)))}
        />
        {problem && <span className="cfg-issue">{tr(problem)}</span>}
      </div>
    );
  };

  const check = (label: Pair, path: string, value: boolean, put: (b: boolean) => void) => (
    <label className="cfg-check">
      <input
        type="checkbox"
        data-testid={`cfg-booking.${path}`}
        disabled={ro}
        checked={value}
        onChange={(e) => put(e.target.checked)}
      />
      {t(label)}
    </label>
  );

  return (
    <section className="card panel cfg-section" data-testid="cfg-page-booking">
      <h2>{t(W.title)}</h2>
      <p className="muted">{t(W.intro)}</p>
      {check(W.enabled, 'enabled', s.enabled, (enabled) => set({ enabled }))}
      {num(W.slotMin, 'slotMin', s.slotMin, (slotMin) => set({ slotMin }), 5, 120)}
      {num(W.windowDays, 'windowDays', s.windowDays, (windowDays) => set({ windowDays }), 1, 90)}
      {num(W.perPhonePerDay, 'perPhonePerDay', s.perPhonePerDay, (perPhonePerDay) => set({ perPhonePerDay }), 1, 10)}
      <fieldset className="cfg-group">
        <legend>{t(W.capacity)}</legend>
        <p className="muted">{t(W.capacityHint)}</p>
        {services.map((svc) =>
          num(
            [tr(svc.name) || svc.id, tr(svc.name) || svc.id],
            `capacity.${svc.id}`,
            s.capacity[svc.id] ?? 0,
            (n) => {
              const capacity = { ...s.capacity };
              // 0 and absent mean the same: the draft keeps only the services booked in advance
              if (n === 0) delete capacity[svc.id];
              else capacity[svc.id] = n;
              set({ capacity });
            },
            0,
            50,
          ),
        )}
      </fieldset>
      <fieldset className="cfg-group">
        <legend>{t(W.phoneTickets)}</legend>
        {check(W.phoneOn, 'phoneTickets.enabled', s.phoneTickets.enabled, (enabled) =>
          set({ phoneTickets: { ...s.phoneTickets, enabled } }),
        )}
        {num(
          W.phonePerDay,
          'phoneTickets.perPhonePerDay',
          s.phoneTickets.perPhonePerDay,
          (perPhonePerDay) => set({ phoneTickets: { ...s.phoneTickets, perPhonePerDay } }),
          1,
          20,
        )}
      </fieldset>
      <fieldset className="cfg-group">
        <legend>{t(W.notify)}</legend>
        {num(
          W.aheadMax,
          'notify.aheadMax',
          s.notify.aheadMax,
          (aheadMax) => set({ notify: { ...s.notify, aheadMax } }),
          0,
          50,
        )}
        {num(
          W.minutesMax,
          'notify.minutesMax',
          s.notify.minutesMax,
          (minutesMax) => set({ notify: { ...s.notify, minutesMax } }),
          0,
          240,
        )}
      </fieldset>
    </section>
  );
}
