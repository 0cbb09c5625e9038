import type { Pair } from '@talon/ui';

/** What the administrator does from an alarm (issue 16): answer an operator's request, send a late ticket on. */
export const A = {
  grant: ['Разрешить', 'Allow'],
  refuse: ['Отказать', 'Refuse'],
  send: ['Направить в окно', 'Send to a window'],
  sendTitle: ['Направить талон {number}', 'Send ticket {number}'],
  sendHint: [
    'Талон вызовет только выбранный оператор — раньше общей очереди. Место в очереди и время ожидания сохраняются.',
    'Only the chosen operator will call the ticket, before the general queue. Its place and waiting time are kept.',
  ],
  sendNobody: ['Сейчас в окнах нет операторов', 'No operator is at a window now'],
  sendLoading: ['Загрузка окон…', 'Loading windows…'],
  sent: ['Талон {number} направлен: {where}', 'Ticket {number} sent to {where}'],
  cancel: ['Отмена', 'Cancel'],
  ready: ['свободен', 'free'],
  serving: ['обслуживает', 'serving'],
  wrapUp: ['завершает', 'wrapping up'],
  onBreak: ['на перерыве', 'on a break'],
} as const satisfies Record<string, Pair>;
