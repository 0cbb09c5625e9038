import { z } from 'zod';

/** Every user-facing string exists in Russian (first) and English. */
export const LocalText = z.object({
  ru: z.string().min(1).max(2000),
  en: z.string().min(1).max(2000),
});
export type LocalText = z.infer<typeof LocalText>;

export type Lang = 'ru' | 'en';
export const Lang = z.enum(['ru', 'en']);

export const t = (ru: string, en: string): LocalText => ({ ru, en });
