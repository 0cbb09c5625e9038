import { VirtualPrinter } from '@talon/hardware';
import { type PaperWidth, PrinterConfig, type PrinterConfigInput } from '@talon/protocol';
import type { Server } from 'socket.io';
import type { Edge } from '../edge/plugin.js';
import { loadOrCreateSecret } from '../links.js';
import type { Office } from '../office.js';
import type { Store } from '../store/index.js';
import { AgentHub } from './agents.js';
import { type PrintingRoutesDeps, registerPrintingRoutes } from './routes.js';
import { ownUrl, PrintService } from './service.js';
import { registerVirtualPrinterPages } from './virtual-pages.js';

export interface PrintingOptions {
  /** Printers to add or update at start (`--printer tcp://…`); others stay as configured before. */
  printers?: PrinterConfigInput[];
  /** Run a virtual printer in this process and print every kiosk's tickets on it (the demo). */
  virtualPrinter?: boolean | { paperWidth?: PaperWidth };
  /** Printer status polls, ms; 0 = only around jobs. */
  printerPollMs?: number;
  /** Base of the QR link; default: the office server's own address. */
  publicBaseUrl?: string;
}

export interface Printing {
  service: PrintService;
  virtualPrinter?: VirtualPrinter;
  attach(io: Server): void;
  /** `scheme`: https when the server has a certificate, so that the printed QR links say so. */
  start(host: string | undefined, port: number, scheme?: 'http' | 'https'): void;
  close(): Promise<void>;
}

/** Printing for `startServer`: the service, its routes, device agents, the demo's virtual printer. */
export async function setupPrinting(
  edge: Edge,
  deps: { office: Office; store: Store; dataDir: string; audit?: PrintingRoutesDeps['audit'] },
  opts: PrintingOptions,
): Promise<Printing> {
  const agents = new AgentHub();
  const service = new PrintService({
    office: deps.office,
    store: deps.store,
    agents,
    secret: loadOrCreateSecret(deps.dataDir),
    ...(opts.publicBaseUrl ? { publicBaseUrl: opts.publicBaseUrl } : {}),
    ...(opts.printerPollMs !== undefined ? { statusPollMs: opts.printerPollMs } : {}),
  });
  let virtualPrinter: VirtualPrinter | undefined;
  if (opts.virtualPrinter) {
    const paperWidth = typeof opts.virtualPrinter === 'object' ? (opts.virtualPrinter.paperWidth ?? 80) : 80;
    virtualPrinter = await new VirtualPrinter({ paperWidth }).start();
    service.setPrinter(
      PrinterConfig.parse({ id: 'virtual', name: 'Виртуальный принтер', connection: virtualPrinter.url, paperWidth }),
    );
    registerVirtualPrinterPages(edge, virtualPrinter);
  }
  for (const p of opts.printers ?? []) service.setPrinter(PrinterConfig.parse(p));
  registerPrintingRoutes(edge, {
    office: deps.office,
    store: deps.store,
    printing: service,
    ...(deps.audit ? { audit: deps.audit } : {}),
  });
  return {
    service,
    ...(virtualPrinter ? { virtualPrinter } : {}),
    attach: (io) => agents.attach(io),
    // the address the server listens on; 0.0.0.0 means every interface, so the LAN address is printed
    start: (host, port, scheme) => service.start(ownUrl(host ?? '127.0.0.1', port, scheme)),
    async close() {
      await service.close();
      await virtualPrinter?.stop();
    },
  };
}
