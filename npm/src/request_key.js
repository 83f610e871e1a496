// SPDX-License-Identifier: MIT
// What makes two requests "the same": the one key of a request's answer, used by the prediction
// cache (engine.cachedCall, whose entries the store keeps as nestegg/cache/<user>/<method>/<key>)
// and by the edge handler's response cache. It is a SHA-256 over the engine version, the
// engine's config (it can change an answer: warnings, limits), the method, the engine's "today"
// (default dates depend on it), the request in canonical form (keys sorted at every depth, so key
// order does not matter) and, for methods that read trained models, a digest of the registry.
// The parts and their order are the stored keys' format: changing them orphans every cached
// entry on users' devices, so a change comes with a store migration (store_schema.js).

const encoder = new TextEncoder();

export async function sha256(text) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(text) {
  return hex(await sha256(text));
}

// Sorted keys, recursively; null when the value has something JSON cannot say exactly
// (JSON.parse turns 1e400 into Infinity): such a request is simply not cached. Keys whose value
// is undefined are left out, as JSON.stringify leaves them out of the request text.
export function canonicalJson(value) {
  if (typeof value === 'number') return Number.isFinite(value) ? JSON.stringify(value) : null;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    const items = value.map(canonicalJson);
    return items.includes(null) ? null : `[${items.join(',')}]`;
  }
  const parts = [];
  for (const k of Object.keys(value).sort()) {
    if (value[k] === undefined) continue;
    const v = canonicalJson(value[k]);
    if (v === null) return null;
    parts.push(`${JSON.stringify(k)}:${v}`);
  }
  return `{${parts.join(',')}}`;
}

// canonicalJson of what JSON.parse returned (plain data, nothing undefined), as one native
// JSON.stringify of a copy with its keys sorted: about a third of canonicalJson's time, for every
// request text keyed (the prediction cache's, a host's response cache). A key that starts with a digit (an array
// index such as "12" is iterated before every other key, whatever the order of insertion) or is
// "__proto__" (which would set the copy's prototype) sends the value the general way.
//
// A negative zero makes the text unkeyable too (null): JSON.parse reads "-0", "-0.0" and
// "-1e-400" all as -0, and stringify writes "0", but the engine reads "-0" as the integer 0 and
// "-0.0" as the double -0, and some answers differ ("now -0 %" in health.score's advice). Keyed as
// "0", one would be served the other's answer.
const NOT_EXACT = Symbol('not exact');
const NOT_PLAIN = Symbol('not plain');

function sortedCopy(value) {
  if (typeof value === 'number') {
    if (!Number.isFinite(value) || Object.is(value, -0)) throw NOT_EXACT;
    return value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(sortedCopy);
  const copy = {};
  for (const k of Object.keys(value).sort()) {
    const first = k.charCodeAt(0);
    if ((first >= 48 && first <= 57) || k === '__proto__') throw NOT_PLAIN;
    copy[k] = sortedCopy(value[k]);
  }
  return copy;
}

const holdsNegativeZero = (value) => (typeof value === 'object' && value !== null
  ? Object.values(value).some(holdsNegativeZero) : Object.is(value, -0));

/** canonicalJson(value) for a value JSON.parse returned, the same text, sooner; null also when it holds a -0. */
export function canonicalParsedJson(value) {
  try {
    return JSON.stringify(sortedCopy(value));
  } catch (e) {
    if (e === NOT_EXACT) return null;
    if (e === NOT_PLAIN) return holdsNegativeZero(value) ? null : canonicalJson(value);
    throw e;
  }
}

/**
 * What requestKey hashes: the parts in canonical form, one a line; null when the request cannot
 * be keyed exactly: it is not JSON, or holds a number JSON cannot say exactly (as text: also a
 * negative zero, see canonicalParsedJson; the engine then answers, or refuses, uncached). Two requests are the same exactly when their texts are.
 * @param {{method: string, request: object|string|undefined, version: string, config?: object,
 *          configText?: string, today: string, registry?: string}} parts `request` as an object
 *   or raw JSON text; `configText`, canonicalJson(config) when the caller keeps it (the edge
 *   handler, whose config never changes); `registry`, a digest of the model registry, only for
 *   methods that read the models
 * @returns {string|null}
 */
export function requestKeyText({ method, request, version, config = {}, configText = canonicalJson(config), today, registry }) {
  let canonical;
  if (typeof request === 'string') {
    try {
      canonical = canonicalParsedJson(JSON.parse(request));
    } catch {
      return null;
    }
  } else {
    canonical = request === undefined ? null : canonicalJson(request);
  }
  if (canonical === null) return null;
  const parts = [version, configText, method, today, canonical];
  if (registry !== undefined) parts.push(registry);
  return parts.join('\n');
}

/**
 * The key of a request's answer: the hex SHA-256 of requestKeyText, or null as it is null.
 * @returns {Promise<string|null>}
 */
export async function requestKey(parts) {
  const text = requestKeyText(parts);
  return text === null ? null : sha256Hex(text);
}
