// SPDX-License-Identifier: MIT
// Each runtime condition gets the declarations of its own entry: the packed tarball, installed
// into an empty project, is type-checked under each condition (moduleResolution bundler with
// customConditions, and nodenext for Node), and what TypeScript resolves for `nestegg` must
// declare exactly the values the real entry exports: every one imports, every other entry's extra
// is refused (TS2305/TS2724), and the namespace's value names equal the entry's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { ENTRY_EXPORTS, installPackedPackage } from './helpers.mjs';

const ALL = [...new Set(Object.values(ENTRY_EXPORTS).flat())].sort();

// [label, runtime whose entry it resolves, compiler options]
const SETUPS = [
  ['bundler+node', 'node', { module: 'esnext', moduleResolution: 'bundler', customConditions: ['node'] }],
  ['nodenext', 'node', { module: 'nodenext', moduleResolution: 'nodenext' }],
  ['bundler+browser', 'browser', { module: 'esnext', moduleResolution: 'bundler', customConditions: ['browser'] }],
  ['bundler (no condition: default)', 'browser', { module: 'esnext', moduleResolution: 'bundler' }],
  ['bundler+deno', 'deno', { module: 'esnext', moduleResolution: 'bundler', customConditions: ['deno'] }],
  ['bundler+workerd', 'workerd', { module: 'esnext', moduleResolution: 'bundler', customConditions: ['workerd'] }],
];

// Imports every name the entry exports and states, in types, that the namespace's value names are
// exactly those: a missing or an extra name is a compile error naming it.
function presentSource(names) {
  const real = names.map((n) => JSON.stringify(n)).join(' | ');
  return `import { ${names.join(', ')} } from 'nestegg';
import * as ns from 'nestegg';
type Real = ${real};
type Declared = keyof typeof ns;
type Missing = Exclude<Real, Declared>;
type Extra = Exclude<Declared, Real>;
export const noMissing: [Missing] extends [never] ? 'ok' : \`not declared: \${Missing}\` = 'ok';
export const noExtra: [Extra] extends [never] ? 'ok' : \`declared, not exported: \${Extra}\` = 'ok';
export const used = [${names.join(', ')}];
`;
}

// One import per line, each of a name the entry lacks: each line must be refused.
function absentSource(names) {
  return names.map((n) => `import { ${n} } from 'nestegg'; export const use_${n} = ${n};`).join('\n') + '\n';
}

// Real exports: the Node, browser and Deno entries imported from the installed package here;
// workerd's imports a .wasm module Node cannot load, so its names come from ENTRY_EXPORTS, which
// runtimes.test.mjs checks inside workerd.
async function realExports(app, runtime) {
  if (runtime === 'workerd') return ENTRY_EXPORTS.workerd;
  const mod = await import(path.join(app, 'node_modules/nestegg/src', `${runtime}.js`));
  return Object.keys(mod).sort();
}

// The compiler's diagnostics for `files` in `dir`, one line each (`file(line,col): error TSn: ...`),
// as `tsc --strict --noEmit` prints them. In-process, with the default library files parsed once
// for every setup (they are most of the work; their own check is skipped, nestegg's is not).
const libFiles = new Map();
function typeCheck(dir, files, options) {
  const { options: compilerOptions, errors } = ts.convertCompilerOptionsFromJson({
    strict: true, noEmit: true, target: 'es2022', lib: ['es2022', 'dom'], types: [], skipDefaultLibCheck: true, ...options }, dir);
  assert.deepEqual(errors, [], 'compiler options');
  const host = ts.createCompilerHost(compilerOptions);
  const read = host.getSourceFile;
  host.getSourceFile = (file, language, ...rest) => {
    if (!file.includes('/typescript/lib/')) return read.call(host, file, language, ...rest);
    if (!libFiles.has(file)) libFiles.set(file, read.call(host, file, language, ...rest));
    return libFiles.get(file);
  };
  const program = ts.createProgram(files.map((f) => path.join(dir, f)), compilerOptions, host);
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file) return `error TS${d.code}: ${text}`;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(dir, d.file.fileName)}(${line + 1},${character + 1}): error TS${d.code}: ${text}`;
  });
}

test('each condition resolves declarations that match its entry exactly', async () => {
  const work = mkdtempSync(path.join(tmpdir(), 'nestegg-typecond-'));
  try {
    const { app } = installPackedPackage(work);
    for (const [label, runtime, options] of SETUPS) {
      const present = await realExports(app, runtime);
      assert.deepEqual(present, ENTRY_EXPORTS[runtime], `${runtime}: the real entry's exports`);
      const absent = ALL.filter((n) => !present.includes(n));
      assert.ok(absent.length > 0, `${runtime} lacks some other entry's name (the refusal is tested)`);
      const dir = path.join(app, label.replace(/\W+/g, '_'));
      mkdirSync(dir);
      writeFileSync(path.join(dir, 'present.ts'), presentSource(present));
      writeFileSync(path.join(dir, 'absent.ts'), absentSource(absent));
      const errors = typeCheck(dir, ['present.ts', 'absent.ts'], options);
      const inPresent = errors.filter((l) => l.startsWith('present.ts'));
      assert.deepEqual(inPresent, [], `${label}: every name ${runtime} exports is declared, and no other`);
      const refused = errors.map((l) => l.match(/^absent\.ts\(\d+,\d+\): error TS(?:2305|2724): (?:Module )?'"nestegg"' has no exported member (?:named )?'(\w+)'/)?.[1] ?? l);
      assert.deepEqual(refused.sort(), absent, `${label}: each name ${runtime} lacks is refused, and nothing else fails`);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
