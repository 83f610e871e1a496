// SPDX-License-Identifier: MIT
// Compiled (never run) by types.test.mjs: the README's examples typed against index.d.ts, so a
// declaration that drifts from the documented API fails the build.
import {
  type StoredGoal, createEngine, createHandler, createWorkerEngine, indexedDBStorage, KvRateLimiter, MemoryStorage, NesteggError, openStore,
} from 'nestegg';

const engine = await createEngine({ config: { today: '2026-01-15' }, storage: new MemoryStorage() });
const plan = engine.goals.timeline({ target_amount: 10000, current_amount: 1000, monthly_contribution: 450, start_date: '2024-01-15' });
const months: number | null = plan.months_needed;
const trained = engine.savings.train({ history: [{ month: '2024-01', income: 5000, expenses: 3000 }], user_id: 'ana' });
const mae: number = trained.metrics.in_sample.mae;
const bulk = engine.savings.predictMatrix({ model: trained.model, X: new Float64Array(3) });
const first: Float64Array = bulk.predictions.prediction;
const fc = engine.forecast.expenses({ categories: { food: [610, 590, null, 640], rent: [1200, 1200, 1200, 1200] }, horizon: 3, method: 'ets', spec: 'ANN' });
const food95: number[] = fc.categories!.food.upper['95'];
const cash = engine.forecast.cashflow({ starting_balance: 900, months: 2, bills: [{ amount: 1450, day: 1 }],
  incomes: [{ amount: 3100, cadence: 'biweekly', start_date: '2026-01-09' }], spending: { food: [600, 640, 610, 620] } });
const odds: number = cash.probability_below;
const dip: string | null = cash.first_below_date;
console.log(food95, odds, dip);
const budget = engine.budget.optimize({ monthly_income: 5000, spending: { housing: 1999, dining: 999, pets: 80 },
  buckets: { pets: 'wants' }, floors: { housing: 1800 }, rule: '50/30/20' });
const cut: number = budget.buckets.needs.proposed - budget.buckets.needs.current;
const habits = engine.insights.habits({ transactions: [{ date: '2025-01-03', amount: -9.99, description: 'NETFLIX.COM' }] });
const nextCharge: string | null = habits.subscriptions[0]?.next_expected_date ?? null;
const columnar = engine.insights.habits({ transactions: { date: ['2025-01-03'], amount: [-9.99], description: ['NETFLIX.COM'] }, as_of: '2025-02-01' });
const flagged: string[] = columnar.anomalies.map((a) => a.reason);
const score = engine.health.score({ monthly_income: 5000, monthly_spending: 4250, credit_score: 705, weights: { credit_standing: 2 } });
const tier: 'vulnerable' | 'coping' | 'healthy' = score.tier;
const uptime: number = engine.health().uptime_seconds;
console.log(cut, tier, score.best_improvement?.text, uptime, nextCharge, flagged);
console.log(cut, tier, score.best_improvement?.text, uptime);
const trends = engine.insights.trends({ last_month: '2026-11', categories: { dining: [400, 420, null, 450, 470] }, level: [90] });
const rising: boolean = trends.categories.dining.slope?.direction === 'rising';
const bound: number | null | undefined = trends.categories.dining.slope?.lower['90'];
console.log(rising, bound, trends.top_movers[0]?.id);
const nudges = engine.insights.nudges({ as_of: '2026-12-02', last_month: '2026-11', categories: { dining: [200, 210, 190, 312.4] },
  rules: [{ id: 'dining_cap', metric: 'category_spend', category: 'dining', op: '>', value: 300, message: 'Dining is at {value}' },
    { id: 'spending_spike', enabled: false }], history: [{ id: 'dining_cap:dining', shown: '2026-11-01' }] });
