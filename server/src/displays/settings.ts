import { readFileSync } from 'node:fs';
import { Id } from '@talon/protocol';
import { z } from 'zod';

/**
 * Window displays are wired to this machine, so their settings live in a file on the office
 * server (`--displays <file>` or TALON_DISPLAYS), not in the office configuration: an
 * administrator editing the office over the API must not be able to point the server at an
 * arbitrary device file. See docs/window-display-protocol.md.
 */
export const DisplayBusSettings = z
  .object({
    id: Id.default('main'),
    /** Shown in the device list; defaults to «Табло окон (<port>)». */
    name: z.string().trim().min(1).max(80).optional(),
    /** `/dev/ttyUSB0`, `/dev/serial/by-id/…`, `COM3`, or `virtual` (in-memory displays for the demo and tests). */
    port: z.string().trim().min(1).max(300),
    baudRate: z.literal([1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200]).default(9600),
    /** Only the windows of this hall get a display by default. */
    hallId: Id.optional(),
    /** Explicit window → address; absent = every window (of `hallId`) at address = window number. */
    displays: z
      .array(z.object({ windowId: Id, address: z.int().min(1).max(99) }).strict())
      .max(99)
      .optional(),
    /** Set on every display when the bus opens; absent = leave the displays' own setting. */
    brightness: z.int().min(0).max(9).optional(),
    /** A recall blinks the number this long. */
    blinkOnRecallSec: z.int().min(1).max(99).default(10),
    replyTimeoutMs: z.int().min(20).max(5000).default(250),
    retries: z.int().min(0).max(5).default(2),
    /** Status query of every display this often; also the heartbeat of the bus (devices go offline after 30 s). */
    pollSec: z.int().min(2).max(25).default(10),
  })
  .strict()
  .superRefine((b, ctx) => {
    const seen = new Set<number>();
    for (const d of b.displays ?? []) {
      if (seen.has(d.address)) ctx.addIssue({ code: 'custom', message: `address ${d.address} used twice` });
      seen.add(d.address);
    }
  });
export type DisplayBusSettings = z.infer<typeof DisplayBusSettings>;

export const WindowDisplaySettings = z
  .object({ buses: z.array(DisplayBusSettings).min(1).max(16) })
  .strict()
  .superRefine((s, ctx) => {
    const ids = s.buses.map((b) => b.id);
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', message: 'bus ids must be unique' });
    const ports = s.buses.map((b) => b.port).filter((p) => p !== 'virtual');
    if (new Set(ports).size !== ports.length)
      ctx.addIssue({ code: 'custom', message: 'two buses on one serial port: a bus has one master' });
  });
export type WindowDisplaySettings = z.infer<typeof WindowDisplaySettings>;
export type WindowDisplaySettingsInput = z.input<typeof WindowDisplaySettings>;

/** The demo office: one in-memory bus, a display above every window. */
export const DEMO_DISPLAYS: WindowDisplaySettingsInput = { buses: [{ id: 'demo', port: 'virtual' }] };

export function loadDisplaySettings(path: string): WindowDisplaySettings {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`window displays: cannot read ${path}: ${(err as Error).message}`);
  }
  const r = WindowDisplaySettings.safeParse(raw);
  if (!r.success)
    throw new Error(
      `window displays: ${path} is not valid: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}
