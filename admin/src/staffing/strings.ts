import { WEEKDAY_SHORT } from '@talon/protocol';
import type { Strings } from '@talon/ui';

/** Russian first, English second. */
export const T = {
  title: ['Сколько окон открыть', 'How many windows to open'],
  intro: [
    'Рекомендация по истории офиса (Erlang A/C): сколько окон нужно каждый час, чтобы {share} посетителей вызывали в пределах норматива ожидания.',
    "Advice from the office's own history (Erlang A/C): windows needed each hour to call {share} of visitors within the wait norm.",
  ],
  nowOpen: ['Открыто сейчас', 'Open now'],
  nowRecommended: ['Рекомендуется', 'Recommended'],
  nowShort: ['Не хватает окон: откройте ещё {n}', 'Short of windows: open {n} more'],
  nowSpare: [
    'Окон больше, чем нужно: {n} можно направить на другие задачи',
    'More windows than needed: {n} could do other work',
  ],
  nowOk: ['Окон столько, сколько нужно', 'As many windows as needed'],
  nowClosed: ['Сейчас приём не ведётся', 'No reception at this hour'],
  today: ['Сегодня по часам', 'Today, hour by hour'],
  week: ['План на неделю', 'Week plan'],
  hour: ['Час', 'Hour'],
  forecast: ['Ожидается', 'Expected'],
  actual: ['Пришло', 'Came'],
  recommended: ['Окон нужно', 'Windows needed'],
  erlangC: ['По Erlang C', 'Erlang C'],
  dedicated: ['Если окна по услугам', 'If windows per service'],
  expectedShare: ['В нормативе', 'Within norm'],
  open: ['Открыто', 'Open'],
  closedDay: ['выходной', 'closed'],
  target: ['Цель', 'Target'],
  weeks: ['История', 'History'],
  weeksN: ['{n} нед.', '{n} wk'],
  refresh: ['Обновить', 'Refresh'],
  loading: ['Считаем…', 'Calculating…'],
  model: ['Модель: {model}; терпение посетителей {patience}', 'Model: {model}; visitor patience {patience}'],
  patienceUnknown: ['пока не оценено', 'not estimated yet'],
  patienceMin: ['≈ {n} мин', '≈ {n} min'],
  history: ['История: {from} — {to}, визитов: {n}', 'History: {from} to {to}, {n} visits'],
  noHistory: [
    'Истории пока нет: прогноз появится после первых дней работы.',
    'No history yet: the forecast appears after the first days of work.',
  ],
  unreachable: ['цель недостижима', 'target out of reach'],
  services: ['Услуги', 'Services'],
  serviceLine: [
    '{name}: норматив {norm} мин, обслуживание ≈ {mean} мин ({n} визитов)',
    '{name}: norm {norm} min, service ≈ {mean} min ({n} visits)',
  ],
  ...WEEKDAY_SHORT,
} as const satisfies Strings;
