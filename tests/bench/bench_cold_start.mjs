// SPDX-License-Identifier: MIT
// Node cold start over fresh processes (one run says little on a noisy machine): each child imports
// the package's Node entry (timed alone: no wasm is touched), then instantiates the .wasm and answers one
// request ("instantiate to first answer", the 20 ms budget). Prints, per package, the median and
// max of both over the runs, how many first answers exceed 20 ms, and the medians of the CPU time
// each took (all threads: V8 compiles wasm in the background), which a busy machine disturbs
// less than the wall-clock time.
//   node tests/bench/bench_cold_start.mjs <package dir> [runs] [--before <package dir>]
// With --before, the two packages (today's staged build and a copy of an older one, say) run in
// the same invocation, alternating process by process, so both see the same machine; the last
// line gives the import's after/before ratio.
import { execFileSync } from 'node:child_process';
import { nodeEntryOf } from '../js/helpers.mjs';
import { median } from './timing.mjs';

const args = process.argv.slice(2);
const beforeAt = args.indexOf('--before');
const beforeDir = beforeAt >= 0 ? args.splice(beforeAt, 2)[1] : null;
const [pkgDir, runsArg] = args;
const runs = Number(runsArg ?? 10);

const childFor = (dir) => `
const cpu = (a, b) => (b.user - a.user + b.system - a.system) / 1000;
const c0 = process.cpuUsage();
const t0 = performance.now();
const { createEngine } = await import(${JSON.stringify(nodeEntryOf(dir))});
const t1 = performance.now();
const c1 = process.cpuUsage();
const engine = await createEngine();
engine.call('goals.timeline', { target_amount: 10000, current_amount: 1000, monthly_contribution: 250 });
const t2 = performance.now();
console.log(JSON.stringify({ import_ms: t1 - t0, first_answer_ms: t2 - t1, import_cpu_ms: cpu(c0, c1), first_answer_cpu_ms: cpu(c1, process.cpuUsage()) }));`;

const packages = [...(beforeDir ? [['before', beforeDir]] : []), [beforeDir ? 'after' : 'package', pkgDir]];
const samples = new Map(packages.map(([label]) => [label, []]));
for (let i = 0; i < runs; i++) {
  for (const [label, dir] of packages) {
    samples.get(label).push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', childFor(dir)], { encoding: 'utf8' })));
  }
}

const r2 = (x) => +x.toFixed(2);
const summary = {};
for (const [label, dir] of packages) {
  const first = samples.get(label).map((s) => s.first_answer_ms);
  const imports = samples.get(label).map((s) => s.import_ms);
  summary[label] = { median: median(imports), cpu: median(samples.get(label).map((s) => s.import_cpu_ms)) };
  console.log(JSON.stringify({ name: 'cold start, Node, fresh processes', runtime: 'wasm-node', package: label, dir, runs,
    import_median_ms: r2(median(imports)), import_max_ms: r2(Math.max(...imports)),
    first_answer_median_ms: r2(median(first)), first_answer_min_ms: r2(Math.min(...first)), first_answer_max_ms: r2(Math.max(...first)),
    over_20_ms: first.filter((x) => x > 20).length,
    import_cpu_median_ms: r2(median(samples.get(label).map((s) => s.import_cpu_ms))),
    first_answer_cpu_median_ms: r2(median(samples.get(label).map((s) => s.first_answer_cpu_ms))) }));
}
if (beforeDir) {
  console.log(JSON.stringify({ name: 'import, after / before (medians)', ratio: r2(summary.after.median / summary.before.median),
    cpu_ratio: r2(summary.after.cpu / summary.before.cpu) }));
}
