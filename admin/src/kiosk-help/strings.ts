import type { Pair } from '@talon/ui';

export const H = {
  title: ['Посетители зовут сотрудника', 'Visitors call for staff'],
  button: ['просит помощи', 'asks for help'],
  individual: ['нужно индивидуальное обслуживание', 'needs individual service'],
  waitingFor: ['ждёт {m}', 'waiting {m}'],
  comingBy: ['идёт:', 'on the way:'],
  coming: ['Иду', 'Coming'],
  resolve: ['Готово', 'Done'],
} satisfies Record<string, Pair>;
