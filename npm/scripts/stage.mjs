// SPDX-License-Identifier: MIT
// Stages the npm package next to the built module (the build runs it after every link):
//   node npm/scripts/stage.mjs <stage dir>
// copies the package's sources (npm/ without node_modules and examples) and the LICENSE into <stage dir>, then
// writes the Node entry, node/index.js, as one file, so that importing the package in Node reads
// one module instead of a dozen (Node spends a fraction of a millisecond on each module file; the
// import took half the time this way: README "Budgets").
//
// node/index.js is src/node.js with every module it imports, whitespace- and syntax-minified with
// names as written (an adapter's class name is what store.status() reports). A module imported
// only when a call needs it (the store, the edge handler, the prediction cache) is in the file too,
// wrapped so that it runs only then; only a module that shares nothing with the rest, the glue,
// becomes a file of its own (node/nestegg.js), parsed by the first createEngine. So no module exists
// twice, even when the entry is loaded under a second URL (a query string, a test's fresh import).
// Paths are taken from the stage dir, so the output is the same bytes from any directory.
//
// Only Node gets this: the browser, Deno and workerd entries are src/*.js as written (a browser
// app's bundler, Deno and wrangler bundle or cache modules themselves).
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const stage = process.argv[2] && path.resolve(process.argv[2]);
if (!stage) {
  process.stderr.write('usage: node npm/scripts/stage.mjs <stage dir>\n');
  process.exit(2);
}
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('nestegg stage: esbuild is missing: run `npm ci` in npm/ (tests/setup.sh build_wasm does).\n');
  process.exit(1);
}

const source = fileURLToPath(new URL('..', import.meta.url));
// Not the examples: they import the staged package by its path from npm/examples, which from a
// copy inside the stage leads nowhere (and the tarball does not ship them).
const examples = path.join(source, 'examples');
cpSync(source, stage, { recursive: true,
  filter: (from) => path.basename(from) !== 'node_modules' && path.resolve(from) !== examples });
cpSync(path.join(source, '..', 'LICENSE'), path.join(stage, 'LICENSE'));

const src = path.join(stage, 'src');
const out = path.join(stage, 'node');
// Whitespace and syntax minified, names kept as written: an adapter's class name is what
// store.status() reports, and esbuild's keepNames, which would allow renaming, made the import
// slower by more than the shorter names saved. Source maps point into src/. Lines are cut at 400
// characters: Node prints the source line of an uncaught error, which was the whole 37 KB file.
const common = { bundle: true, format: 'esm', platform: 'node', target: 'node20', minifyWhitespace: true, minifySyntax: true,
  lineLimit: 400, sourcemap: 'linked', sourcesContent: false, legalComments: 'none', logLevel: 'warning' };
// The glue's own names are Emscripten's internals, reached by nothing outside it: renamed too
// (55 KB to about 30 KB, parsed by every first createEngine).
const glueMinified = {
  name: 'glue-minified',
  setup(build) {
    build.onLoad({ filter: /[\\/]dist[\\/]nestegg\.js$/ }, async (a) => ({
      contents: (await esbuild.transform(readFileSync(a.path, 'utf8'), { minify: true, lineLimit: 400, format: 'esm', target: 'node20', legalComments: 'none' })).code,
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
// A lazy module becomes a file of its own only when it shares no module with the entry or with
// another lazy module (the glue): then no module can exist twice, whatever URL the entry is
// loaded under. The others are bundled into the entry, wrapped so that they still run only when
// first imported.
const apart = lazy.filter((f) => {
  const own = closure([f]);
  const elsewhere = closure([path.join(src, 'node.js'), ...lazy.filter((g) => g !== f)]);
  return ![...own].some((m) => elsewhere.has(m));
});
const relative = (file) => path.relative(stage, file).split(path.sep).join('/');

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const leaveApart = {
  name: 'lazy-files-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (a) => {
      const file = path.resolve(a.resolveDir, a.path);
      return apart.includes(file) ? { path: `./${path.basename(file)}`, external: true } : undefined;
    });
  },
};
await esbuild.build({ ...common, absWorkingDir: stage, entryPoints: ['src/node.js'], outfile: 'node/index.js',
  plugins: [leaveApart, glueMinified] });
// Without a map: the glue is Emscripten's generated code, minified here.
for (const file of apart) {
  await esbuild.build({ ...common, sourcemap: false, absWorkingDir: stage, entryPoints: [relative(file)],
    outfile: `node/${path.basename(file)}`, plugins: [glueMinified] });
}
