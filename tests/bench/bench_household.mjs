// SPDX-License-Identifier: MIT
// A household's forecasts, for one or more builds of the package in one process (README's
// "Household speed" figures, issue 18's "2x faster than today's build", come from one run):
//
// - forecast.expenses, method auto, on 12 spending categories x 36 months with seasons
//   (heating, holidays, summer travel), trends and noise, horizon 12, levels 80/95;
// - forecast.cashflow on the same spending, with a salary and five bills, 12 months ahead;
// - goals.simulate of the household's retirement goal: 10 000 paths x 360 months with monthly bands;
// - the cash flow without spending history and the goal at volatility 0 (paths without randomness).
//
// The household is generated here from a fixed seed, so every build gets the same bytes. Calls of
// all builds are interleaved round by round, so a noisy neighbour hits each alike; medians.
//
// node tests/bench/bench_household.mjs <label>=<package dir> ... [--rounds N]
// Prints one JSON line per method and build, then the ratio of each build to the first.

// A seeded generator (mulberry32): the same household on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// base monthly amount, yearly trend, season (12 multipliers from January), noise (relative sd)
const ones = Array(12).fill(1);
const CATEGORIES = {
  rent: [1850, 0.03, ones, 0],
  groceries: [620, 0.04, [1, 0.95, 1, 1, 1.02, 1, 1.03, 1.03, 1, 1.02, 1.08, 1.2], 0.06],
  utilities: [210, 0.05, [1.45, 1.4, 1.2, 0.95, 0.8, 0.85, 1, 1.05, 0.85, 0.9, 1.15, 1.4], 0.05],
  transport: [260, 0.02, [0.95, 0.95, 1, 1, 1.05, 1.1, 1.15, 1.15, 1, 1, 0.95, 0.95], 0.1],
  dining: [240, 0.06, [0.8, 0.85, 0.95, 1, 1.05, 1.1, 1.15, 1.1, 1, 0.95, 1, 1.3], 0.15],
  entertainment: [120, 0.02, [0.9, 0.9, 1, 1, 1, 1.2, 1.3, 1.2, 0.9, 0.9, 1, 1.2], 0.25],
  clothing: [110, 0.01, [0.7, 0.6, 0.9, 1, 1, 0.9, 0.8, 1.4, 1.3, 1, 1.1, 1.6], 0.3],
  healthcare: [90, 0.04, [1.3, 1.1, 1, 1, 0.9, 0.9, 0.9, 0.9, 1, 1, 1, 1.1], 0.35],
  insurance: [410, 0.05, ones, 0.01],
  gifts: [60, 0.02, [0.3, 0.8, 0.4, 0.5, 1, 0.6, 0.5, 0.5, 0.6, 0.7, 1.4, 4.7], 0.3],
  travel: [180, 0.03, [0.3, 0.3, 0.6, 0.8, 1, 1.8, 2.6, 2.4, 0.9, 0.5, 0.3, 0.5], 0.3],
  subscriptions: [45, 0.08, ones, 0.02],
};

export function householdSpending(months = 36, seed = 18) {
  const u = random(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
  const out = {};
  for (const [name, [base, trend, season, noise]] of Object.entries(CATEGORIES)) {
    out[name] = Array.from({ length: months }, (_, t) => {
      const level = base * (1 + trend) ** (t / 12) * season[t % 12] * (1 + noise * normal());
      return Math.round(Math.max(level, 0) * 100) / 100;
    });
  }
  return out;
}

export function householdRequests(spending) {
  return {
    'forecast.expenses': { categories: spending, period: 12, horizon: 12, method: 'auto' },
    'forecast.cashflow': {
      start_date: '2027-01-01', starting_balance: 3000, months: 12, threshold: 0, seed: 7,
      incomes: [{ name: 'salary', amount: 2860, cadence: 'biweekly', start_date: '2027-01-08' }],
      bills: [{ name: 'car loan', amount: 385, day: 20 }, { name: 'phone', amount: 120, day: 12 },
        { name: 'water', amount: 60, cadence: 'monthly', day: 3 }, { name: 'gym', amount: 35, day: 1 },
        { name: 'property tax', amount: 1400, cadence: 'annual', start_date: '2027-04-15' }],
      spending,
      include_daily: false,
    },
    // The household's retirement goal, 30 years of monthly bands: the other per-step percentile
    // selection (core/numeric/step_percentiles), with the cash flow's daily bands.
    'goals.simulate': {
      current_amount: 5000, target_amount: 400000, monthly_contribution: 500, annual_return_rate: 0.06,
      annual_volatility: 0.15, months: 360, paths: 10000, percentiles: [10, 50, 90],
    },
  };
}

// The same household before it has any history or risk: paths without randomness, where every
// band's percentiles are one value (step_percentiles answers them at once; merged brackets made
// an early version of it 2.5-3.6x slower than a full selection there).
function degenerateCases(requests) {
  return [
    ['forecast.cashflow, no spending history', 'forecast.cashflow', { ...requests['forecast.cashflow'], spending: {} }],
    ['goals.simulate, volatility 0', 'goals.simulate', { ...requests['goals.simulate'], annual_volatility: 0 }],
  ];
}

async function main() {
  const args = process.argv.slice(2);
  const at = args.indexOf('--rounds');
  const rounds = at >= 0 ? Number(args.splice(at, 2)[1]) : 30;
  const builds = [];
  for (const arg of args) {
    const [label, dir] = arg.split('=');
    const { createEngine } = await import(new URL('src/node.js', `file://${dir.replace(/\/?$/, '/')}`).href);
    builds.push({ label, engine: await createEngine({ config: { log_level: 'off' } }) });
  }
  const requests = householdRequests(householdSpending());
  const { median } = await import('./timing.mjs');
  const cases = [...Object.entries(requests).map(([method, request]) => [method, method, request]), ...degenerateCases(requests)];
  for (const [label, method, request] of cases) {
    const body = JSON.stringify(request);
    for (const b of builds) for (let i = 0; i < 3; i++) b.engine.call(method, body);  // warm: V8's tiers
    const times = builds.map(() => []);
    for (let r = 0; r < rounds; r++)
      builds.forEach((b, k) => {
        const t = performance.now();
        b.engine.call(method, body);
        times[k].push(performance.now() - t);
      });
    const ms = times.map(median);
    const shape = method === 'goals.simulate' ? { paths: 10000, months: 360 } : { categories: 12, months: 36 };
    builds.forEach((b, k) => console.log(JSON.stringify({ bench: 'household', method: label, build: b.label,
      ...shape, rounds, median_ms: +ms[k].toFixed(2),
      x_faster_than_first: +(ms[0] / ms[k]).toFixed(2) })));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
