import { decodeTickets, encodeTicket, parseEscPos, renderTicketPng, type TicketData } from '@talon/hardware';
import type { OfficeConfig, PaperWidth, TicketLayout } from '@talon/protocol';

/** A made-up ticket in the office's words, to show a layout without issuing anything. */
export function sampleTicket(config: OfficeConfig | null, now: number, linkBase: string): TicketData {
  return {
    officeName: config?.name.ru ?? 'ЦОК',
    serviceName: config?.services[0]?.name.ru ?? 'Консультация',
    number: `${config?.services[0]?.prefix ?? 'К'}-012`,
    issuedAt: now,
    timeZone: config?.timeZone ?? 'Europe/Moscow',
    peopleAhead: 3,
    estimate: { lowMin: 10, highMin: 15 },
    qrUrl: `${linkBase.replace(/\/$/, '')}/v/WyJzYW1wbGUiXQ.preview`,
  };
}

/**
 * The layout's PNG preview goes the same way a real ticket does: encoded to ESC/POS, decoded back,
 * drawn dot by dot. What the preview shows is what the bytes say.
 */
export async function layoutPreviewPng(
  layout: TicketLayout,
  data: TicketData,
  paperWidth: PaperWidth,
  qr: 'native' | 'raster',
): Promise<Buffer> {
  const bytes = await encodeTicket(layout, data, { paperWidth, qr, codePage: 'cp866' });
  const [ticket] = decodeTickets(parseEscPos(bytes));
  if (!ticket) throw new Error('the encoder produced no complete ticket');
  return renderTicketPng(ticket, paperWidth);
}