const urgent: number | undefined = nudges.nudges[0]?.priority;
const held: string | undefined = nudges.suppressed[0]?.until;
console.log(urgent, held, nudges.nudges[0]?.numbers.value);
await engine.flush();
try {
  engine.call('goals.timeline', '{}');
} catch (e) {
  if (e instanceof NesteggError) console.log(e.code, e.field, months, mae, first);
}
const kv = { get: async (_k: string) => null, put: async (_k: string, _v: string) => {} };
const handler = createHandler({ env: { NESTEGG_API_KEYS: 'k'.repeat(16) }, rateLimiter: new KvRateLimiter(kv) });
const response: Response = await handler.fetch(new Request('http://x/health'));
export default handler;
console.log(response.status);

// Storage: README "Storage" and "Web Worker".
const store = await openStore(await indexedDBStorage('my-app'), { onStatus: (st) => console.log(st.degraded, st.lastError?.name) });
const saved = await store.goals.put({ name: 'Emergency fund', target_amount: 15000, current_amount: 6200, target_date: '2027-01-15' });
const grown: StoredGoal = await store.goals.update(saved.id, (g) => ({ ...g, current_amount: (g.current_amount ?? 0) + 250 }));
console.log(grown.updated_at);
const cachedEngine = await createEngine({ store });
const { result, cache } = await cachedEngine.cachedCall('goals.reverse_plan', { target_amount: saved.target_amount, target_date: '2027-01-15' });
const needed: number | null = result.required_monthly_savings;
console.log(needed, cache.hit, store.cache.stats().hit_rate, store.status().schema);
const worker = createWorkerEngine();
const controller = new AbortController();
const sim = await worker.call('goals.simulate', { target_amount: 60000, monthly_contribution: 900, annual_volatility: 0.14,
  target_date: '2031-01-15', paths: 10000 }, { signal: controller.signal, onProgress: (p) => console.log(p.done, p.total) });
console.log(sim.probability_of_success);
try {
  await worker.call('goals.timeline', { target_amount: 1 }, { signal: AbortSignal.abort() });
} catch (e) {
  if (e instanceof NesteggError && (e.code === 'cancelled' || e.code === 'worker_failed')) console.log('the job did not run');
}
// Every answer may carry warnings (unknown_field on any method, a method's own codes).
const shortHistory = engine.call('forecast.cashflow', { starting_balance: 500, months: 1, spending: { x: [100, 200] } });
const recs = engine.recommendations.generate({ as_of: '2026-03-15', monthly_income: 5000, spending: { housing: 1000 } });
const goalAdvice = recs.recommendations.filter((r) => r.source === 'goals.adjust');
console.log(shortHistory.warnings?.[0]?.code, recs.warnings?.length, goalAdvice.length,
  engine.call('savings.models', { user_id: 'u' }).warnings, engine.call('insights.habits', { transactions: [] }).warnings);
const listed: string[] = await new MemoryStorage().keys('nestegg/');
console.log(listed);

// Debts and investing: README "API reference: debts and investing".
const debtPlan = engine.debt.plan({ start_date: '2026-01-31', monthly_budget: 900, strategy: 'optimal', include_schedule: true,
  debts: [{ name: 'card', balance: 4200, apr: 0.229, minimum_payment: 120, promo_apr: 0, promo_end_date: '2026-06-30' },
    { name: 'car', balance: 9800, apr: 0.065, minimum_payment: 260 }] });
const cardPaidOff: string = debtPlan.debts[0].payoff_date;
const savedVsMinimums: number | null = debtPlan.comparison.minimums_only.interest_saved;
const firstMonthBalances: number[] = debtPlan.schedule![0].balance;
const readiness = engine.investment.readiness({ emergency_fund: 1000, monthly_essential_expenses: 2000, monthly_saving: 500,
  horizon_years: 20, risk: { income_stability: 'stable', loss_reaction: 'hold' } });
const readyStatus: 'ready' | 'almost' | 'not_yet' = readiness.status;
console.log(cardPaidOff, savedVsMinimums, firstMonthBalances, readyStatus, readiness.steps[0].months);
