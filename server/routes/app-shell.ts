/** The built PWA at /, with every in-app address answered by its shell, and 404s for the rest of /api. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';

/** Files the build keeps brotli and gzip copies of (scripts/precompress-plugin.ts), and those copies. */
const MAY_BE_COMPRESSED = /\.(js|mjs|css|html|svg|json|webmanifest|txt)(\.br|\.gz)?$/;

export async function registerAppShell(app: FastifyInstance, { config }: ServerContext) {
  const staticDir = config.staticDir;
  const hasApp = staticDir !== null && existsSync(join(staticDir, 'index.html'));
  if (hasApp) {
    await app.register(fastifyStatic, {
      root: staticDir,
      wildcard: false,
      // The build writes FILE.br and FILE.gz beside each file (scripts/precompress-plugin.ts): they
      // are sent as they are to a browser that accepts them, with content-encoding and
      // vary: accept-encoding, and the plain file to one that does not.
      preCompressed: true,
      setHeaders(res, path) {
        // Hashed assets never change; the shell and the service worker must always be revalidated.
        if (path.includes('/assets/')) res.header('cache-control', 'public, max-age=31536000, immutable');
        else res.header('cache-control', 'no-cache');
        // The same address answers brotli, gzip or plain bytes by the request's accept-encoding: a
        // cache between us and the phone must keep them apart (the static plugin does not say so).
        if (MAY_BE_COMPRESSED.test(path)) res.header('vary', 'accept-encoding');
      },
    });
  }
  app.setNotFoundHandler((request, reply) => {
    const wantsPage = request.method === 'GET' && !request.url.startsWith('/api/');
    if (wantsPage && hasApp) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply
      .status(404)
      .send({ error: { code: 'not_found', message: `no route ${request.method} ${request.url}` } });
  });
}
