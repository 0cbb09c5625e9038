export { AgentHub, type AgentJob } from './agents.js';
export { layoutPreviewPng, sampleTicket } from './preview.js';
export { registerPrintingRoutes } from './routes.js';
export { ownUrl, type PrinterView, PrintService, type PrintServiceOptions } from './service.js';
export { type Printing, type PrintingOptions, setupPrinting } from './setup.js';
export { registerVirtualPrinterPages } from './virtual-pages.js';
