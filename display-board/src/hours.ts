import { type Lang, WEEKDAY_SHORT, WEEKDAYS, type WeekSchedule } from '@talon/protocol';

/** Inside the running line the Russian names are lower case: «пн–пт 08:00–20:00». */
const DAY_NAMES: Record<Lang, readonly string[]> = {
  ru: WEEKDAYS.map((d) => WEEKDAY_SHORT[d][0].toLowerCase()),
  en: WEEKDAYS.map((d) => WEEKDAY_SHORT[d][1]),
};
const LABEL: Record<Lang, { title: string; closed: string; lunch: string }> = {
  ru: { title: 'Часы приёма', closed: 'выходной', lunch: ', ' },
  en: { title: 'Reception hours', closed: 'closed', lunch: ', ' },
};

/** «Часы приёма: пн–пт 08:00–20:00, сб 09:00–14:00, вс — выходной»: equal neighbouring days are merged. */
export function receptionHoursText(schedule: WeekSchedule, lang: Lang): string {
  const names = DAY_NAMES[lang];
  const label = LABEL[lang];
  const spans = WEEKDAYS.map((d) => (schedule[d] ?? []).map(([a, b]) => `${a}–${b}`).join(label.lunch));
  const groups: { from: number; to: number; hours: string }[] = [];
  spans.forEach((hours, i) => {
    const last = groups.at(-1);
    if (last && last.hours === hours && last.to === i - 1) last.to = i;
    else groups.push({ from: i, to: i, hours });
  });
  const parts = groups.map((g) => {
    const days = g.from === g.to ? names[g.from] : `${names[g.from]}–${names[g.to]}`;
    return g.hours ? `${days} ${g.hours}` : `${days} — ${label.closed}`;
  });
  return `${label.title}: ${parts.join(', ')}`;
}
