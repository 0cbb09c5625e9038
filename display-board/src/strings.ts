import type { Strings } from '@talon/ui';

export const S = {
  appTitle: ['Табло зала', 'Hall board'],
  ticket: ['Талон', 'Ticket'],
  goTo: ['Пройдите', 'Please go to'],
  noCalls: ['Пожалуйста, ожидайте вызова', 'Please wait for your number to be called'],
  notConfigured: ['Табло готовится к работе', 'The board is being prepared'],
  liveQueue: [
    'Офис работает в режиме живой очереди. Обратитесь к администратору зала',
    'The office is working as a live queue. Please ask the hall administrator',
  ],
  connecting: ['Подключение…', 'Connecting…'],
} as const satisfies Strings;
