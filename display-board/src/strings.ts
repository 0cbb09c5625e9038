import type { Strings } from '@talon/ui';

export const S = {
  appTitle: ['Табло зала', 'Hall board'],
  ticket: ['Талон', 'Ticket'],
  goTo: ['Пройдите', 'Please go to'],
  window: ['Окно', 'Window'],
  nowCalling: ['Приглашаются', 'Now calling'],
  earlier: ['Ранее', 'Earlier'],
  noCalls: ['Пожалуйста, ожидайте вызова', 'Please wait for your number to be called'],
  notConfigured: ['Табло готовится к работе', 'The board is being prepared'],
  liveQueue: [
    'Офис работает в режиме живой очереди. Обратитесь к администратору зала',
    'The office is working as a live queue. Please ask the hall administrator',
  ],
  connecting: ['Подключение…', 'Connecting…'],
  waiting: ['Ожидают', 'Waiting'],
  soundBlocked: [
    'Звук объявлений выключен браузером. Коснитесь экрана один раз, чтобы включить звук',
    'The browser has blocked the announcement sound. Touch the screen once to turn it on',
  ],
  soundOff: ['Звук на этом табло выключен', 'Sound is off on this board'],
} as const satisfies Strings;
