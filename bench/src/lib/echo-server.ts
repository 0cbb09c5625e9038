/**
 * The baseline for realtime latency: a socket.io server with no application logic, in its own process
 * like the office server. It answers every `echo` with what it got and prints its port when ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

const http = createServer();
const io = new Server(http, { serveClient: false });
io.on('connection', (socket) => {
  socket.on('echo', (payload: unknown, ack: unknown) => {
    if (typeof ack === 'function') ack(payload);
  });
});
http.listen(0, '127.0.0.1', () => {
  process.stdout.write(`echo-server listening ${(http.address() as AddressInfo).port}\n`);
});
process.once('SIGTERM', () => {
  io.close();
  process.exit(0);
});
