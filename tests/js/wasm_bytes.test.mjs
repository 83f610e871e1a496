// SPDX-License-Identifier: MIT
// README's "Where the bytes go" table cannot drift from the file it describes: the parser accounts
// for every byte of the package's .wasm (always checked, cheap), and, when the profiling build of
// tests/bench/wasm_bytes.sh is there (build/wasm-bytes, or NESTEGG_BYTES_BUILD), the attribution
// adds up to the release file to the byte and to its real gzipped size, with nearly nothing left
// unnamed. Without that build the second test skips and says so: it costs a second wasm build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { pkgDir } from './helpers.mjs';
import { parseWasm } from '../bench/wasm_binary.mjs';
import { attribute, enclosingFunction, familyOf, namespacePart } from '../bench/wasm_bytes.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bytesBuild = process.env.NESTEGG_BYTES_BUILD ?? path.join(root, 'build/wasm-bytes');
const releaseWasm = path.join(pkgDir, 'dist/nestegg.wasm');

// The C++ sources under core/ and wasm/ (the command line's, core/cli, only when asked: it is native).
function sources({ withCli }) {
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) { if (withCli || p !== path.join(root, 'core/cli')) walk(p); } else if (/\.(cpp|hpp)$/.test(e.name)) files.push(p);
    }
  };
  walk(path.join(root, 'core'));
  walk(path.join(root, 'wasm'));
  return files;
}

test('the wasm parser accounts for every byte of the package .wasm', () => {
  const bytes = readFileSync(releaseWasm);
  const parsed = parseWasm(bytes);
  let at = 8;
  for (const s of parsed.sections) { assert.equal(s.start, at, `${s.kind} starts where the last ended`); at = s.end; }
  assert.equal(at, bytes.length, 'the sections end at the end of the file');
  const code = parsed.sections.find((s) => s.id === 10);
  assert.ok(parsed.bodies.length > 500, `${parsed.bodies.length} function bodies`);
  for (let i = 1; i < parsed.bodies.length; i++) assert.equal(parsed.bodies[i].start, parsed.bodies[i - 1].end);
  assert.equal(parsed.bodies.at(-1).end, code.end, 'the bodies fill the code section');
  assert.equal(parsed.names.size, 0, 'the package .wasm carries no name section');
});

test('names are attributed by namespace, lambda and source file', () => {
  assert.equal(namespacePart('_ZN8nlohmann16json_abi_v3_11_26detail6parserIvE5parseEb'), 'json');
  assert.equal(namespacePart('_ZNK5Eigen4LDLTIvE5solveEv'), 'eigen');
  assert.equal(namespacePart('_ZNSt3__26vectorIdNS_9allocatorIdEEE7reserveEm'), 'libcxx');
  assert.equal(namespacePart('_ZNK10emscripten3valclEv'), 'embind');
  assert.equal(namespacePart('_ZN7nestegg13plan_timelineERKNS_13TimelineInputE'), null);
  assert.equal(enclosingFunction('void std::__2::__sort<nestegg::f(int, std::vector<int> const&)::$_3&, int*>(int*, int*)'),
    'nestegg::f(int, std::vector<int> const&)');
  assert.equal(enclosingFunction('std::__2::__function::__func<nestegg::(anonymous namespace)::g(double)::$_0, A>::operator()(double)'),
    'nestegg::(anonymous namespace)::g(double)');
  assert.equal(enclosingFunction('nestegg::plan_timeline(nestegg::TimelineInput const&)'), null);
  assert.equal(familyOf('core/api/goals_handlers'), 'goals');
  assert.equal(familyOf('core/api/registry_codec'), 'savings');
  assert.equal(familyOf('core/api/request'), 'api');
  assert.equal(familyOf('core/forecast/ets_fit'), 'forecast');
  assert.equal(familyOf('wasm/bindings'), 'wasm');
});

