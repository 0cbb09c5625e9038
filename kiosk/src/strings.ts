import type { Strings } from '@talon/ui';

/** Visitor-facing wording: polite, never «Вы обязаны», «Явиться», «Предъявить» (seed 001). */
export const S = {
  appTitle: ['Терминал выдачи талонов', 'Ticket terminal'],
  welcome: ['Добро пожаловать!', 'Welcome!'],
  chooseSegment: ['Выберите, кем вы обращаетесь', 'Please choose who you are'],
  chooseTopic: ['Выберите тему обращения', 'Please choose the purpose of your visit'],
  noTopics: [
    'Для этой категории пока нет тем обращения. Пожалуйста, обратитесь к администратору зала',
    'There are no topics for this category yet. Please ask the hall administrator',
  ],
  documentsTitle: ['Для этого обращения понадобятся документы', 'For this request you will need'],
  documentsHint: [
    'Если каких-то документов нет с собой, специалист подскажет, как поступить',
    'If you do not have some of them with you, the specialist will advise you',
  ],
  getTicket: ['Получить талон', 'Get a ticket'],
  issuing: ['Оформляем талон…', 'Issuing your ticket…'],
  yourTicket: ['Ваш талон', 'Your ticket'],
  peopleAheadNone: ['Перед вами никого нет', 'There is no one ahead of you'],
  peopleAhead: ['Перед вами: {n} {people}', 'People ahead of you: {n}'],
  printing: ['Талон печатается', 'Your ticket is being printed'],
  waitForCall: [
    'Пожалуйста, ожидайте вызова — номер талона и окно появятся на табло',
    'Please wait for your number to appear on the board with the window',
  ],
  done: ['Готово', 'Done'],
  toStart: ['На главную', 'Start over'],
  unavailableTitle: ['Терминал временно недоступен', 'The terminal is temporarily unavailable'],
  unavailableText: [
    'Приносим извинения за неудобство. Пожалуйста, обратитесь к администратору зала',
    'We apologise for the inconvenience. Please ask the hall administrator',
  ],
  notConfigured: [
    'Терминал готовится к работе. Пожалуйста, обратитесь к администратору зала',
    'The terminal is being prepared. Please ask the hall administrator',
  ],
  issueFailed: [
    'Не удалось оформить талон. Пожалуйста, попробуйте ещё раз или обратитесь к администратору зала',
    'We could not issue a ticket. Please try again or ask the hall administrator',
  ],
  connecting: ['Подключение…', 'Connecting…'],
} as const satisfies Strings;
