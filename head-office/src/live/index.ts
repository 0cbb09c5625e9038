import type { Server } from 'node:http';
import type pg from 'pg';
import type { HqDeps } from '../context.js';

export interface Live {
  close(): Promise<void>;
}

/**
 * TODO(issue 13): socket.io for head-office screens; LISTENs on HQ_OFFICE_CHANNEL so that an office's
 * batch stored by any process reaches every process's screens.
 */
export async function attachLive(_server: Server, _pool: pg.Pool, _deps: HqDeps): Promise<Live> {
  return { close: async () => {} };
}
