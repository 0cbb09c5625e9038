import { z } from 'zod';
import { VisitorPhone } from '../booking.js';
import { route } from './define.js';
import { typed } from './typed.js';

/**
 * «Ваша очередь подходит» and «пройдите к окну» for a visitor who asked for them (server/src/notify,
 * docs/notifications.md): the opt-in at the kiosk and on the ticket page, the channels' settings, the outbox.
 */

const ADMIN = ['hall_admin', 'config_admin'] as const;
const Token = z.object({ token: z.string() });
/** The ticket page's language and contrast, kept on the way back to it; anything else is ignored. */
const PageQuery = z.object({
  lang: z.enum(['ru', 'en']).optional().catch(undefined),
  contrast: z.literal('high').optional().catch(undefined),
});

export const NotifyChannel = z.enum(['sms', 'telegram']);
export type NotifyChannel = z.infer<typeof NotifyChannel>;

/**
 * An SMS gateway over HTTP, the shape of the common Russian providers (SMS.ru, SMSC and the like): the
 * request is built from templates where `{phone}`, `{text}` and `{sender}` are replaced (URL-encoded in the
 * address, and in a form body; JSON-escaped in a JSON body).
 */
export const SmsGatewaySettings = z
  .object({
    enabled: z.boolean().default(false),
    /** `https://sms.ru`; the provider's real address, or a local fake in tests. */
    baseUrl: z.string().trim().max(300).default(''),
    method: z.enum(['GET', 'POST']).default('POST'),
    /** Path and query after the base: `/sms/send?api_id=…&to={phone}&msg={text}&json=1`. */
    path: z.string().max(1000).default('/'),
    /** The POST body template (empty for GET). */
    body: z.string().max(2000).default(''),
    contentType: z.enum(['application/x-www-form-urlencoded', 'application/json']).default('application/json'),
    /** Sent as is, e.g. `Authorization: Basic …`; a secret. */
    authHeader: z
      .object({ name: z.string().trim().min(1).max(100), value: z.string().max(1000) })
      .nullable()
      .default(null),
    /** The sender name registered with the provider. */
    sender: z.string().max(20).default(''),
    /** When set, a 2xx answer counts as sent only if its body contains this text (SMS.ru answers 200 with an error). */
    okContains: z.string().max(100).default(''),
  })
  .strict();
export type SmsGatewaySettings = z.infer<typeof SmsGatewaySettings>;

export const TelegramSettings = z
  .object({
    enabled: z.boolean().default(false),
    /** From @BotFather; a secret. */
    botToken: z.string().trim().max(200).default(''),
    /** The bot's username without @, for the deep link `https://t.me/<botName>?start=…`. */
    botName: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9_]{0,64}$/)
      .default(''),
    apiBase: z.string().trim().max(300).default('https://api.telegram.org'),
  })
  .strict();
export type TelegramSettings = z.infer<typeof TelegramSettings>;

export const NotifySettings = z
  .object({
    sms: SmsGatewaySettings.prefault({}),
    telegram: TelegramSettings.prefault({}),
  })
  .strict();
export type NotifySettings = z.infer<typeof NotifySettings>;
export type NotifySettingsInput = z.input<typeof NotifySettings>;

/**
 * What the administrator reads: the secrets only as their last characters (`…abcd`); sending one back
 * unchanged (or leaving it out) keeps the saved one.
 */
export type NotifySettingsView = NotifySettings;

export type NotifyMessageStatus = 'pending' | 'sent' | 'failed' | 'dropped';

/** One message of the outbox, as the administrator sees it: never the phone number. */
export interface NotifyMessageRow {
  id: number;
  ticketId: string;
  number: string;
  channel: NotifyChannel;
  /** «Ваша очередь подходит», the call, or the bot's answer to «Start». */
  kind: 'near' | 'called' | 'subscribed';
  text: string;
  status: NotifyMessageStatus;
  attempts: number;
  createdAt: number;
  nextAt: number | null;
  sentAt: number | null;
  lastError: string | null;
}

export const notifyRoutes = {
  kioskNotifyOffer: route({
    method: 'GET',
    path: '/api/kiosk/notify',
    access: ['kiosk'],
    response: typed<{ sms: boolean }>(),
    errors: [],
    summary: 'Whether the kiosk offers «Сообщить, когда подойдёт очередь» (an SMS gateway is set up)',
  }),
  kioskNotifySubscribe: route({
    method: 'POST',
    path: '/api/kiosk/notify',
    access: ['kiosk'],
    body: z.object({ ticketId: z.string().min(1).max(80), phone: VisitorPhone }).strict(),
    response: typed<{ ok: true }>(),
    errors: ['UNKNOWN_TICKET', 'TICKET_NOT_WAITING', 'NOTIFY_UNAVAILABLE'],
    summary: 'The visitor at the kiosk asks for an SMS when the turn is near and at the call',
  }),
  visitNotifySubscribe: route({
    method: 'POST',
    path: '/v/:token/notify',
    access: 'public',
    params: Token,
    query: PageQuery,
    // the ticket page's form as sent (application/x-www-form-urlencoded): `phone`
    body: z.instanceof(URLSearchParams).catch(() => new URLSearchParams()),
    produces: 'redirect',
    errors: [],
    summary: 'The ticket page’s SMS opt-in: back to `/v/<token>?notify=sms|invalid-phone|unavailable|closed`',
  }),
  visitNotifyTelegram: route({
    method: 'GET',
    path: '/v/:token/telegram',
    access: 'public',
    params: Token,
    query: PageQuery,
    produces: 'redirect',
    errors: [],
    summary: 'The ticket page’s Telegram opt-in: to the bot’s deep link (or back to the page with `?notify=…`)',
  }),
  notifySettings: route({
    method: 'GET',
    path: '/api/notify/settings',
    access: ADMIN,
    response: typed<NotifySettingsView>(),
    errors: [],
    summary: 'The SMS gateway and the Telegram bot (secrets shown by their last characters only)',
  }),
  saveNotifySettings: route({
    method: 'PUT',
    path: '/api/notify/settings',
    access: ['config_admin'],
    body: NotifySettings,
    response: typed<NotifySettingsView>(),
    errors: [],
    summary: 'Sets the SMS gateway and the Telegram bot (a secret sent back masked keeps the saved one)',
  }),
  notifyMessages: route({
    method: 'GET',
    path: '/api/notify/messages',
    access: ADMIN,
    query: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
    response: typed<{ messages: NotifyMessageRow[] }>(),
    errors: [],
    summary: 'The latest notifications with their status (pending, sent, failed, dropped) and attempts',
  }),
};
