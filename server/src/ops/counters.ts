import type { CommandResponse } from '@talon/protocol';

/**
 * Counters the command path and the HTTP edge bump: a map increment each, in memory, never a database write,
 * so the one writer stays as fast as before. They start at zero with the process, as Prometheus counters may.
 */
export class CommandCounts {
  /** Commands by type, answered or refused. */
  readonly byType = new Map<string, number>();
  /** Refusals by `type code`. */
  readonly refused = new Map<string, number>();

  record(type: string, response: CommandResponse): void {
    this.byType.set(type, (this.byType.get(type) ?? 0) + 1);
    if (!response.ok) {
      const key = `${type} ${response.error.code}`;
      this.refused.set(key, (this.refused.get(key) ?? 0) + 1);
    }
  }
}

export type StatusClass = '1xx' | '2xx' | '3xx' | '4xx' | '5xx';
const CLASSES: readonly StatusClass[] = ['1xx', '2xx', '3xx', '4xx', '5xx'];

/** HTTP answers by status class (socket.io's own requests do not pass Fastify and are not counted). */
export class HttpCounts {
  private readonly counts = [0, 0, 0, 0, 0];

  record(status: number): void {
    const i = Math.floor(status / 100) - 1;
    if (i >= 0 && i < 5) this.counts[i] = (this.counts[i] ?? 0) + 1;
  }

  byClass(): [StatusClass, number][] {
    return CLASSES.map((c, i) => [c, this.counts[i] ?? 0]);
  }
}
