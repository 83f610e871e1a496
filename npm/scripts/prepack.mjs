// SPDX-License-Identifier: MIT
// npm's prepack hook: refuses to pack a package without its built module. The package is packed
// from the staged copy the build makes (build/wasm/npm), never from npm/ in the source tree, which
// has no dist/: a tarball from there would install and fail at the first createEngine().
import { existsSync } from 'node:fs';

const missing = ['dist/nestegg.wasm', 'dist/nestegg.js', 'node/index.js', 'node/nestegg.js', 'LICENSE', 'README.md']
  .filter((f) => !existsSync(new URL(`../${f}`, import.meta.url)));
if (missing.length) {
  process.stderr.write(`nestegg prepack: missing ${missing.join(', ')}. Pack the staged package the build makes ` +
    '(build/wasm/npm: `bash tests/run.sh` or `emcmake cmake -S . -B build/wasm && cmake --build build/wasm`), not npm/.\n');
  process.exit(1);
}
