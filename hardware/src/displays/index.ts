export { DisplayBus, type DisplayBusOptions, type Outcome, type WindowDisplayDriver } from './bus.js';
export {
  BROADCAST,
  type DisplayStatus,
  decodeText,
  encodeFrame,
  encodeText,
  FrameDecoder,
  frames,
  MAX_ADDRESS,
  MAX_TEXT,
} from './protocol.js';
export {
  type OpenablePort,
  openDisplayBus,
  openSerialLine,
  type PortFactory,
  type SerialLineOptions,
} from './serial.js';
export { VirtualDisplay, VirtualDisplayBus, virtualLink } from './virtual.js';
