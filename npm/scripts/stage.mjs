// SPDX-License-Identifier: MIT
// Stages the npm package next to the built module (the build runs it after every link):
//   node npm/scripts/stage.mjs <stage dir>
// copies the package's sources (npm/ without node_modules) and the LICENSE into <stage dir>, then
// writes the Node entry, node/index.js, as one file, so that importing the package in Node reads
// one module instead of a dozen (Node spends a fraction of a millisecond on each module file; the
// import took half the time this way: README "Budgets").
//
// node/index.js holds every module the entry loads at import (src/node.js and what it imports
// statically, the glue included), minified with names kept (an adapter's class name is reported by
// store.status()). The modules the entry imports only when a call needs them (the store, the
// edge handler, the prediction cache, the registry records) stay out of it: they become files
// next to it (node/store.js, ...), loaded by those calls as before. They share the entry's modules
// rather than holding second copies, which would make two NesteggError classes and two of every
// cache: node/index.js exports them as `__shared` (one namespace per source file, not a public
// name, not declared in the types), and each lazy file takes what it imports from there.
//
// Only Node gets this: the browser, Deno and workerd entries are src/*.js as written (a browser
// app's bundler, Deno and wrangler bundle or cache modules themselves).
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const stage = process.argv[2];
if (!stage) {
  process.stderr.write('usage: node npm/scripts/stage.mjs <stage dir>\n');
  process.exit(2);
}
const source = fileURLToPath(new URL('..', import.meta.url));
cpSync(source, stage, { recursive: true, filter: (from) => path.basename(from) !== 'node_modules' });
cpSync(path.join(source, '..', 'LICENSE'), path.join(stage, 'LICENSE'));

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('nestegg stage: esbuild is missing: run `npm ci` in npm/ (tests/setup.sh build_wasm does).\n');
  process.exit(1);
}

const src = path.join(stage, 'src');
const out = path.join(stage, 'node');
// Whitespace and syntax minified, names kept as written: an adapter's class name is what
// store.status() reports, and esbuild's keepNames, which would allow renaming, made the import
// slower by more than the shorter names saved. Source maps point into src/.
const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true,
  sourcemap: 'linked', sourcesContent: false, legalComments: 'none', logLevel: 'warning' };
// The glue's own names are Emscripten's internals, reached by nothing outside it: renamed too
// (55 KB to about 30 KB, parsed by every first createEngine).
const glueMinified = {
  name: 'glue-minified',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]nestegg\.js$/ }, async (a) => ({
      contents: (await esbuild.transform(readFileSync(a.path, 'utf8'), { minify: true, format: 'esm', target: 'node20', legalComments: 'none' })).code,
    }));
  },
};

// The module graph from src/node.js: which files it loads at import (static imports, followed),
// and which it imports only when called (dynamic imports of the package's own files). Paths are
// absolute from here on.
const graph = new Map(Object.entries((await esbuild.build({ ...common, absWorkingDir: stage, entryPoints: ['src/node.js'],
  write: false, metafile: true, outfile: 'node/graph.js' })).metafile.inputs)
  .map(([file, { imports }]) => [path.join(stage, file), imports.filter((i) => !i.external).map((i) => ({ ...i, path: path.join(stage, i.path) }))]));
const importsOf = (file, kind) => graph.get(file).filter((i) => i.kind === kind).map((i) => i.path);
const closure = (starts) => {
  const seen = new Set(starts);
  for (const f of seen) for (const g of importsOf(f, 'import-statement')) seen.add(g);
  return seen;
};
const eager = closure([path.join(src, 'node.js')]);
const lazy = [...new Set([...graph.keys()].flatMap((f) => importsOf(f, 'dynamic-import')))].filter((f) => !eager.has(f));
const lazyOnly = [...closure(lazy)].filter((f) => !eager.has(f));
const shared = [...eager].filter((f) => lazyOnly.some((l) => importsOf(l, 'import-statement').includes(f)));
const key = (file) => path.basename(file);
const isLazy = (file) => lazy.includes(file);
const isShared = (file) => shared.includes(file);

// The eager entry: src/node.js's exports and the shared modules' namespaces.
const entry = [`export * from './node.js';`,
  ...shared.map((f, i) => `import * as m${i} from ${JSON.stringify(`./${path.relative(src, f)}`)};`),
  `export const __shared = { ${shared.map((f, i) => `${JSON.stringify(key(f))}: m${i}`).join(', ')} };`].join('\n');
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const leaveLazyOut = {
  name: 'lazy-modules-stay-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (a) => {
      const file = path.resolve(a.resolveDir, a.path);
      return isLazy(file) ? { path: `./${key(file)}`, external: true } : undefined;
    });
  },
};
await esbuild.build({ ...common, stdin: { contents: entry, resolveDir: src, sourcefile: 'node-entry.js' }, outfile: path.join(out, 'index.js'),
  plugins: [leaveLazyOut, glueMinified] });

// The lazy files: each import of a shared module reads the entry's copy.
const exportNames = async (file) => Object.keys(await import(pathToFileURL(file).href));
const fromEntry = {
  name: 'shared-modules-from-the-entry',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (a) => {
      if (a.namespace === 'shared') return undefined;
      const file = path.resolve(a.resolveDir, a.path);
      return isShared(file) ? { path: file, namespace: 'shared' } : undefined;
    });
    build.onResolve({ filter: /^\.\/index\.js$/, namespace: 'shared' }, () => ({ path: './index.js', external: true }));
    build.onLoad({ filter: /.*/, namespace: 'shared' }, async (a) => {
      const names = await exportNames(a.path);
      const lines = [`import { __shared } from './index.js';`, `const m = __shared[${JSON.stringify(key(a.path))}];`,
        ...names.map((n) => (n === 'default' ? 'export default m.default;' : `export const ${n} = m.${n};`))];
      return { contents: lines.join('\n'), resolveDir: out };
    });
  },
};
await esbuild.build({ ...common, entryPoints: lazy, splitting: true, outdir: out,
  entryNames: '[name]', chunkNames: 'chunk-[hash]', plugins: [fromEntry, glueMinified] });
