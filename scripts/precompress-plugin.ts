/**
 * Brotli and gzip copies of the built PWA, made once at build time so the server sends them as
 * they are (@fastify/static's `preCompressed`) instead of compressing each response: a phone on a
 * slow line downloads a third of the bytes, and the server spends no CPU on it per request.
 *
 * Runs after every other plugin has written its files (`order: 'post'`, `sequential`), so the
 * service worker that vite-plugin-pwa builds in its own closeBundle is compressed too. Node's own
 * zlib does the work at the highest settings: the cost is paid once, at build.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin, ResolvedConfig } from 'vite';

const COMPRESSIBLE = /\.(js|mjs|css|html|svg|json|webmanifest|txt)$/;
/** Below this a compressed copy saves less than its headers and the lookup cost. */
const MIN_BYTES = 1024;

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? filesUnder(path) : Promise.resolve([path]);
    }),
  );
  return nested.flat();
}

/** Writes FILE.br and FILE.gz beside each compressible file, where the copy is smaller. */
export async function precompressDirectory(dir: string): Promise<{ files: number; bytes: number; brotli: number }> {
  const files = (await filesUnder(dir)).filter((file) => COMPRESSIBLE.test(file));
  let bytes = 0;
  let brotliBytes = 0;
  let count = 0;
  for (const file of files) {
    if ((await stat(file)).size < MIN_BYTES) continue;
    const source = await readFile(file);
    const [br, gz] = await Promise.all([
      brotli(source, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
          [constants.BROTLI_PARAM_SIZE_HINT]: source.length,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      }),
      gzipAsync(source, { level: constants.Z_BEST_COMPRESSION }),
    ]);
    if (br.length < source.length) await writeFile(`${file}.br`, br);
    if (gz.length < source.length) await writeFile(`${file}.gz`, gz);
    bytes += source.length;
    brotliBytes += Math.min(br.length, source.length);
    count += 1;
  }
  return { files: count, bytes, brotli: brotliBytes };
}

export function precompress(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'gridwork:precompress',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    closeBundle: {
      order: 'post',
      sequential: true,
      async handler() {
        const outDir = resolve(config.root, config.build.outDir);
        const { files, bytes, brotli: compressed } = await precompressDirectory(outDir);
        config.logger.info(
          `precompressed ${files} files: ${(bytes / 1024).toFixed(0)} KB → ${(compressed / 1024).toFixed(0)} KB brotli`,
        );
      },
    },
  };
}
