/**
 * A module worker built as one more entry of the app's own bundle, so the worker and the page
 * share chunks: what both import (Dexie, zod, the data layer) is downloaded once and then comes
 * from the browser's cache, instead of a second copy inside the worker's own file. Vite's
 * `new Worker(new URL(…))` bundles each worker apart, with everything it imports.
 *
 * `import url from './sync-worker.ts?worker-chunk'` gives the worker's URL, to start with
 * `new Worker(url, { type: 'module' })`. The dev server serves the module itself, as Vite does
 * for its own workers.
 */
import { relative } from 'node:path';
import type { Plugin } from 'vite';

const QUERY = '?worker-chunk';
/** A virtual module per worker: `\0` keeps other plugins from loading it as a file. */
const PREFIX = '\0worker-chunk:';

export function workerChunks(): Plugin {
  let root = '';
  let serving = false;
  return {
    name: 'gridwork:worker-chunks',
    enforce: 'pre',
    configResolved(config) {
      root = config.root;
      serving = config.command === 'serve';
    },
    async resolveId(source, importer) {
      if (!source.endsWith(QUERY)) return null;
      const resolved = await this.resolve(source.slice(0, -QUERY.length), importer, { skipSelf: true });
      if (!resolved) throw new Error(`worker not found: ${source}`);
      return `${PREFIX}${resolved.id}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const file = id.slice(PREFIX.length);
      if (serving) {
        const url = `/${relative(root, file).split('\\').join('/')}?worker_file&type=module`;
        return `export default new URL(${JSON.stringify(url)}, import.meta.url).href;`;
      }
      const name = file.replace(/^.*\//, '').replace(/\.[^.]+$/, '');
      const reference = this.emitFile({ type: 'chunk', id: file, name });
      return `export default import.meta.ROLLUP_FILE_URL_${reference};`;
    },
  };
}
