import { peopleAhead } from '@talon/engine';
import {
  type NotifyChannel,
  type NotifyMessageRow,
  type NotifySettings,
  type NotifySettingsInput,
  phoneKey,
  type Ticket,
} from '@talon/protocol';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { type Channel, SmsChannel, TelegramChannel } from './channels.js';
import {
  loadNotifySettings,
  merge,
  saveNotifySettings,
  smsReady,
  telegramReady,
  thresholdsOf,
  viewOf,
} from './settings.js';
import { type NotifyTables, notifyTables } from './tables.js';
import { TelegramPoller } from './telegram-poll.js';
import { calledText, nearText, subscribedText } from './texts.js';

/** `ServerOptions.notify`: timing of the outbox (tests shorten it); the channels are set in the data folder. */
export interface NotifyOptions {
  /** How often (real ms) the outbox and the thresholds are looked at besides after each commit; default 2 s. */
  pollMs?: number;
  /** One request to a gateway, real ms (`AbortSignal.timeout`); default 10 s. */
  timeoutMs?: number;
  /** The first retry after this many ms on the office's clock, doubling each time up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Attempts before a message is marked failed; default 6. */
  maxAttempts?: number;
  /** Telegram long polling: seconds a `getUpdates` waits, and real ms before trying again after an error. */
  telegramPollSec?: number;
  telegramRetryMs?: number;
}

const DEFAULTS = {
  pollMs: 2000,
  timeoutMs: 10_000,
  backoffMs: 30_000,
  maxBackoffMs: 15 * 60_000,
  maxAttempts: 6,
  telegramPollSec: 25,
  telegramRetryMs: 5000,
} as const;

/** Where a subscription's phone number and chat id are kept (personal_data, purged with the visit's). */
export const notifyRef = (ticketId: string) => `notify:${ticketId}`;
const TELEGRAM = 'telegram:';

export type SubscribeResult = 'ok' | 'unavailable' | 'unknown-ticket' | 'not-waiting' | 'invalid-phone';

export interface NotifierDeps {
  office: Office;
  store: Store;
  dataDir: string;
  options?: NotifyOptions;
  log?: (line: string) => void;
}

/**
 * «Ваша очередь подходит» and the call, for visitors who asked. Everything here runs off the command path:
 * a commit only schedules a look (setImmediate), and the sending is plain async I/O with a timeout per
 * request, so a dead or slow gateway never delays a command. Messages are queued in SQLite (the outbox)
 * and retried with back-off on the office's clock.
 */
