/**
 * A phone opens the app: the server answers health checks, serves the PWA shell for any page
 * address (deep links included), keeps the service worker revalidated, and answers unknown API
 * routes in JSON, never with the app's HTML.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { ApiClient, startServer, type TestServer } from '../helpers/server.ts';

const packageVersion = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const indexHtml = readFileSync(join(ROOT, 'dist/index.html'), 'utf8');

describe('a server that serves the app', () => {
  let server: TestServer;
  let client: ApiClient;

  beforeAll(async () => {
    server = await startServer({ serveApp: true });
    client = new ApiClient(server.url);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers a health check without a session, naming the database it runs on', async () => {
    const response = await client.request('GET', '/api/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({ status: 'ok', version: packageVersion, database: inject('database') });
  });

  it('serves the PWA shell at /', async () => {
    const response = await client.request('GET', '/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(response.body).toBe(indexHtml);
    expect(response.headers.get('cache-control')).toContain('no-cache');
  });

  it('serves the same shell for a deep link, so a reload on a household page works', async () => {
    for (const path of ['/household/abc', '/building/1/unit/2', '/issues?status=reported']) {
      const response = await client.request('GET', path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(response.body, path).toBe(indexHtml);
      expect(response.headers.get('cache-control'), path).toContain('no-cache');
    }
  });

  it('serves the service worker with cache-control no-cache, so an update is always seen', async () => {
    const response = await client.request('GET', '/sw.js');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/javascript/);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(response.body).toBe(readFileSync(join(ROOT, 'dist/sw.js'), 'utf8'));
  });

  it('lets hashed assets be cached for good', async () => {
    const asset = readdirSync(join(ROOT, 'dist/assets')).find((name) => name.endsWith('.js'));
    expect(asset).toBeDefined();
    const response = await client.request('GET', `/assets/${asset}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(response.headers.get('cache-control')).toContain('max-age=31536000');
  });

  it('answers an unknown API route with a JSON 404, not the app', async () => {
    const response = await client.request('GET', '/api/nope');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('answers a POST to a page address with a JSON 404, not the app', async () => {
    const response = await client.request('POST', '/household/abc', {});
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('an API-only server (no built app to serve)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startServer({ serveApp: false });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers page addresses with a JSON 404 and still answers health', async () => {
    const client = new ApiClient(server.url);
    const page = await client.request('GET', '/household/abc');
    expect(page.status).toBe(404);
    expect(page.body.error.code).toBe('not_found');
    const health = await client.request('GET', '/api/health');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('ok');
  });
});
