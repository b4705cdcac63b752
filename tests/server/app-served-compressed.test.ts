/**
 * A phone on a slow line opens the app: its JavaScript arrives brotli- or gzip-compressed, as the
 * build compressed it, marked so that no cache in between mixes the encodings up, and the hashed
 * files are cached for good. A client that accepts no compression still gets the plain bytes.
 */
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { startServer, type TestServer } from '../helpers/server.ts';

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET that leaves the body as it came over the wire (fetch would decompress it unseen). */
function get(url: string, acceptEncoding?: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers: acceptEncoding ? { 'accept-encoding': acceptEncoding } : {} }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
      response.on('error', reject);
    });
    sent.on('error', reject);
    sent.end();
  });
}

const indexHtml = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');
/** The app's entry script, as index.html names it. */
const entryScript = /<script[^>]+src="(\/assets\/[^"]+\.js)"/.exec(indexHtml)?.[1] ?? '';
const entryBytes = readFileSync(join(ROOT, 'dist', entryScript));

describe('the built app, served compressed', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ serveApp: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('sends the app script brotli-encoded to a browser that accepts brotli, cached for good', async () => {
    expect(entryScript).not.toBe('');
    const response = await get(`${server.url}${entryScript}`, 'gzip, deflate, br, zstd');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['content-type']).toMatch(/javascript/);
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(response.body.length).toBeLessThan(entryBytes.length / 2);
    expect(brotliDecompressSync(response.body).equals(entryBytes)).toBe(true);
  });

  it('sends it gzip-encoded to a browser that accepts only gzip', async () => {
    const response = await get(`${server.url}${entryScript}`, 'gzip');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(gunzipSync(response.body).equals(entryBytes)).toBe(true);
  });

  it('sends the plain script to a client that accepts no compression, still marked as varying', async () => {
    const response = await get(`${server.url}${entryScript}`);
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
    expect(response.headers.vary).toMatch(/accept-encoding/i);
    expect(response.body.equals(entryBytes)).toBe(true);
  });

  it('compresses the service worker too, and keeps it revalidated', async () => {
    const response = await get(`${server.url}/sw.js`, 'br');
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe('br');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(response.body).equals(readFileSync(join(ROOT, 'dist/sw.js')))).toBe(true);
  });

  it('answers a deep link with the shell, uncompressed or compressed alike', async () => {
    const response = await get(`${server.url}/household/abc`, 'gzip, br');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toContain('no-cache');
    const encoding = response.headers['content-encoding'];
    const body =
      encoding === 'br'
        ? brotliDecompressSync(response.body)
        : encoding === 'gzip'
          ? gunzipSync(response.body)
          : response.body;
    expect(body.toString('utf8')).toBe(indexHtml);
  });
});
