// The device agent (DeviceAgent) runs on kiosk PCs, not in the server: import it from '@talon/hardware/agent'.
export {
  type Align,
  type Block,
  type DecodedTicket,
  decodeTickets,
  type TextLine,
  TicketAssembler,
} from './escpos/assemble.js';
export { type CodePage, decodeText, ESC_T, encodeText, normalizeForCodePage } from './escpos/codepage.js';
export { type EscPosOp, EscPosParser, parseEscPos } from './escpos/decoder.js';
export {
  blockingReason,
  DLE_EOT,
  deviceHealth,
  parseStatus,
  STATUS_QUERY,
  statusBytes,
  statusDetails,
  UNREACHABLE,
} from './escpos/status.js';
export {
  CHARS_PER_LINE,
  DOTS_PER_LINE,
  type EncodeOptions,
  encodeTicket,
  formatTicketDateTime,
  type TicketData,
  ticketTexts,
} from './escpos/ticket.js';
export { rasterToRgba, renderTicketPng } from './preview/render.js';
export { type ConnectionOptions, Printer, type PrintResult, transportFor } from './printer.js';
export { type SerialFactory, type SerialLike, SerialTransport } from './transport/serial.js';
export { TcpTransport } from './transport/tcp.js';
export { type Link, type Transport, TransportError } from './transport/types.js';
export { UsbFileTransport } from './transport/usb-file.js';
export {
  type PaperState,
  type PrintedTicket,
  VirtualPrinter,
  type VirtualPrinterOptions,
} from './virtual/virtual-printer.js';
