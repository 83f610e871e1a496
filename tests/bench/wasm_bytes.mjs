// SPDX-License-Identifier: MIT
// Where the .wasm's bytes go (README "Where the bytes go"): every byte of the module attributed to
// one part — a method family (its domain folder and its API handlers), the shared layers, the
// third-party code (nlohmann JSON, Eigen, libc++, embind, musl + Emscripten's runtime), static
// data and the module's own structure — with raw bytes and an estimate of gzipped bytes.
//
//   node tests/bench/wasm_bytes.mjs --build build/wasm-bytes [--release build/wasm] [--files] [--json]
//
// --build: a wasm build linked with --profiling-funcs (-DNESTEGG_WASM_PROFILING_FUNCS=ON, what
//   tests/bench/wasm_bytes.sh makes), whose "name" section names every function and whose object
//   files say which source defines which symbol. --release: the package's build, whose file the
//   totals are checked against and whose gzip size the estimates add up to. --files: one row per
//   source file instead of per part. --json: one JSON line instead of the table.
//
// How a function is attributed (by where its body ends up, after LTO):
//   1. its namespace when it is third-party code instantiated in our sources: nlohmann:: -> JSON,
//      Eigen:: -> Eigen, std:: / __cxxabiv1:: -> libc++, emscripten:: -> embind;
//   2. otherwise the object file of ours that defines it (llvm-nm of build/.../*.cpp.o, LTO
//      bitcode): core/<domain>/<file>.cpp -> that file, grouped into a part by familyOf(); a
//      symbol defined by several of our objects (an inline function of a header) goes to the
//      lowest domain among them (base < numeric < goals, savings, ... < api < engine < wasm),
//      where the header that defines it must live since includes only go downward;
//   3. otherwise the system library that defines it (llvm-nm of Emscripten's libraries): libc++,
//      libc++abi and libunwind -> libc++, libembind -> embind, the rest (libc, dlmalloc,
//      compiler-rt, stubs) -> musl + runtime; names the linker or binaryen made (legalstub$,
//      dynCall_, __wasm_*, stack helpers) -> musl + runtime too.
// Link-time optimisation inlines across all of these: inlined code counts where it was inlined (a
// JSON reader inlined into goals_handlers is the goals family's), so a part is "the functions
// that survived with this origin", not "everything this source caused".
//
// Gzip: each part's bytes (its function bodies in file order, the data section, the remaining
// sections) gzipped alone at level 9 by Node's zlib (the size test's); parts compress worse
// alone than in the whole file, so the "share" column scales them to add up to the release file's
// real gzipped size.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseWasm } from './wasm_binary.mjs';

const DOMAIN_ORDER = ['base', 'numeric', 'goals', 'savings', 'forecast', 'planning', 'insights', 'api', 'engine', 'wasm'];
const FAMILIES = ['goals', 'savings', 'forecast', 'planning', 'insights'];
// API files that belong to a family without being named <family>_handlers.
const API_FILE_FAMILY = { savings_model_codec: 'savings', registry_codec: 'savings', debt_handlers: 'planning',
  investment_handlers: 'planning', budget_handlers: 'planning', health_handlers: 'planning',
  trends_handlers: 'insights', habits_handlers: 'insights', nudges_handlers: 'insights', recommendations_handlers: 'insights',
  benchmarks_handlers: 'insights', transaction_reader: 'insights' };

export const PARTS = {
  goals: 'goals family (core/goals, api/goals_handlers)',
  savings: 'savings family (core/savings, api/savings_handlers, the codecs)',
  forecast: 'forecast family (core/forecast, api/forecast_handlers)',
  planning: 'planning family (core/planning, api/debt, investment, budget and health handlers)',
  insights: 'insights family (core/insights, api/trends, habits, nudges, recommendations and benchmarks handlers, transaction reader)',
  numeric: 'numeric kernels (core/numeric)',
  base: 'base (core/base)',
  api: 'API shared: request reading, responses, number fast path',
  engine: 'engine: dispatch, config, info/health/metrics, logs',
  wasm: 'embind bindings + strtod wrapper (wasm/)',
  json: 'nlohmann JSON (out-of-line instantiations)',
  eigen: 'Eigen (out-of-line instantiations)',
  libcxx: 'libc++ / libc++abi (std::, exceptions, RTTI)',
  embind: 'embind runtime (emscripten::)',
  libc: 'musl libc, dlmalloc, compiler-rt, Emscripten runtime',
  data: 'static data (data section: strings, tables, vtables)',
  structure: 'module structure (types, imports, exports, tables, globals, section headers)',
};