test('the byte attribution adds up to the release .wasm', (t) => {
  const named = path.join(bytesBuild, 'npm/dist/nestegg.wasm');
  if (!existsSync(named)) {
    t.skip(`no profiling build in ${bytesBuild}: \`bash tests/bench/wasm_bytes.sh\` makes it`);
    return;
  }
  const release = readFileSync(releaseWasm);
  const result = attribute({ buildDir: bytesBuild, releaseWasm });
  if (!result.sectionsMatch.same) {
    // Only a profiling build older than the release one may differ: the sources changed since.
    if (statSync(named).mtimeMs < statSync(releaseWasm).mtimeMs) {
      t.skip('the profiling build is older than the release build: rerun `bash tests/bench/wasm_bytes.sh`');
      return;
    }
    assert.fail(`profiling and release links differ: ${result.sectionsMatch.named} vs ${result.sectionsMatch.release}`);
  }
  const parts = [...result.parts.values()];
  assert.equal(parts.reduce((a, p) => a + p.raw, 0), result.total, 'the parts add up to the module');
  assert.equal(result.total, release.length, 'the module is the release file, to the byte');
  assert.equal(parts.reduce((a, p) => a + p.share, 0), gzipSync(release, { level: 9 }).length,
    'the gzipped shares add up to the release file gzipped');
  const unnamed = result.unmatched.reduce((a, u) => a + u.bytes, 0);
  assert.ok(unnamed < 0.005 * result.total, `${unnamed} bytes in functions no symbol table names: ${result.unmatched.map((u) => u.name).slice(0, 5)}`);
  for (const family of ['goals', 'savings', 'forecast', 'api', 'engine', 'json', 'libcxx', 'libc', 'data']) {
    assert.ok(result.parts.get(family).raw > 1000, `${family} has its bytes`);
  }
  assert.ok(result.parts.get('planning').raw > 1000, 'planning has its bytes');
  const ours = ['goals', 'savings', 'forecast', 'planning', 'insights', 'numeric', 'base', 'api', 'engine', 'wasm']
    .reduce((a, k) => a + (result.parts.get(k)?.raw ?? 0), 0);
  assert.equal([...result.files.values()].reduce((a, f) => a + f.raw, 0), ours, 'the per-file rows add up to our parts');
});

// The engine reads and prints doubles itself (core/base/exact_decimal.hpp): musl's strtod and
// printf would bring 128-bit long double arithmetic in software (8 KB gzipped) back into the .wasm.
test('no software long double and no printf floating-point formatter in the .wasm', (t) => {
  const named = path.join(bytesBuild, 'npm/dist/nestegg.wasm');
  if (!existsSync(named) || statSync(named).mtimeMs < statSync(releaseWasm).mtimeMs) {
    t.skip(`no current profiling build in ${bytesBuild}: \`bash tests/bench/wasm_bytes.sh\` makes it`);
    return;
  }
  const names = [...parseWasm(readFileSync(named)).names.values()];
  assert.ok(names.length > 500, `${names.length} names`);
  const banned = /^(__\w+tf[23]|fmodl|scalbnl|fmt_fp|decfloat|hexfloat|__floatscan|strtod|__strtod\w*|printf_core|__vfprintf_internal|vsn?i?printf)$/;
  assert.deepEqual(names.filter((n) => banned.test(n)), []);
});

// Answers go through core/numeric/basic_math's exp, log, expm1, log1p and lgamma, never libm's:
// glibc (native, with FMA variants chosen by CPU) and musl (wasm) round them differently, and
// goals.simulate's percentiles at balances of 1e12 were a cent apart. In the sources, no call of a
// libm transcendental function; in the .wasm (when the profiling build is there), none linked.
test('no libm exponential, logarithm, power or gamma function in the core or the .wasm', (t) => {
  const libm = /(?<![\w.:]|void )(?:std::)?(exp|exp2|expm1|log|log2|log10|log1p|pow|lgamma|tgamma|erf|erfc|sin|cos|tan|asin|acos|atan|atan2|sinh|cosh|tanh|cbrt|hypot)\s*\(/g;
  const offenders = [];
  for (const f of sources({ withCli: false })) {
    const text = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/"(?:[^"\\]|\\.)*"/g, '""');
    for (const m of text.matchAll(libm)) offenders.push(`${path.relative(root, f)}: ${m[0]}`);
  }
  assert.deepEqual(offenders, []);
  const named = path.join(bytesBuild, 'npm/dist/nestegg.wasm');
  if (!existsSync(named) || statSync(named).mtimeMs < statSync(releaseWasm).mtimeMs) {
    t.diagnostic(`no current profiling build in ${bytesBuild}: the .wasm's names not checked`);
    return;
  }
  const names = [...parseWasm(readFileSync(named)).names.values()];
  const linked = /^(exp|exp2|expm1|log|log2|log10|log1p|pow|lgamma|__lgamma_r|lgamma_r|tgamma|erfc?|sin|cos|tan|atan2?|__sin|__cos|__tan|__rem_pio2\w*)$/;
  assert.deepEqual(names.filter((n) => linked.test(n)), []);
});

