// SPDX-License-Identifier: MIT
// Just enough of the WebAssembly binary format to account for every byte of a module: its
// sections, the function bodies of the code section (with their function index) and the function
// names of a "name" section. No dependency: the format is a list of (id, LEB128 size, payload).
// Used by wasm_bytes.mjs (README "Where the bytes go") and its test.

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export',
  'start', 'element', 'code', 'data', 'data count', 'tag'];

class Reader {
  constructor(bytes, pos = 0, end = bytes.length) { this.bytes = bytes; this.pos = pos; this.end = end; }
  byte() {
    if (this.pos >= this.end) throw new Error(`wasm: read past the end at ${this.pos}`);
    return this.bytes[this.pos++];
  }
  u32() {  // unsigned LEB128
    let result = 0, shift = 0, b;
    do { b = this.byte(); result += (b & 0x7f) * 2 ** shift; shift += 7; } while (b & 0x80);
    return result;
  }
  name() {
    const len = this.u32();
    const s = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.pos, len).toString('utf8');
    this.pos += len;
    return s;
  }
  skipLimits() { const flags = this.byte(); this.u32(); if (flags & 1) this.u32(); }
}

/**
 * Parses a module into sections ({ id, kind, name, start, end, payloadStart }) where
 * [start, end) covers the section's id, size and payload, so the header (8 bytes) and the sections
 * tile the file exactly; the function bodies ({ index, start, end }, [start, end) including each
 * body's size prefix); the number of imported functions; and the function names of a "name"
 * section, if any (Map index -> name).
 */
export function parseWasm(bytes) {
  if (bytes.length < 8 || bytes.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const sections = [];
  const bodies = [];
  const names = new Map();
  let importedFunctions = 0;
  const r = new Reader(bytes, 8);
  while (r.pos < bytes.length) {
    const start = r.pos;
    const id = r.byte();
    const size = r.u32();
    const payloadStart = r.pos;
    const end = payloadStart + size;
    if (end > bytes.length) throw new Error(`wasm: section ${id} runs past the end`);
    const section = { id, kind: SECTION_NAMES[id] ?? `unknown ${id}`, start, end, payloadStart };
    const p = new Reader(bytes, payloadStart, end);
    if (id === 0) {
      section.name = p.name();
      if (section.name === 'name') readNames(p, names);
    } else if (id === 2) {
      for (let n = p.u32(); n > 0; n--) {
        p.name(); p.name();
        const kind = p.byte();
        if (kind === 0) { p.u32(); importedFunctions++; }
        else if (kind === 1) { p.byte(); p.skipLimits(); }
        else if (kind === 2) p.skipLimits();
        else if (kind === 3) { p.byte(); p.byte(); }
        else if (kind === 4) { p.byte(); p.u32(); }
        else throw new Error(`wasm: import kind ${kind}`);
      }
    } else if (id === 10) {
      const count = p.u32();
      for (let i = 0; i < count; i++) {
        const bodyStart = p.pos;
        const len = p.u32();
        p.pos += len;
        bodies.push({ index: importedFunctions + i, start: bodyStart, end: p.pos });
      }
      if (p.pos !== end) throw new Error('wasm: code section size mismatch');
    }
    sections.push(section);
    r.pos = end;
  }
  return { sections, bodies, names, importedFunctions };
}

function readNames(p, names) {
  while (p.pos < p.end) {
    const sub = p.byte();
    const size = p.u32();
    const next = p.pos + size;
    if (sub === 1) {
      for (let n = p.u32(); n > 0; n--) { const index = p.u32(); names.set(index, p.name()); }
    }
    p.pos = next;
  }
}

/** The bytes of a section (id, size and payload), or null. */
export function sectionBytes(bytes, parsed, predicate) {
  const s = parsed.sections.find(predicate);
  return s ? bytes.subarray(s.start, s.end) : null;
}
