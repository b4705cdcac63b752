// Imported first by a server process under test: as the process exits, writes the packages it
// had loaded through Node's CommonJS loader (which also loads a CommonJS package an ES module
// imports) to the file LOADED_PACKAGES_FILE names, one name a line.
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const file = process.env.LOADED_PACKAGES_FILE;
if (file) {
  const loaded = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const names = new Set();
    for (const path of Object.keys(loaded)) {
      const match = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(path);
      if (match) names.add(match[1]);
    }
    writeFileSync(file, [...names].sort().join('\n'));
  });
}
