import { type PrintResult, UNREACHABLE } from '@talon/hardware';
import type { Server, Socket } from 'socket.io';
import type { Identity } from '../edge/identity.js';

/** What a device agent answers to a `print` event. */
export type AgentReply = PrintResult;

export interface AgentJob {
  jobId: string;
  /** ESC/POS bytes, base64. */
  data: string;
}

/**
 * Device agents (a Node process on a kiosk PC with a USB or serial printer) connect to `/device`
 * with a device token; the server hands them jobs there and they answer with the print result.
 */
export class AgentHub {
  private readonly sockets = new Map<string, Socket>();

  attach(io: Server) {
    io.of('/device').on('connection', (socket) => {
      const id = (socket.data as { identity?: Identity }).identity;
      if (id?.kind !== 'device' || id.device.role !== 'device') return;
      const deviceId = id.device.deviceId;
      this.sockets.get(deviceId)?.disconnect(true);
      this.sockets.set(deviceId, socket);
      socket.on('disconnect', () => {
        if (this.sockets.get(deviceId) === socket) this.sockets.delete(deviceId);
      });
    });
  }

  connected(deviceId: string): boolean {
    return this.sockets.get(deviceId)?.connected ?? false;
  }

  /**
   * One job to the agent. No socket: nothing was sent. A socket but no answer in time: the agent may
   * have printed it, so the caller must treat it as sent.
   */
  async print(deviceId: string, job: AgentJob, timeoutMs: number): Promise<PrintResult> {
    const socket = this.sockets.get(deviceId);
    if (!socket?.connected)
      return {
        ok: false,
        reason: 'unreachable',
        sent: false,
        status: UNREACHABLE('the device agent is not connected'),
      };
    try {
      const reply = (await socket.timeout(timeoutMs).emitWithAck('print', job)) as AgentReply;
      if (reply && typeof reply === 'object' && typeof reply.ok === 'boolean') return reply;
      return { ok: false, reason: 'bad-reply', sent: true, status: UNREACHABLE('the agent answered nonsense') };
    } catch {
      return { ok: false, reason: 'timeout', sent: true, status: UNREACHABLE('no answer from the device agent') };
    }
  }
}