// snprintf in the .wasm is wasm/snprintf_wrap.cpp's, of integers and text only: any other
// conversion (%f, %g, %p, ...) would not be written there, so none may be in the sources it links
// (the command line is native), and every format must be a literal to be checked.
test('only the conversions wasm/snprintf_wrap.cpp writes in the sources of the .wasm', () => {
  const files = sources({ withCli: false });
  const conversion = /%[^a-zA-Z%]*(hh|h|ll|l|L|q|z|j|t)?[a-zA-Z]/g;  // flags, width, precision, length, letter
  const supported = /^%[-0+ ]*\d*(\.\d+)?(hh|h|ll|l|z|j|t)?[diuxXcs]$/;
  const offenders = [];
  for (const f of files.filter((f) => !f.endsWith('snprintf_wrap.cpp'))) {
    const text = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');  // comments may say "printf (...)"
    for (const call of text.matchAll(/printf\s*\(([^;]*)\)\s*;/g)) {
      const literals = [...call[1].matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1].replace(/%%/g, ''));
      // A format that is not a literal cannot be checked: it counts as one.
      const bad = (l) => (l.match(conversion) ?? []).some((c) => !supported.test(c));
      if (literals.length === 0 || literals.some(bad)) offenders.push(`${path.relative(root, f)}: ${call[0].slice(0, 80)}`);
    }
  }
  assert.ok(files.length > 50, `${files.length} source files`);
  assert.deepEqual(offenders, []);
});

// The core's messages and texts go through core/base/format_text, which writes only the
// conversions its header lists (and copies the rest of a format as it is): every call of fail,
// fail_at, format_text and append_text must pass literal formats holding only those. The
// compiler's format attribute checks the arguments' types, not which conversions are supported.
test('only the conversions format_text writes in the formats of fail, fail_at, format_text and append_text', () => {
  const files = sources({ withCli: true });
  const conversion = /%[^a-zA-Z%]*(hh|h|ll|l|L|q|z|j|t)?[a-zA-Z]/g;
  const supported = /^%(\.\*s|s|(l|ll)?d|(l|ll|z)?u|\.\df|g)$/;
  // The string literals of the call whose '(' is at `open`, adjacent literals joined as C joins them.
  const literalsOf = (text, open) => {
    const literals = [];
    let depth = 0;
    for (let i = open; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        let s = '';
        for (i++; text[i] !== '"'; i++) s += text[i] === '\\' ? text[i] + text[++i] : text[i];
        const joined = literals.length > 0 && /^\s*$/.test(text.slice(literals.at(-1).end + 1, i - s.length - 1));
        if (joined) literals.at(-1).text += s; else literals.push({ text: s });
        literals.at(-1).end = i;
      } else if (c === '\'') {
        i += text[i + 1] === '\\' ? 3 : 2;
      } else if (c === '(') depth++;
      else if (c === ')' && --depth === 0) break;
    }
    return literals.map((l) => l.text);
  };
  const offenders = [];
  let calls = 0;
  for (const f of files.filter((f) => !/format_text\.(c|h)pp$|error\.(c|h)pp$/.test(f))) {
    const text = readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '');
    for (const m of text.matchAll(/(?<![\w.])(?:nestegg::)?(fail_at|fail|format_text|append_text)\s*\(/g)) {
      if (/(void|string|bool)\s+$/.test(text.slice(Math.max(0, m.index - 20), m.index))) continue;  // a declaration
      calls++;
      const literals = literalsOf(text, m.index + m[0].length - 1).map((l) => l.replace(/%%/g, ''));
      const bad = literals.flatMap((l) => l.match(conversion) ?? []).filter((c) => !supported.test(c));
      if (literals.length === 0 || bad.length > 0) offenders.push(`${path.relative(root, f)}: ${m[1]} ${bad.join(' ')}`);
    }
  }
  assert.ok(calls > 200, `${calls} calls found`);
  assert.deepEqual(offenders, []);
});
