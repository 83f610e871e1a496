// SPDX-License-Identifier: MIT
// What packed monthly series (core/api/json_reader.hpp) cost a hostile request: a category object
// of many keys, read under `categories` (packed, insights.trends) and the same bytes under
// `categoriez` (never packed), in wasm under Node, turn about, medians. Both requests are refused
// once read (an invalid last_month), so only the reading is timed. Shapes: 100 000 distinct keys,
// and 64 keys repeated in turn (each repeat forgets the earlier packing: the worst case a hostile
// review found). Prints one JSON line per shape.
//   node tests/bench/bench_packed_keys.mjs <package dir> [rounds]
const [pkgDir, roundsArg] = process.argv.slice(2);
const rounds = Number(roundsArg ?? 7);
const { createEngine } = await import(new URL('src/node.js', `file://${pkgDir.replace(/\/?$/, '/')}`).href);
const engine = await createEngine({ config: { log_level: 'off', limits: { max_request_bytes: 64 << 20 } } });
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];

const shapes = {
  distinct_keys_100000: Array.from({ length: 100000 }, (_, i) => `"category_name_${i}":[1]`),
  keys_64_repeated_8000_times: Array.from({ length: 64 * 8000 }, (_, i) => `"k${i % 64}":[1]`),
};
for (const [shape, members] of Object.entries(shapes)) {
  const packed = `{"last_month":"bad","categories":{${members.join(',')}}}`;
  const plain = packed.replace('"categories"', '"categoriez"');
  const times = { packed: [], plain: [] };
  for (let r = 0; r < rounds; r++) {
    for (const [label, text] of [['packed', packed], ['plain', plain]]) {
      const t = performance.now();
      const code = refusal(() => engine.call('insights.trends', text));
      times[label].push(performance.now() - t);
      if (code !== 'invalid_date') throw new Error(`expected invalid_date, got ${code}`);
    }
  }
  const [p, q] = [median(times.packed), median(times.plain)];
  console.log(JSON.stringify({ bench: 'packed keys', shape, mb: +(packed.length / 1e6).toFixed(1),
    packed_ms: +p.toFixed(1), unpacked_ms: +q.toFixed(1), ratio: +(p / q).toFixed(2) }));
}

function refusal(call) {
  try {
    call();
    return 'an answer';
  } catch (e) {
    return e.code;
  }
}
