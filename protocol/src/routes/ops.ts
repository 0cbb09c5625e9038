import { route } from './define.js';

/** Running the office: what the company's monitoring reads. */
export const opsRoutes = {
  metrics: route({
    method: 'GET',
    path: '/metrics',
    // Scrapers cannot sign in: the route checks its own bearer token (`--metrics-token`). Without one it
    // answers only the office server's own machine (docs/install-office-server.md).
    access: 'public',
    produces: 'file',
    errors: ['UNAUTHORIZED'],
    summary: 'Queue, wait, command, device and process figures in the Prometheus text format',
  }),
};
