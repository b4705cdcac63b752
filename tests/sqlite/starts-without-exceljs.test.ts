/**
 * The server starts without loading exceljs (a quarter to a third of a second, some 20 MB): a
 * server restarted after a crash answers its devices that much sooner. The first workbook asked
 * for loads it. Run once, on SQLite: which packages load does not depend on the database.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/paths.ts';
import { ApiClient, startServerProcess } from '../helpers/server.ts';

const dir = mkdtempSync(join(tmpdir(), 'gridwork-loaded-'));

/** The packages a server process had loaded when it stopped, after `work`. */
async function packagesLoaded(name: string, work: (client: ApiClient) => Promise<void>): Promise<string[]> {
  const file = join(dir, name);
  const server = await startServerProcess({
    nodeImports: [join(ROOT, 'tests/helpers/loaded-packages.mjs')],
    env: { LOADED_PACKAGES_FILE: file },
  });
  try {
    await work(new ApiClient(server.url));
  } finally {
    await server.stop();
  }
  return readFileSync(file, 'utf8').split('\n');
}

describe('a server starting', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('loads exceljs only once a workbook is asked for', async () => {
    const synced = await packagesLoaded('synced', async (client) => {
      await client.login('worker01');
      const pulled = await client.request('GET', '/api/sync/pull?limit=100');
      expect(pulled.status).toBe(200);
    });
    expect(synced).toContain('fastify');
    expect(synced).not.toContain('exceljs');

    const exported = await packagesLoaded('exported', async (client) => {
      await client.login('admin');
      const template = await client.request('GET', '/api/import/households/template.xlsx');
      expect(template.status).toBe(200);
    });
    expect(exported).toContain('exceljs');
  });
});
