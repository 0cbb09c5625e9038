import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy between an office and head office that a test can break: refuse new connections
 * (link down), cut every open connection (a dropped line), or cut each connection after it has
 * carried a number of bytes (a batch lost half-way).
 */
export interface TcpProxy {
  port: number;
  url: string;
  /** While down, connections are accepted and closed at once, as a dead router would. */
  setDown(down: boolean): void;
  /** Destroys every open connection now. */
  cutAll(): void;
  /** Every new connection is destroyed after it has carried this many bytes upstream (null: never). */
  cutAfterBytes(bytes: number | null): void;
  /** New connections go to another port (head office restarted elsewhere). */
  retarget(port: number): void;
  /** How many connections were cut by the proxy. */
  readonly cuts: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1'): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let down = false;
  let limit: number | null = null;
  let cuts = 0;
  let target = targetPort;
  const server: Server = createServer((client) => {
    if (down) {
      cuts += 1;
      client.destroy();
      return;
    }
    const upstream = connect(target, targetHost);
    sockets.add(client);
    sockets.add(upstream);
    let carried = 0;
    const budget = limit;
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('data', (chunk: Buffer) => {
      carried += chunk.length;
      if (budget !== null && carried > budget) {
        // Forward only part of the request, then cut: the server sees a truncated body.
        const keep = chunk.subarray(0, Math.max(0, chunk.length - (carried - budget)));
        if (keep.length > 0) upstream.write(keep);
        cuts += 1;
        drop();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    client.on('close', drop);
    upstream.on('close', drop);
    client.on('error', drop);
    upstream.on('error', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const port = typeof addr === 'object' && addr ? addr.port : 0;
  const cutAll = () => {
    for (const s of sockets) {
      cuts += 1;
      s.destroy();
    }
    sockets.clear();
  };
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setDown(d) {
      down = d;
      if (d) cutAll();
    },
    cutAll,
    retarget(p) {
      target = p;
    },
    cutAfterBytes(bytes) {
      limit = bytes;
    },
    get cuts() {
      return cuts;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
