import type { TelegramChannel } from './channels.js';

export interface PollerDeps {
  channel: TelegramChannel;
  /** The next update to ask for, kept in the database so a restart does not handle a «/start» twice. */
  offset: { get(): number; set(n: number): void };
  /** «/start <parameter>» from a chat; returns whether the parameter named a ticket. */
  onStart: (start: string, chatId: string) => boolean;
  pollSec: number;
  retryMs: number;
  log?: (line: string) => void;
}

/**
 * The office reaches Telegram, never the other way round (no public address, no webhook): one long-polling
 * `getUpdates` at a time, each update handled once (the offset moves past it before the next call).
 */
export class TelegramPoller {
  private readonly abort = new AbortController();
  private running: Promise<void> | undefined;

  constructor(private readonly d: PollerDeps) {}

  start(): void {
    this.running ??= this.loop();
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await this.running;
  }

  private async loop(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        const signal = AbortSignal.any([AbortSignal.timeout((this.d.pollSec + 10) * 1000), this.abort.signal]);
        const updates = await this.d.channel.getUpdates(this.d.offset.get(), this.d.pollSec, signal);
        for (const u of updates) {
          this.d.offset.set(u.update_id + 1);
          const text = u.message?.text ?? '';
          const chat = u.message?.chat?.id;
          const start = /^\/start\s+([A-Za-z0-9_-]{1,64})\s*$/.exec(text)?.[1];
          if (start && chat !== undefined) this.d.onStart(start, String(chat));
        }
      } catch (err) {
        if (this.abort.signal.aborted) return;
        this.d.log?.(`Telegram: getUpdates не удался · failed: ${err instanceof Error ? err.name : 'error'}`);
        await sleep(this.d.retryMs, this.abort.signal);
      }
    }
  }
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(t);
      resolve();
    });
  });