/** The part of a source file of ours ('core/goals/goal_planner' -> 'goals'). */
export function familyOf(file) {
  const [top, domain, name] = file.split('/');
  if (top === 'wasm') return 'wasm';
  if (domain === 'api') {
    const m = /^(\w+)_handlers$/.exec(name);
    if (m && FAMILIES.includes(m[1])) return m[1];
    return API_FILE_FAMILY[name] ?? 'api';
  }
  return domain;
}

/** Of several sources defining one symbol (a header's inline function), the lowest domain's. */
function lowest(sources) {
  return [...new Set(sources)].sort((a, b) => domainRank(a) - domainRank(b) || a.localeCompare(b))[0];
}

function domainRank(file) {
  const [top, domain] = file.split('/');
  return DOMAIN_ORDER.indexOf(top === 'wasm' ? 'wasm' : domain);
}

function llvmTool(name) {
  try {
    const root = execFileSync('em-config', ['LLVM_ROOT'], { encoding: 'utf8' }).trim();
    if (existsSync(join(root, name))) return join(root, name);
  } catch { /* em-config missing: fall back to PATH */ }
  return name;
}

/** Functions defined by object files or archives: Map mangled -> [{ where }] (an archive for its members). */
function symbolTables(files) {
  const out = execFileSync(llvmTool('llvm-nm'), ['--defined-only', '--print-file-name', ...files],
    { encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'ignore'] });  // stderr: members without symbols
  const defs = new Map();
  for (const line of out.split('\n')) {
    // "<file>: -------- W _ZN7nestegg..." (archives: "<lib.a>:<member.o>: ...")
    const m = /^(.*?): (?:-+|[0-9a-f]+) (\w) (.+)$/.exec(line);
    if (!m) continue;
    const [, where, type, sym] = m;
    if (!/[TtWw]/.test(type)) continue;  // functions (and weak ones); data lives in the data section
    if (!defs.has(sym)) defs.set(sym, []);
    defs.get(sym).push({ where: where.replace(/\.a:.*$/, '.a') });
  }
  return defs;
}

function demangleAll(symbols) {
  const input = symbols.join('\n') + '\n';
  const out = execFileSync(llvmTool('llvm-cxxfilt'), [], { input, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = out.split('\n');
  return new Map(symbols.map((s, i) => [s, lines[i]]));
}

function listObjects(buildDir) {
  const found = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir)) {
      const p = join(dir, e);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.cpp.o')) found.push(p);
    }
  };
  for (const top of ['core', 'wasm']) if (existsSync(join(buildDir, top))) walk(join(buildDir, top));
  return found;
}

/** core/CMakeFiles/nestegg_goals.dir/goals/goal_planner.cpp.o -> core/goals/goal_planner. */
function sourceOf(buildDir, object) {
  const parts = relative(buildDir, object).split(sep);
  const file = parts[parts.length - 1].replace(/\.cpp\.o$/, '');
  if (parts[0] === 'wasm') return `wasm/${file}`;
  return `core/${parts[parts.length - 2]}/${file}`;
}

function systemLibraries() {
  let cache;
  try { cache = execFileSync('em-config', ['CACHE'], { encoding: 'utf8' }).trim(); } catch { return []; }
  const dirs = ['lto', ''].map((d) => join(cache, 'sysroot/lib/wasm32-emscripten', d)).filter(existsSync);
  const wanted = /^lib(c|c\+\+(-except|-noexcept)?|c\+\+abi(-except|-noexcept)?|unwind(-except|-noexcept)?|embind(-rtti)?|dlmalloc|compiler_rt|stubs|noexit)\.a$/;
  for (const dir of dirs) {
    const libs = readdirSync(dir).filter((f) => wanted.test(f)).map((f) => join(dir, f));
    if (libs.length) return libs;
  }
  return [];
}

function systemPart(lib) {
  if (/lib(c\+\+|unwind)/.test(lib)) return 'libcxx';
  if (/libembind/.test(lib)) return 'embind';
  return 'libc';
}

/** The part of a mangled name by its namespace alone (third-party code instantiated anywhere). */
export function namespacePart(mangled) {
  // _ZN [CV/ref qualifiers] <namespace>, _ZZ... for a function's local entities (lambdas), _ZSt for std::.
  const m = /^_Z(?:Th[n\d_]*|Tv[n\d_]*)?[NZ][KVrRO]*(St|(\d+))/.exec(mangled);
  let ns = null;
  if (m && m[2]) ns = mangled.substr(m.index + m[0].length, Number(m[2]));  // <length><identifier>
  else if (m || /^_ZSt/.test(mangled)) ns = 'St';
  if (ns === 'nlohmann') return 'json';
  if (ns === 'Eigen') return 'eigen';
  if (ns === 'St' || ns === '__cxxabiv1' || /^_Z(nw|na|dl|da)/.test(mangled)) return 'libcxx';
  if (ns === 'emscripten') return 'embind';
  return null;
}

