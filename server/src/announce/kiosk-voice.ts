import { boardConfigOf, KIOSK_TICKET_NUMBER, type NumberStyle, ROUTES, routePath } from '@talon/protocol';
import { type Edge, refuse } from '../edge/plugin.js';
import type { Office } from '../office.js';
import { letterSegments, parseTicketNumber, ticketDigits } from './grammar.js';
import type { AnnouncementRenderer } from './renderer.js';

export const kioskSpeechUrl = (number: string) => routePath(ROUTES.ticketVoice, { file: `${number}.wav` });

/**
 * «Ваш талон ка двенадцать»: what the kiosk says on its result screen. No chime (the visitor is
 * standing at the screen) and the digits in the board's style, so the visitor hears the number
 * the way the hall will call it. Topic and segment names are per-office free text with no
 * recordings, so they are not spoken.
 */
export function kioskTicketSegments(number: string, style: NumberStyle): string[] {
  if (!KIOSK_TICKET_NUMBER.test(number)) throw new RangeError(`not a kiosk ticket number: ${number}`);
  const { letters, digits } = parseTicketNumber(number);
  return ['your', 'talon', ...letterSegments(letters), ...ticketDigits(digits, style)];
}

/**
 * `GET /api/voice/ticket/<number>.wav`. Public like `/api/voice/<key>.wav`: an `<audio>` element
 * sends no token, and the content is a ticket number, which boards show anyway. Read-only. The table
 * refuses anything but a kiosk number (400).
 */
export function registerKioskVoice(
  { serve }: Edge,
  deps: { office: Office; renderer: AnnouncementRenderer | null },
): void {
  serve('ticketVoice', ({ params: { file }, req, reply }) => {
    if (!deps.renderer) return refuse('INTERNAL', { voice: 'voice library unusable' });
    const number = file.slice(0, -'.wav'.length);
    const segments = kioskTicketSegments(number, boardConfigOf(deps.office.config).announce.numberStyle);
    const audio = deps.renderer.render(segments);
    // the same number may sound different after a style or library change: revalidate by key
    const etag = `"${audio.key}"`;
    reply.header('etag', etag).header('cache-control', 'no-cache').header('x-talon-segments', segments.join(' '));
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    return reply.header('content-type', 'audio/wav').send(audio.wav);
  });
}
