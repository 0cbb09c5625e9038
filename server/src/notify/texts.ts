import { type OfficeConfig, pluralRu, type Ticket } from '@talon/protocol';

/**
 * The messages, in Russian (an SMS has no language switch; the office's own language is Russian), each
 * starting with the office's name so the visitor knows who writes. Never a name or a phone number.
 */

const office = (config: OfficeConfig | null) => config?.name.ru ?? 'Офис';

/** «к окну 3» / «в кабинет 12»: where the call sends the visitor, as the board says it. */
function place(config: OfficeConfig | null, windowId: string | undefined): string {
  const w = config?.windows.find((x) => x.id === windowId);
  if (!w) return 'к окну';
  return w.kind === 'cabinet' ? `в кабинет ${w.number}` : `к окну ${w.number}`;
}

export function nearText(config: OfficeConfig | null, ticket: Ticket, ahead: number | null): string {
  const who =
    ahead === null || ahead < 0
      ? ''
      : ahead === 0
        ? ', перед вами никого'
        : `, перед вами ${ahead} ${pluralRu(ahead, 'человек', 'человека', 'человек')}`;
  return `${office(config)}. Ваша очередь подходит: талон ${ticket.number}${who}. Пожалуйста, вернитесь в зал ожидания.`;
}

/** «Талон К-012: пройдите к окну 3». */
export function calledText(config: OfficeConfig | null, ticket: Ticket): string {
  return `${office(config)}. Талон ${ticket.number}: пройдите ${place(config, ticket.windowId)}.`;
}

export function subscribedText(config: OfficeConfig | null, ticket: Ticket): string {
  return `${office(config)}. Талон ${ticket.number}: сообщим, когда очередь будет подходить, и когда вас вызовут.`;
}