/**
 * The function a lambda or local class in a demangled name belongs to: "void std::__sort<
 * nestegg::f(int)::$_0&, ...>(...)" -> "nestegg::f(int)". Null when the name has none.
 */
export function enclosingFunction(name) {
  const m = /\)(?: const)?(?: &&| &)?::(?:\$_\d+|'lambda\d*'|'unnamed\d*')/.exec(name);
  if (!m) return null;
  let i = m.index, depth = 0;
  for (; i >= 0; i--) {  // back to the '(' that opens the enclosing function's arguments
    if (name[i] === ')') depth++;
    else if (name[i] === '(' && --depth === 0) break;
  }
  const argsEnd = m.index + m[0].indexOf('::');
  let start = i - 1, angle = 0;
  for (; start >= 0; start--) {  // back to the start of its qualified name
    const c = name[start];
    if (c === ')' && name.slice(0, start + 1).endsWith('(anonymous namespace)')) { start -= '(anonymous namespace)'.length - 1; continue; }
    if (c === '>') angle++;
    else if (c === '<') { if (angle === 0) break; angle--; }
    else if ((c === ' ' || c === ',') && angle === 0) break;
  }
  return name.slice(start + 1, argsEnd);
}

/**
 * Attributes every byte of the profiling build's .wasm (buildDir/npm/dist/nestegg.wasm), checked
 * against the release file (releaseWasm) when given. Returns { total, parts: Map part ->
 * { raw, gz, functions }, files: Map source -> { raw, functions }, unmatched: [...names],
 * sectionsMatch, nameSection, release: { raw, gz } | null, glue: { raw, gz } | null }.
 */
