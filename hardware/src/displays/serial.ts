import type { Duplex } from 'node:stream';
import { lazy } from '../lazy.js';
import { DisplayBus, type DisplayBusOptions } from './bus.js';

const serialport = lazy<typeof import('serialport')>('serialport');

/** TWD-1 lines run 8N1; the speed is set on the displays (DIP switches), 9600 by default. */
export interface SerialLineOptions {
  path: string;
  baudRate?: number;
}

export interface PortOpenOptions {
  path: string;
  baudRate: number;
  dataBits: 8;
  stopBits: 1;
  parity: 'none';
  autoOpen: false;
}

/** A serialport stream (real or `SerialPortMock`) before it is opened. */
export type OpenablePort = Duplex & { open(cb: (err: Error | null) => void): void; readonly isOpen: boolean };
export type PortFactory = (opts: PortOpenOptions) => OpenablePort;

const realPort: PortFactory = (opts) => new (serialport().SerialPort)(opts);

/** Opens the port; rejects with the OS's reason (no such device, permission denied, busy). */
export async function openSerialLine(opts: SerialLineOptions, factory: PortFactory = realPort): Promise<OpenablePort> {
  const port = factory({
    path: opts.path,
    baudRate: opts.baudRate ?? 9600,
    dataBits: 8,
    stopBits: 1,
    parity: 'none',
    autoOpen: false,
  });
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return port;
}

export async function openDisplayBus(
  opts: SerialLineOptions & DisplayBusOptions,
  factory: PortFactory = realPort,
): Promise<DisplayBus> {
  return new DisplayBus(await openSerialLine(opts, factory), opts);
}
