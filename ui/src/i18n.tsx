import type { Lang, LocalText } from '@talon/protocol';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/** A UI string: Russian first, English second. */
export type Pair = readonly [ru: string, en: string];
export type Strings = Record<string, Pair>;

/** Strings every Talon screen uses. Apps keep their own tables of the same shape. */
export const COMMON = {
  langToggle: ['English', 'Русский'],
  langToggleHint: ['Switch to English', 'Переключить на русский'],
  contrastOn: ['Высокий контраст', 'High contrast'],
  contrastOff: ['Обычный контраст', 'Normal contrast'],
  offline: ['Нет связи с сервером. Переподключаемся…', 'No connection to the server. Reconnecting…'],
  connecting: ['Подключение к серверу…', 'Connecting to the server…'],
  back: ['Назад', 'Back'],
  networkError: [
    'Нет связи с сервером. Проверьте подключение и повторите',
    'No connection to the server. Check the connection and try again',
  ],
  pairingTitle: ['Привязка устройства', 'Device pairing'],
  pairingHint: ['Введите код привязки, выданный администратором', 'Enter the pairing code given by the administrator'],
  pairingCode: ['Код привязки', 'Pairing code'],
  pairingSubmit: ['Привязать', 'Pair'],
  pairingBusy: ['Привязываем…', 'Pairing…'],
  pairingLost: [
    'Привязка устройства больше не действует. Введите новый код',
    'This device is no longer paired. Enter a new code',
  ],
  window: ['Окно', 'Window'],
  cabinet: ['Кабинет', 'Room'],
} as const satisfies Strings;

interface LangContextValue {
  lang: Lang;
  setLang: (lang: Lang) => void;
  toggle: () => void;
}

const LangContext = createContext<LangContextValue | null>(null);

function readLang(key: string | undefined): Lang {
  if (!key) return 'ru';
  try {
    return localStorage.getItem(key) === 'en' ? 'en' : 'ru';
  } catch {
    return 'ru';
  }
}

/** `persistKey` keeps the choice across reloads (operator, board); a kiosk leaves it out and resets to Russian. */
export function LangProvider({ children, persistKey }: { children: ReactNode; persistKey?: string }) {
  const [lang, setLangState] = useState<Lang>(() => readLang(persistKey));
  useEffect(() => {
    document.documentElement.lang = lang;
    if (!persistKey) return;
    try {
      localStorage.setItem(persistKey, lang);
    } catch {
      // storage may be unavailable (private mode); the choice then lasts for the page only
    }
  }, [lang, persistKey]);
  const setLang = useCallback((l: Lang) => setLangState(l), []);
  const toggle = useCallback(() => setLangState((l) => (l === 'ru' ? 'en' : 'ru')), []);
  const value = useMemo(() => ({ lang, setLang, toggle }), [lang, setLang, toggle]);
  return <LangContext.Provider value={value}>{children}</LangContext.Provider>;
}

export interface I18n extends LangContextValue {
  /** Text from the configuration or the server (`{ ru, en }`). */
  tr: (text: LocalText | undefined) => string;
  /** A UI string pair; `{name}` placeholders are filled from `vars`. */
  t: (pair: Pair, vars?: Record<string, string | number>) => string;
}

export function useI18n(): I18n {
  const ctx = useContext(LangContext);
  if (!ctx) throw new Error('useI18n outside <LangProvider>');
  const { lang } = ctx;
  return useMemo(
    () => ({
      ...ctx,
      tr: (text) => (text ? text[lang] || text.ru : ''),
      t: (pair, vars) => fill(lang === 'en' ? pair[1] : pair[0], vars),
    }),
    [ctx, lang],
  );
}

function fill(s: string, vars?: Record<string, string | number>): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Russian plural form (1 человек, 2 человека, 5 человек): the one rule, kept in `@talon/protocol`. */
export { pluralRu } from '@talon/protocol/words';

export function LangToggle({ className }: { className?: string }) {
  const { toggle, t, lang } = useI18n();
  // the button names the other language in that language: a screen reader (and the matrix) reads it as such
  return (
    <button
      type="button"
      className={`toggle ${className ?? ''}`}
      data-testid="lang-toggle"
      onClick={toggle}
      aria-label={t(COMMON.langToggleHint)}
    >
      <span lang={lang === 'ru' ? 'en' : 'ru'}>{t(COMMON.langToggle)}</span>
    </button>
  );
}

/** «Окно 3» / «Кабинет 3». */
export function useWindowLabel(): (kind: 'window' | 'cabinet', number: number) => string {
  const { t } = useI18n();
  return (kind, number) => `${t(kind === 'cabinet' ? COMMON.cabinet : COMMON.window)} ${number}`;
}