export function attribute({ buildDir, releaseWasm = null }) {
  const wasmPath = join(buildDir, 'npm/dist/nestegg.wasm');
  const bytes = readFileSync(wasmPath);
  const parsed = parseWasm(bytes);
  if (parsed.names.size === 0) throw new Error(`${wasmPath} has no function names: link it with --profiling-funcs`);

  // Our objects: mangled symbol -> sources defining it.
  const objects = listObjects(buildDir);
  const ours = symbolTables(objects);
  const system = symbolTables(systemLibraries());
  const demangled = demangleAll([...new Set([...ours.keys(), ...system.keys()])]);
  // The wasm's names are demangled (wasm-ld's LLVM demangler, the same as llvm-cxxfilt's).
  const bySource = new Map();   // demangled -> { mangled, sources }
  const bySystem = new Map();   // demangled -> { mangled, part }
  for (const [sym, defs] of ours) {
    const d = demangled.get(sym) || sym;
    const entry = bySource.get(d) ?? { mangled: sym, sources: [] };
    for (const { where } of defs) entry.sources.push(sourceOf(buildDir, where));
    bySource.set(d, entry);
  }
  const byEnclosing = new Map();  // demangled enclosing function -> sources of its lambdas
  for (const [d, entry] of bySource) {
    const e = enclosingFunction(d);
    if (e && !namespacePart(entry.mangled)) byEnclosing.set(e, entry.sources);
  }
  const sourcesOfLocal = (name) => {
    const e = enclosingFunction(name);
    return e ? (bySource.get(e)?.sources ?? byEnclosing.get(e) ?? null) : null;
  };
  for (const [sym, defs] of system) {
    const d = demangled.get(sym) || sym;
    if (!bySystem.has(d)) bySystem.set(d, { mangled: sym, part: systemPart(defs[0].where) });
  }

  const parts = new Map(Object.keys(PARTS).map((k) => [k, { raw: 0, chunks: [], functions: 0 }]));
  const files = new Map();
  const unmatched = [];
  const list = [];  // every function: name, part, source, bytes
  const add = (part, chunk, fn = false) => {
    const p = parts.get(part);
    p.raw += chunk.length; p.chunks.push(chunk); if (fn) p.functions++;
  };

  for (const body of parsed.bodies) {
    const name = parsed.names.get(body.index) ?? '';
    const chunk = bytes.subarray(body.start, body.end);
    const base = name.replace(/ \(\.\d+\)$/, '').replace(/\.\d+$/, '');  // LTO's renames of clashing locals
    let part = null;
    let source = null;
    const mine = bySource.get(base);
    const sys = bySystem.get(base);
    if (mine) {
      part = namespacePart(mine.mangled);
      // A library template run on a lambda of ours (std::sort's comparator, std::function's
      // target): the lambda's body is inlined into it, so it counts where the lambda is written.
      const local = part ? sourcesOfLocal(base) : mine.sources;
      if (local) {
        source = lowest(local);
        part = familyOf(source);
      }
    } else if (sys) part = namespacePart(sys.mangled) ?? sys.part;
    else if (/^(legalstub\$|legalimport\$|legalfunc\$|dynCall_|__wasm_|stack(Save|Restore|Alloc)|emscripten_stack_|byn\$)/.test(base)) part = 'libc';
    else {
      part = /^(std::|__cxxabiv1::)/.test(base) ? 'libcxx' : /^emscripten::/.test(base) ? 'embind' : 'libc';
      unmatched.push({ name, bytes: chunk.length, part });
    }
    add(part, chunk, true);
    list.push({ name, part, source, bytes: chunk.length });
    if (source) {
      const f = files.get(source) ?? { raw: 0, functions: 0 };
      f.raw += chunk.length; f.functions++;
      files.set(source, f);
    }
  }

  // Everything outside function bodies: the header, section headers, the other sections.
  let nameSection = 0;
  let dataStrings = null;
  add('structure', bytes.subarray(0, 8));
  for (const s of parsed.sections) {
    if (s.id === 0 && s.name === 'name') { nameSection = s.end - s.start; continue; }
    if (s.id === 11) { add('data', bytes.subarray(s.start, s.end)); dataStrings = strings(bytes.subarray(s.payloadStart, s.end)); continue; }
    if (s.id === 10) {
      const firstBody = parsed.bodies.length ? parsed.bodies[0].start : s.end;
      add('structure', bytes.subarray(s.start, firstBody));  // id, size, count
      continue;
    }
    add('structure', bytes.subarray(s.start, s.end));
  }
  const total = bytes.length - nameSection;

  let release = null, glue = null, sectionsMatch = null;
  if (releaseWasm) {
    const rel = readFileSync(releaseWasm);
    release = { raw: rel.length, gz: gzipSync(rel, { level: 9 }).length };
    const rp = parseWasm(rel);
    const sizes = (p) => p.sections.filter((s) => !(s.id === 0 && s.name === 'name'))
      .map((s) => `${s.kind}${s.name ? ':' + s.name : ''}=${s.end - s.start}`).join(' ');
    sectionsMatch = { same: sizes(parsed) === sizes(rp), named: sizes(parsed), release: sizes(rp) };
    const js = join(dirname(releaseWasm), 'nestegg.js');
    if (existsSync(js)) { const g = readFileSync(js); glue = { raw: g.length, gz: gzipSync(g, { level: 9 }).length }; }
  }

  for (const p of parts.values()) {
    p.gz = p.raw ? gzipSync(Buffer.concat(p.chunks), { level: 9 }).length : 0;
    delete p.chunks;
  }
  const stripped = Buffer.concat([bytes.subarray(0, 8), ...parsed.sections
    .filter((s) => !(s.id === 0 && s.name === 'name')).map((s) => bytes.subarray(s.start, s.end))]);
  const namedGz = gzipSync(stripped, { level: 9 }).length;
  scaleShares(parts, release ? release.gz : namedGz);
  return { total, namedGz, parts, files, unmatched, list, dataStrings, nameSection, sectionsMatch, release, glue, functions: parsed.bodies.length };
}

/** NUL-terminated printable strings of 4+ characters in the data: all of them, and RTTI's type names. */
function strings(data) {
  const found = { count: 0, bytes: 0, typeNames: 0, typeNameBytes: 0 };
  let run = 0;
  for (let i = 0; i < data.length; i++) {
    const c = data[i];
    if (c >= 0x20 && c < 0x7f) { run++; continue; }
    if (c === 0 && run >= 4) {
      const text = data.subarray(i - run, i).toString('latin1');
      found.count++; found.bytes += run + 1;
      if (/^(N?St|N\d+|Z|\d+[A-Za-z_])[\w$]*$/.test(text) && /\d/.test(text)) { found.typeNames++; found.typeNameBytes += run + 1; }
    }
    run = 0;
  }
  return found;
}

