import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { type HqDeps, refuse } from '../context.js';

const VISITOR_DIST = fileURLToPath(new URL('../../../visitor/dist', import.meta.url));

/**
 * The visitor's booking pages (the SPA built in visitor/): its files under /book/, its page for /book
 * (choose an office first) and for /o/<office>/book… (that office). The page reads which from its address.
 */
export async function registerBookingPages(app: FastifyInstance, deps: HqDeps, dist = VISITOR_DIST): Promise<void> {
  const index = join(dist, 'index.html');
  const send = (reply: FastifyReply, html: string) =>
    reply.code(200).header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(html);
  // read on each request: a page rebuilt while head office runs is served as built
  const html = () => readFile(index, 'utf8').catch(() => null);
  const page = async (reply: FastifyReply) => {
    const h = await html();
    return h === null ? refuse('NOT_FOUND') : send(reply, h);
  };
  const bare = async (_req: unknown, reply: FastifyReply) => {
    const h = await html();
    return h === null ? reply.callNotFound() : send(reply, h);
  };
  if (existsSync(dist)) {
    // the built files by name; every other path under /book is one of the page's own (a manage link)
    await app.register(fastifyStatic, { root: dist, prefix: '/book/', wildcard: false, decorateReply: false });
  }
  app.get('/book', bare);
  app.get('/book/*', bare);
  deps.serve('publicBookingPage', ({ reply }) => page(reply));
  deps.serve('publicBookingPages', ({ reply }) => page(reply));
}