export class Notifier {
  private settings: NotifySettings;
  private readonly tables: NotifyTables;
  private readonly o: Required<NotifyOptions>;
  private readonly channels: Record<NotifyChannel, Channel>;
  private readonly sending = new Set<NotifyChannel>();
  private readonly closing = new AbortController();
  private readonly telegram: TelegramChannel;
  private poller: TelegramPoller | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private scheduled = false;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly d: NotifierDeps) {
    this.o = { ...DEFAULTS, ...d.options };
    this.settings = loadNotifySettings(d.dataDir);
    this.tables = notifyTables(d.store.db);
    this.telegram = new TelegramChannel(() => this.settings.telegram);
    this.channels = { sms: new SmsChannel(() => this.settings.sms), telegram: this.telegram };
  }

  start(): void {
    this.unsubscribe = this.d.office.onEvents(() => this.soon());
    if (this.o.pollMs > 0) {
      this.timer = setInterval(() => this.pump(), this.o.pollMs);
      this.timer.unref?.();
    }
    this.restartPoller();
    this.soon();
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    if (this.timer) clearInterval(this.timer);
    this.closing.abort();
    await this.poller?.stop();
  }

  // ---- settings

  view(): NotifySettings {
    return viewOf(this.settings);
  }

  save(input: NotifySettingsInput): NotifySettings {
    this.settings = merge(this.settings, input);
    saveNotifySettings(this.d.dataDir, this.settings);
    this.restartPoller();
    this.soon();
    return this.view();
  }

  get offersSms(): boolean {
    return smsReady(this.settings);
  }

  get offersTelegram(): boolean {
    return telegramReady(this.settings);
  }

  /**
   * What the ticket page (server/src/rating, `/v/<token>`) offers for this ticket: the channels set up, and
   * which of them the visitor already took (never the number itself).
   */
  pageOptions(ticketId: string): { sms: boolean; telegram: boolean; subscribed: { sms: boolean; telegram: boolean } } {
    const live = this.liveTicket(ticketId) !== undefined;
    const v = this.d.store.personal.valuesOf(notifyRef(ticketId));
    return {
      sms: live && this.offersSms,
      telegram: live && this.offersTelegram,
      subscribed: { sms: v.phone !== undefined, telegram: v.contact?.startsWith(TELEGRAM) ?? false },
    };
  }

  messages(limit: number): NotifyMessageRow[] {
    return this.tables.list(limit);
  }

  // ---- subscriptions

  private liveTicket(ticketId: string): Ticket | undefined {
    return this.d.office.view().tickets[ticketId];
  }

  /** The visitor's number for this ticket: kept as personal data, never in this module's tables. */
  subscribeSms(ticketId: string, phone: string): SubscribeResult {
    if (!this.offersSms) return 'unavailable';
    const key = phoneKey(phone);
    if (key === null) return 'invalid-phone';
    const t = this.liveTicket(ticketId);
    if (!t) return 'unknown-ticket';
    if (t.status !== 'waiting' && t.status !== 'postponed') return 'not-waiting';
    const now = this.d.office.clock.now();
    this.d.store.transaction(() => {
      this.d.store.personal.insert([
        { ref: notifyRef(ticketId), kind: 'phone', value: phone.trim(), phone: key, at: t.issuedAt },
      ]);
      this.tables.subscribeSms(ticketId, now);
    });
    this.soon();
    return 'ok';
  }

  /** The deep link for the ticket page; null when the bot is not set up or the ticket has left the hall. */
  telegramLink(ticketId: string): string | null | 'closed' {
    if (!this.offersTelegram) return null;
    if (!this.liveTicket(ticketId)) return 'closed';
    const start = this.tables.telegramLink(ticketId, this.d.office.clock.now());
    return `https://t.me/${this.settings.telegram.botName}?start=${start}`;
  }

  /** «/start <link>» from a chat: the chat id joins the ticket (as personal data) and the bot says so. */
  linkChat(start: string, chatId: string): boolean {
    const ticketId = this.tables.ticketOfLink(start);
    const t = ticketId ? this.liveTicket(ticketId) : undefined;
    if (!ticketId || !t) return false;
    const now = this.d.office.clock.now();
    const config = this.d.office.config;
    this.d.store.transaction(() => {
      this.d.store.personal.insert([
        { ref: notifyRef(ticketId), kind: 'contact', value: `${TELEGRAM}${chatId}`, phone: null, at: t.issuedAt },
      ]);
      this.tables.setLinked(ticketId);
      this.tables.queue(
        { ticketId, number: t.number, channel: 'telegram', kind: 'subscribed', text: subscribedText(config, t) },
        now,
      );
    });
    this.soon();
    return true;
  }

  // ---- the work, off the command path

  /** After a commit or a change: one look on the next turn of the event loop, however many asked. */
  soon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closing.signal.aborted) return;
    try {
      this.evaluate();
    } catch (err) {
      this.d.log?.(`Оповещения: проверка очереди не удалась · Notifications: evaluation failed: ${String(err)}`);
    }
    for (const channel of ['sms', 'telegram'] as const) if (!this.sending.has(channel)) void this.drain(channel);
  }

  /** Queues what has become true since the last look: a ticket near its turn, a call; drops what is moot. */
  evaluate(): void {
    const state = this.d.office.view();
    const now = this.d.office.clock.now();
    const config = state.config;
    // tickets that left the hall (served, no-show, cancelled): their messages are no longer true
    for (const ticketId of this.tables.watched())
      if (!state.tickets[ticketId]) {
        this.tables.dropTicket(ticketId, 'the ticket left the queue');
        this.tables.endTicket(ticketId);
      }
    const { aheadMax, minutesMax } = thresholdsOf(config);
    for (const sub of this.tables.active()) {
      const t = state.tickets[sub.ticketId];
      if (!t) continue;
      const base = { ticketId: t.id, number: t.number, channel: sub.channel };
      if (t.status === 'called' || t.status === 'serving') {
        this.d.store.transaction(() => {
          this.tables.dropKind(t.id, 'near', 'the ticket was called');
          this.tables.markCalled(t.id, sub.channel, now);
          if (t.status === 'called') this.tables.queue({ ...base, kind: 'called', text: calledText(config, t) }, now);
        });
        continue;
      }
      if (sub.nearAt !== null || t.status !== 'waiting') continue;
      const ahead = peopleAhead(state, t, now);
      // nobody serves it now: neither figure means anything
      if (ahead === null) continue;
      const estimate = this.d.office.estimateFor(t.id);
      const minutes = estimate ? (estimate.pointMin ?? (estimate.lowMin + estimate.highMin) / 2) : null;
      if (ahead > aheadMax && (minutes === null || minutes >= minutesMax)) continue;
      this.d.store.transaction(() => {
        this.tables.markNear(t.id, sub.channel, now);
        this.tables.queue({ ...base, kind: 'near', text: nearText(config, t, ahead) }, now);
      });
    }
  }

  /** Where a message goes, from personal data: gone after an erasure or the retention. */
  private destination(channel: NotifyChannel, ticketId: string): string | undefined {
    const v = this.d.store.personal.valuesOf(notifyRef(ticketId));
    if (channel === 'sms') return v.phone;
    return v.contact?.startsWith(TELEGRAM) ? v.contact.slice(TELEGRAM.length) : undefined;
  }

  /** Sends the channel's due messages one after another; another channel's trouble does not wait on it. */
  private async drain(channel: NotifyChannel): Promise<void> {
    this.sending.add(channel);
    try {
      for (;;) {
        if (this.closing.signal.aborted) return;
        const ready = channel === 'sms' ? this.offersSms : this.offersTelegram;
        if (!ready) return;
        const m = this.tables.nextDue(channel, this.d.office.clock.now());
        if (!m) return;
        const t = this.liveTicket(m.ticketId);
        if (!t) {
          this.tables.dropOne(m.id, 'the ticket left the queue');
          continue;
        }
        const to = this.destination(channel, m.ticketId);
        if (!to) {
          this.tables.dropOne(m.id, 'no address: erased or past the retention');
          continue;
        }
        const attempts = m.attempts + 1;
        try {
          const signal = AbortSignal.any([AbortSignal.timeout(this.o.timeoutMs), this.closing.signal]);
          await this.channels[channel].send(to, m.text, signal);
          this.tables.sent(m.id, attempts, this.d.office.clock.now());
        } catch (err) {
          if (this.closing.signal.aborted) return;
          const why = errorLine(err);
          const failed = attempts >= this.o.maxAttempts;
          const wait = Math.min(this.o.maxBackoffMs, this.o.backoffMs * 2 ** (attempts - 1));
          this.tables.retry(
            m.id,
            failed ? 'failed' : 'pending',
            attempts,
            failed ? null : this.d.office.clock.now() + wait,
            why,
          );
          this.d.log?.(
            `Оповещение ${m.id} (${channel}) не отправлено, попытка ${attempts}: ${why} · Notification not sent`,
          );
        }
      }
    } finally {
      this.sending.delete(channel);
    }
  }

  private restartPoller(): void {
    const old = this.poller;
    this.poller = undefined;
    void old?.stop();
    if (!this.offersTelegram || this.closing.signal.aborted) return;
    this.poller = new TelegramPoller({
      channel: this.telegram,
      offset: {
        get: () => Number(this.tables.getState('telegram.offset') ?? 0),
        set: (n) => this.tables.setState('telegram.offset', String(n)),
      },
      onStart: (start, chatId) => this.linkChat(start, chatId),
      pollSec: this.o.telegramPollSec,
      retryMs: this.o.telegramRetryMs,
      ...(this.d.log ? { log: this.d.log } : {}),
    });
    this.poller.start();
  }
}

/** A line for the outbox and the log: the status or the kind of failure, never a URL (it may hold a key). */
function errorLine(err: unknown): string {
  if (err instanceof Error) {
    if (err.name === 'TimeoutError') return 'timeout';
    if (err.name === 'SendError') return err.message;
    return err.name === 'TypeError' ? 'network error' : err.name;
  }
  return 'error';
}