/** Each part's share of the real gzipped size, proportional to its gzip alone, summing exactly. */
function scaleShares(parts, realGz) {
  const list = [...parts.values()];
  const sum = list.reduce((a, p) => a + p.gz, 0);
  let given = 0;
  for (const p of list) { p.exact = sum ? (p.gz * realGz) / sum : 0; p.share = Math.floor(p.exact); given += p.share; }
  list.sort((a, b) => (b.exact - b.share) - (a.exact - a.share));
  for (let i = 0; given < realGz; i++, given++) list[i % list.length].share++;
}

const fmt = (n) => n.toLocaleString('en-GB').replace(/,/g, ' ');
const kib = (n) => (n / 1024).toFixed(1);

export function table(result, { byFile = false } = {}) {
  const lines = [];
  const total = result.total;
  const realGz = result.release ? result.release.gz : result.namedGz;
  if (byFile) {
    lines.push('| source | functions | raw bytes | % of .wasm |', '| --- | ---: | ---: | ---: |');
    for (const [f, v] of [...result.files].sort((a, b) => b[1].raw - a[1].raw)) {
      lines.push(`| \`${f}\` | ${v.functions} | ${fmt(v.raw)} | ${(100 * v.raw / total).toFixed(1)} % |`);
    }
    return lines.join('\n');
  }
  lines.push('| part | functions | raw bytes | % | gzipped alone | est. share of the gzipped .wasm |',
    '| --- | ---: | ---: | ---: | ---: | ---: |');
  const rows = [...result.parts].filter(([, p]) => p.raw > 0).sort((a, b) => b[1].share - a[1].share);
  let raw = 0, gz = 0, share = 0, fns = 0;
  for (const [k, p] of rows) {
    lines.push(`| ${PARTS[k]} | ${p.functions || ''} | ${fmt(p.raw)} | ${(100 * p.raw / total).toFixed(1)} % | ${fmt(p.gz)} | ${fmt(p.share)} (${kib(p.share)} KiB) |`);
    raw += p.raw; gz += p.gz; share += p.share; fns += p.functions;
  }
  lines.push(`| **.wasm total** | ${fns} | **${fmt(raw)}** | 100 % | ${fmt(gz)} (sum of the parts) | **${fmt(share)} (${kib(share)} KiB)** |`);
  if (result.glue) lines.push(`| JS glue (\`nestegg.js\`, not in the .wasm) | | ${fmt(result.glue.raw)} | | ${fmt(result.glue.gz)} | |`);
  lines.push('', `raw total ${fmt(raw)} bytes = the profiling .wasm without its name section (${fmt(result.nameSection)} bytes)` +
    (result.release ? `; release .wasm ${fmt(result.release.raw)} bytes, ${fmt(result.release.gz)} gzipped` +
      (result.sectionsMatch.same ? ', every section the same size' : ', SECTION SIZES DIFFER') : '') +
    `; profiling .wasm gzipped without names ${fmt(result.namedGz)} (function order differs); shares scaled to ${fmt(realGz)}.`);
  if (result.dataStrings) {
    const d = result.dataStrings;
    lines.push(`static data: ${fmt(d.bytes)} bytes in ${d.count} strings, ${fmt(d.typeNameBytes)} of them in ${d.typeNames} RTTI type names.`);
  }
  if (result.unmatched.length) {
    const b = result.unmatched.reduce((a, u) => a + u.bytes, 0);
    lines.push(`${result.unmatched.length} functions (${fmt(b)} bytes) named by no symbol table, counted as runtime: ` +
      result.unmatched.sort((a, c) => c.bytes - a.bytes).slice(0, 5).map((u) => `${u.name} (${u.bytes})`).join(', '));
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : null; };
  const buildDir = opt('--build') ?? 'build/wasm-bytes';
  const releaseDir = opt('--release');
  const result = attribute({ buildDir, releaseWasm: releaseDir && join(releaseDir, 'npm/dist/nestegg.wasm') });
  if (args.includes('--json')) {
    console.log(JSON.stringify({
      total: result.total, gzip: result.release?.gz ?? result.namedGz, release: result.release, glue: result.glue,
      parts: Object.fromEntries([...result.parts].map(([k, p]) => [k, { raw: p.raw, gz: p.gz, share: p.share, functions: p.functions }])),
      files: Object.fromEntries(result.files), unmatched: result.unmatched.length, sections: result.sectionsMatch,
    }));
  } else if (opt('--top')) {
    for (const f of result.list.sort((a, b) => b.bytes - a.bytes).slice(0, Number(opt('--top')))) {
      console.log(`${String(f.bytes).padStart(7)}  ${f.part.padEnd(9)} ${(f.source ?? '').padEnd(34)} ${f.name.slice(0, 160)}`);
    }
  } else {
    console.log(table(result, { byFile: args.includes('--files') }));
  }
}
