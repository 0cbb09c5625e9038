import type { Lang, OfficeConfig } from '@talon/protocol';

/** «Окно 3» / «Кабинет 3», as the hall's signs say it. */
export function windowLabel(config: OfficeConfig | null, windowId: string | undefined, lang: Lang): string | undefined {
  const w = config?.windows.find((x) => x.id === windowId);
  if (!w) return undefined;
  const word = w.kind === 'cabinet' ? (lang === 'en' ? 'Room' : 'Кабинет') : lang === 'en' ? 'Window' : 'Окно';
  return `${word} ${w.number}`;
}
