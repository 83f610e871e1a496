// SPDX-License-Identifier: MIT
// nestegg — the public contract. Hand-written: read this before the source.
// This file is what every runtime entry exports (the shared base); types/<runtime>.d.ts adds what
// only that entry exports (FileStorage on Node, createWorkerEngine in browsers, indexedDBStorage on
// both), and package.json "exports" gives each condition its own, so TypeScript refuses a name the
// resolved entry lacks.
//
// Conventions shared by every method (also returned by `engine.info().conventions`):
// - Money: inputs are plain numbers, 0 to 1e12 (history amounts may be negative: withdrawals).
//   Every money field of a response is rounded half away from zero to the cent; fields ending in
//   `_exact` are not rounded; required savings are rounded UP to the cent so that saving them
//   reaches the target.
// - Rates: annual fractions (0.05 = 5 % a year), from -0.99 to 1, compounded monthly at rate / 12.
// - Contributions are paid at the END of each month, after that month's interest (an ordinary
//   annuity, numpy-financial's `when='end'`).
// - Dates are calendar dates `YYYY-MM-DD` (years 1900-9999), no time zone. Month k of a plan ends
//   on `start_date` + k months, the day clamped to the month's end (Jan 31 -> Feb 28/29). The
//   default `start_date` is today's date in UTC (or `config.today`).
// - Field names are snake_case, like the original HTTP API. An unknown field is ignored and
//   reported in `warnings`.

/** A date string `YYYY-MM-DD`. */
export type DateString = string;
/** A month string `YYYY-MM`. */
export type MonthString = string;

/** Error codes. Stable: branch on these, not on messages. */
export type ErrorCode =
  | 'invalid_json' | 'unknown_method' | 'missing_field' | 'wrong_type' | 'not_finite'
  | 'out_of_range' | 'invalid_date' | 'date_order' | 'too_large' | 'invalid_value'
  | 'disabled' | 'disposed' | 'not_found' | 'invalid_config' | 'insufficient_data' | 'rank_deficient' | 'internal'
  | 'storage_unavailable'
  /** The Web Worker runner (createWorkerEngine): a job cancelled by its AbortSignal or terminate(); a Worker that crashed or could not start. */
  | 'cancelled' | 'worker_failed';

/** Thrown by every engine call that fails. The engine stays usable afterwards. */
export class NesteggError extends Error {
  readonly name: 'NesteggError';
  readonly code: ErrorCode;
  /** Dotted path of the offending input, e.g. `contributions[3].amount`; '' when not about a field. */
  readonly field: string;
  /** The wire form: `{ error: { code, message, field } }`. */
  toJSON(): { error: { code: ErrorCode; message: string; field: string } };
}

/**
 * A note about an answer that still stands. Every method can give `unknown_field` (a request field it
 * does not read, with `config.warn_unknown_fields`: the first 50 of a call one each, the rest
 * counted in one more whose `field` is ""); the others are a method's own (`short_history`
 * of forecast.cashflow, `predicted_lags` of savings.predict, ...: README under each method).
 */
export interface Warning {
  code: 'unknown_field' | (string & {});
  message: string;
  field: string;
}

/** What every answer may carry besides its own fields. */
export interface Warned {
  warnings?: Warning[];
}

/** debt.plan and investment.readiness add these: a debt its minimum alone never pays off, a promotional
 * rate above the regular one (taken as given). */
export interface DebtWarning {
  code: 'unknown_field' | 'negative_amortization' | 'promo_above_apr';
  message: string;
  field: string;
}

/** Engine configuration, validated by `createEngine` (a bad one rejects with NesteggError). */
export interface EngineConfig {
  /** Minimum level passed to `logSink`. Default 'info'. */
  log_level?: 'debug' | 'info' | 'warn' | 'error' | 'off';
  /** Fixes "today" (replays, tests). Default: the UTC date of the clock. */
  today?: DateString;
  /** Feature flags: method name -> enabled. A disabled method fails with code 'disabled'. */
  features?: Partial<Record<MethodName, boolean>>;
  /** Report unknown request fields as `warnings`. Default true. */
  warn_unknown_fields?: boolean;
  limits?: {
    /** Default 8 MiB. */ max_request_bytes?: number;
    /** Default 64. */ max_json_depth?: number;
    /** Any one array in a request (and the months every goal's contributions span together). Default 100 000. */ max_array_items?: number;
    /**
     * Values and keys in a request at any depth: every number, string, true/false/null, array,
     * object and object key, counted as the request is read and refused `too_large` at the field
     * where the count runs out.
     * The numbers of a series or design matrix read straight into doubles (`forecast.*`'s series,
     * `savings.*`'s rows) are not counted. A value's memory can be ~20 times its text, so the byte
     * limit alone does not bound it. Default 1 000 000.
     */ max_json_values?: number;
    /** Monte Carlo paths. Default 100 000. */ max_paths?: number;
    /** goals.simulate: paths x months. Default 10 000 000. */ max_simulation_steps?: number;
    /**
     * Series forecasting (forecast.expenses, forecast.cashflow's spending, insights.nudges' cash
     * flow): the sum over series of max(months, 24) x the method's weight (`info().forecast_weights`:
     * auto 32 ... theta 1), x 4 for a fitted ETS-family model with optimizer nelder_mead (x 8 for
     * an ETS search), plus 5 000 paths x horizon x (4 + levels) / 200 for a model with simulated
     * intervals (a multiplicative season). Default 76 800 (64 x 1 200 months of theta; 2 400 of auto).
     */ max_forecast_work?: number;
    /** forecast.cashflow: paths x days. Default 1 500 000. */ max_cashflow_steps?: number;
    /** insights.trends: pairs of months, n (n - 1) / 2 per category. Default 12 000 000. */ max_trend_pairs?: number;
    /** savings.train: (rows + p) x p^2 x (cv_folds + 1), p = columns + 1; savings.predict on rows: rows x p^2 with intervals, rows x p without. Default 500 000 000. */ max_regression_work?: number;
    /** insights.nudges' and recommendations.generate's `history` entries. Default 10 000. */ max_history_items?: number;
    /** insights.nudges: each enabled rule x the subjects of its family, before any is evaluated. Default 110 000. */ max_nudge_evaluations?: number;
    /** insights.nudges: nudges a rule keeps (furthest past its value); the rest are counted in `omitted`. Default 20. */ max_nudges_per_rule?: number;
    /** recommendations.generate: recommendations returned (highest score); the rest are counted in `omitted`. Default 100. */ max_recommendations?: number;
  };
}

/** One structured log line, as handed to `logSink`. */
export interface LogLine {
  ts: string;
  level: 'debug' | 'info' | 'warn' | 'error';
  event: 'call';
  method: string;
  ms: number;
  ok: boolean;
  request_id?: string;
  error?: { code: ErrorCode; message: string; field: string };
}

export interface CreateEngineOptions {
  config?: EngineConfig;
  /**
   * Receives one structured log object per call, once that call has returned (so it may call an
   * engine, or dispose its own); an error it throws is ignored. Default: no logging.
   */
  logSink?: (line: LogLine) => void;
  /** A compiled module (Workers: `import wasm from 'nestegg/nestegg.wasm'`). */
  wasmModule?: WebAssembly.Module;
  /** The .wasm bytes, when the runtime cannot read or fetch the package's own file. */
  wasmBinary?: ArrayBuffer | Uint8Array;
  /** Where the .wasm is: `locateFile('nestegg.wasm')` returns its URL or path. */
  locateFile?: (file: string) => string | URL;
  /**
   * Where the model registry persists: loaded at start, saved after every call that changes it
   * (train, evaluate, activate, experiment, import). `MemoryStorage` is in the package; Workers KV
   * and Deno KV fit the same three methods. A registry that cannot be read is set aside under a
   * side key (`nestegg/registry.unreadable-~model~<user>~<model>`, then `-1`, `-2`… for a different text), kept once, never served and never overwritten.
   */
  storage?: StorageAdapter;
  /**
   * A store from `openStore()`: the registry is kept through it (with its fault handling) and
   * `engine.cachedCall()` is added. Takes the place of `storage`.
   */
  store?: Store;
  /**
   * How long the start waits for the stored models, in ms (default 10 000; a value that is not a
   * finite number of 0 or more is the default). Past it the engine answers from memory and saves
   * nothing (`storageStatus.readOnly`, lastError TimeoutError) until it is created again.
   */
  openTimeoutMs?: number;
}

/**
 * The one storage shape every adapter has. `set` resolves only once the value is durable and
 * rejects otherwise (QuotaExceededError, a full disk...); a failed `set` leaves the previous value.
 */
export interface StorageAdapter {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  /** Keys starting with `prefix`, sorted. Needed by `openStore`. */
  keys?(prefix: string): Promise<string[]>;
  /** [key, value] pairs under `prefix`, sorted, in one read where the backend can. */
  entries?(prefix: string): Promise<[string, string][]>;
  /** Writes (`value`) and deletes (no `value`) in one transaction, where the backend has them. */
  batch?(operations: { key: string; value?: string }[]): Promise<unknown>;
  /**
   * The same for every adapter over the same data (IndexedDBStorage: its database). Where the
   * runtime has the Web Locks API, `openStore` then runs upgrades and read-modify-writes of one
   * record in one tab at a time.
   */
  readonly lockName?: string;
}

/** An adapter that lists its keys: every adapter the package ships is one. */
export interface ListingStorage extends StorageAdapter {
  keys(prefix?: string): Promise<string[]>;
}

// Each shipped adapter is a class with the ListingStorage methods (declaration merging).

/** In-memory adapter (tests, Workers and Deno isolates). */
export interface MemoryStorage extends ListingStorage {}
export class MemoryStorage {}

/**
 * Browsers (and workers): IndexedDB through Emscripten's IDBStore, database `name` (version 22,
 * object store FILE_DATA). Writes resolve on transaction `complete`. While another tab holds the
 * database at an older version, operations fail after `openTimeoutMs` with `UpgradeBlockedError`
 * (a store then works from memory); this adapter closes its connection on `versionchange`.
 */
export interface IndexedDBStorage extends ListingStorage {}
export class IndexedDBStorage {
  constructor(idbStore: unknown, name?: string, options?: { openTimeoutMs?: number });
  readonly name: string;
  entries(prefix?: string): Promise<[string, string][]>;
  batch(operations: { key: string; value?: string }[]): Promise<unknown>;
  close(): void;
}

/** A Workers KV namespace binding (eventually consistent; one write per second per key). */
export interface WorkersKvStorage extends ListingStorage {}
export class WorkersKvStorage {
  constructor(namespace: unknown);
}

/** Deno KV (`await Deno.openKv()`); values are limited to 64 KiB by Deno KV. */
export interface DenoKvStorage extends ListingStorage {}
export class DenoKvStorage {
  constructor(kv: unknown);
}

/** The stored layout's version (see README "Storage"). */
export const SCHEMA_VERSION: number;

/** What the store reports after any storage fault (it never throws one at you). */
export interface StoreStatus {
  adapter: string;
  /** False when there is no storage at all: everything is kept in memory for this session. */
  persistent: boolean;
  /** True while some write is only in memory, or the store is read-only. */
  degraded: boolean;
  lastError: { name: string; message: string; at: string } | null;
  /**
   * A store written by a newer schema is read but never written; so is one whose meta record or
   * listing could not be read at open (until flush(), or a write 5 s later, finds it readable).
   */
  readOnly: boolean;
  pendingWrites: number;
  /** The stored layout's version; null while the store could not be read. */
  schema: number | null;
  /** The schema this store was upgraded from when it was opened, else null. */
  migratedFrom: number | null;
  /** Records that could not be read, moved to `nestegg/quarantine/<key>` (never deleted). */
  quarantined: number;
}

export interface StoredGoal {
  id: string;
  name: string;
  target_amount: number;
  current_amount: number;
  /** YYYY-MM-DD */
  target_date?: DateString;
  status: 'active' | 'achieved' | 'paused' | 'abandoned';
  created_at: string;
  updated_at: string;
  [extra: string]: unknown;
}

export interface Recommendation {
  id: string;
  user: string;
  kind: string;
  text: string;
  data: unknown;
  created_at: string;
  outcome: 'accepted' | 'dismissed' | null;
  decided_at: string | null;
}

export interface CacheEntry {
  user: string;
  type: string;
  input_hash: string;
  result: unknown;
  /** Milliseconds since the epoch. */
  created_at: number;
  expires_at: number;
  engine: string | null;
}

export interface CacheStats {
  hits: number;
  misses: number;
  expired: number;
  corrupt: number;
  /** Entries the storage kept. */
  writes: number;
  /** Entries the storage did not keep: a write that failed, or over quota after expired entries made what room they could. */
  dropped: number;
  invalidated: number;
  hit_rate: number;
}

/**
 * Reads: `get` and `list` answer from what can be read, a storage fault reported in `status()`
 * (a page still shows what it has); with `{ strict: true }` a fault throws `storage_unavailable`
 * (a backup, an edit). Writes that depend on a stored record — `goals.put` of an
 * existing id (keeps `created_at`), `recommendations.add` of a stored id and `decide`,
 * `profile.update` — read it strictly: a fault throws `storage_unavailable` and nothing is
 * written, never a record made from nothing over one that could not be read.
 */
export interface Store {
  goals: {
    list(options?: { strict?: boolean }): Promise<StoredGoal[]>;
    get(id: string, options?: { strict?: boolean }): Promise<StoredGoal | null>;
    /** Adds (no id) or replaces (same id) a goal; validated, throws NesteggError naming the field. */
    put(goal: Partial<StoredGoal> & { name: string; target_amount: number }): Promise<StoredGoal>;
    /**
     * Read-modify-write of a stored goal: `change` gets a copy and returns the goal to store (id and
     * created_at kept). Strict read (storage_unavailable on a fault); not_found when there is none.
     * Calls on one goal run one at a time within this store.
     */
    update(id: string, change: (goal: StoredGoal) => Partial<StoredGoal> & { name: string; target_amount: number }): Promise<StoredGoal>;
    delete(id: string): Promise<boolean>;
  };
  recommendations: {
    /** With an `id` already stored, returns that record unchanged (show the same advice once). */
    add(recommendation: { id?: string; user?: string; kind?: string; text: string; data?: unknown }): Promise<Recommendation>;
    decide(id: string, outcome: 'accepted' | 'dismissed'): Promise<Recommendation>;
    list(filter?: { user?: string; strict?: boolean }): Promise<Recommendation[]>;
    /**
     * The stored records as recommendations.generate's `history`: status = the record's outcome
     * (or 'shown'), date = decided_at (or created_at) as YYYY-MM-DD, baseline = data.baseline when a number.
     */
    history(filter?: { user?: string }): Promise<RecommendationHistoryEntry[]>;
  };
  benchmarks: {
    put(name: string, figures: unknown): Promise<{ name: string; figures: unknown; recorded_at: string }>;
    list(options?: { strict?: boolean }): Promise<{ name: string; figures: unknown; recorded_at: string }[]>;
  };
  /** The household's own figures (any JSON object). */
  profile: {
    get(options?: { strict?: boolean }): Promise<Record<string, unknown> | null>;
    put<T extends object>(data: T): Promise<T>;
    /** Read-modify-write with a strict read: `change` gets a copy of the stored profile ({} when none). */
    update<T extends object>(change: (current: Record<string, unknown>) => T): Promise<T>;
  };
  cache: {
    get(user: string, type: string, hash: string): Promise<CacheEntry | null>;
    /** The entry, with `stored: false` when the storage did not keep it (a failed write, or over quota): dropped, never held in memory, counted in `stats().dropped`. */
    put(user: string, type: string, hash: string, result: unknown, options?: { ttlMs?: number; engine?: string | null }): Promise<CacheEntry & { stored: boolean }>;
    invalidate(filter?: { user?: string; type?: string }): Promise<number>;
    purgeExpired(): Promise<number>;
    /** Counts since the store was opened. */
    stats(): CacheStats;
  };
  /**
   * The adapter view the engine keeps its model registry through: writes as resilient as the
   * store's, reads strict (a read fault rejects, never reads as "nothing stored").
   */
  readonly adapter: ListingStorage;
  status(): StoreStatus;
  /**
   * Retries writes kept in memory after a fault; resolves to how many are still pending. Waits
   * for the changes already called first, each wait bounded by `openTimeoutMs`: a write that
   * never answers is counted as pending (and reported in status()), not waited for without end.
   */
  flush(): Promise<number>;
}

/**
 * Opens the store on an adapter (`null`: memory only, reported), upgrading an older stored layout
 * step by step first. Storage faults never throw: they are reported by `status()` and `onStatus`.
 */
export function openStore(adapter: StorageAdapter | null, options?: {
  /** Prediction cache lifetime in milliseconds, over 0 and at most 100 years (else invalid_value on ttlMs); default 24 hours. */
  ttlMs?: number;
  onStatus?: (status: StoreStatus) => void;
  /** Shown as lastError when adapter is null. */
  reason?: string;
  /** Clock in milliseconds (tests). */
  now?: () => number;
  name?: string;
  /**
   * How long the open (and an upgrade) may wait on the adapter, in ms (default 10 000). Past it
   * the store opens read-only, as after a failed read; flush() or a write 5 s on tries again.
   * The same bound holds a record's strict read (storage_unavailable past it, nothing written)
   * and the queue of changes to one record: a change is refused (storage_unavailable, never made)
   * only when the change under way ahead of it has been writing this long without an answer, or
   * another tab has held the record's lock this long; a queue that moves is waited through, and
   * the time of your own change functions does not count.
   */
  openTimeoutMs?: number;
}): Promise<Store>;

/**
 * JSON with object keys sorted at every depth (both caches' form of a request); null when the
 * value holds something JSON cannot say exactly (a non-finite number).
 */
export function canonicalJson(value: unknown): string | null;

export interface CachedResult<T> {
  result: T;
  cache: { hit: boolean; key: string | null; created_at?: string; expires_at?: string; reason?: 'not cacheable' | 'not stored' };
}

/**
 * Loads the wasm module (once per realm for the package's own file, once per `wasmModule` /
 * `wasmBinary` object passed) and creates an engine with its own configuration, metrics and log
 * sink. Rejects when the module cannot be instantiated.
 */
export function createEngine(options: CreateEngineOptions & { store: Store }): Promise<Engine & Required<Pick<Engine, 'cachedCall'>>>;
export function createEngine(options?: CreateEngineOptions): Promise<Engine>;

// ---------------------------------------------------------------------------------------------
// Goals

export interface Feasibility {
  /** 0-100. Rules in core/feasibility.hpp and README "Feasibility". */
  score: number;
  label: 'Easy' | 'Moderate' | 'Challenging' | 'Unrealistic';
  reasons: string[];
}

export interface Milestone {
  percent: 25 | 50 | 75 | 100;
  amount: number;
  /** Month-end at which the balance first reaches `amount` (0: already there). */
  month: number;
  date: DateString;
}

export interface Assumptions {
  compounding: 'monthly';
  contribution_timing: 'end_of_month';
  monthly_rate: number;
}

export interface TimelineRequest {
  target_amount: number;
  /** Default 0. */
  current_amount?: number;
  monthly_contribution: number;
  /** Default 0. */
  annual_return_rate?: number;
  /** Default today (UTC). */
  start_date?: DateString;
  monthly_income?: number;
  monthly_expenses?: number;
  /** Add a month-by-month schedule. Default false. */
  include_schedule?: boolean;
}

export interface TimelineResponse {
  /** false when the balance never reaches the target, or only after 100 years. Not an error. */
  reachable: boolean;
  reason?: { code: 'no_saving' | 'balance_shrinks' | 'ceiling_below_target' | 'beyond_horizon'; message: string };
  /** Fractional months (numpy-financial's nper); null when unreachable. */
  months_exact: number | null;
  /** Whole months: ceil(months_exact), less one where months_exact is float noise above a whole month whose balance is the target to the half cent; 0 when already reached. */
  months_needed: number | null;
  start_date: DateString;
  /** start_date + months_needed months. */
  target_date: DateString | null;
  /** The next three are null when the plan is not reachable (no target_date). */
  total_contributions: number | null;
  interest_earned: number | null;
  /** Balance at target_date (at or just above the target). */
  final_balance: number | null;
  feasibility: Feasibility;
  milestones: Milestone[];
  schedule?: { month: number; date: DateString; contribution: number; interest: number; balance: number }[];
  assumptions: Assumptions;
  warnings?: Warning[];
}

export interface ReversePlanRequest {
  target_amount: number;
  current_amount?: number;
  /** Must be after start_date, at most 100 years later. */
  target_date: DateString;
  start_date?: DateString;
  annual_return_rate?: number;
  monthly_income?: number;
  monthly_expenses?: number;
}

export interface Alternative {
  kind: 'later_date' | 'earlier_date' | 'lower_target' | 'higher_target' | 'higher_return' | 'lower_return' | 'lump_sum_now';
  description: string;
  monthly_savings: number;
  target_amount: number;
  months: number;
  target_date: DateString | null;
  annual_return_rate: number;
  /** One-time deposit now (lump_sum_now only; 0 otherwise), rounded up to the cent: with monthly_savings it reaches the target. */
  lump_sum: number;
}

export interface ReversePlanResponse {
  /** false when less than one month remains and the target is not yet reached. */
  reachable: boolean;
  reason?: { code: 'too_soon'; message: string };
  /** Month-ends on or before target_date. */
  months_available: number;
  start_date: DateString;
  target_date: DateString;
  /** Rounded UP to the cent: saving this reaches the target. 0 when current savings grow there alone. */
  required_monthly_savings: number | null;
  required_monthly_savings_exact: number | null;
  /** The next three are null when the plan is not reachable (`reason.code` too_soon). */
  total_contributions: number | null;
  interest_earned: number | null;
  final_balance: number | null;
  feasibility: Feasibility;
  milestones: Milestone[];
  /**
   * At least three ways to change the plan, computed at an "affordable" saving: half the monthly
   * surplus (income - expenses) when both are given, otherwise three quarters of the required saving.
   * When the plan asks more than that: later_date, lower_target, higher_return (+2 points) and
   * lump_sum_now. When it asks less: earlier_date, higher_target and lower_return (-2 points).
   */
  alternatives: Alternative[];
  assumptions: Assumptions;
  warnings?: Warning[];
}

export interface AdjustRequest {
  target_amount: number;
  /** Saved as of `as_of`. */
  current_amount: number;
  target_date: DateString;
  /** Default today. */
  as_of?: DateString;
  annual_return_rate?: number;
  /**
   * Monthly contributions, oldest first: plain numbers, or `{ month, amount }` in strictly
   * increasing months, none after as_of's. A month not given counts as 0, between two given
   * months and after the last one up to the month before as_of's (as_of's own month, in
   * progress, counts only when given). Negative amounts are withdrawals.
   */
  contributions: number[] | { month: MonthString; amount: number }[];
  planned_monthly_contribution?: number;
  /** Months averaged for the current pace. Default 6 (1-120). */
  pace_window?: number;
  /** Finishing up to this many months early is still "on_track". Default 1 (0-24). */
  tolerance_months?: number;
}

export interface AdjustResponse {
  status: 'reached' | 'ahead' | 'on_track' | 'behind';
  as_of: DateString;
  target_date: DateString;
  months_remaining: number;
  progress_percent: number;
  /** Mean of the last pace_window months: below 0 when withdrawals outweighed deposits, and then projected on (an empty goal is 0, not below). */
  current_pace: number;
  reachable_at_current_pace: boolean;
  projected_months: number | null;
  projected_months_exact: number | null;
  projected_completion_date: DateString | null;
  /** Positive: early; negative: late. */
  months_early: number | null;
  projected_balance_at_target_date: number;
  /** target - projected balance at target_date; positive is a shortfall. */
  gap_at_target_date: number;
  /** Rounded up to the cent; null when the date has passed or is under a month away. */
  required_monthly_to_keep_date: number | null;
  new_target_date_at_current_pace: DateString | null;
  performance: {
    months_recorded: number;
    total_contributed: number;
    average_contribution: number;
    recent_average: number;
    std_dev: number;
    min: number;
    max: number;
    /** OLS slope of the amount per month. */
    trend_per_month: number;
    share_meeting_plan: number | null;
    months_below_plan: number | null;
  };
  recommendation: string;
  assumptions: Assumptions;
  warnings?: Warning[];
}

export interface SimulateRequest {
  target_amount: number;
  current_amount?: number;
  monthly_contribution: number;
  /** Mean annual return; the mean path is the deterministic plan. Default 0. */
  annual_return_rate?: number;
  /** Annual volatility (standard deviation of log returns x sqrt(12)), 0 to 2. */
  annual_volatility: number;
  /** Horizon in months (1-1200); give this or target_date. */
  months?: number;
  target_date?: DateString;
  start_date?: DateString;
  /** Default 10 000. */
  paths?: number;
  /** Same seed, same answer, on every runtime. Default 1. */
  seed?: number;
  /** Percents, default [10, 50, 90]; up to 9 values in 0-100 (numpy's linear interpolation). */
  percentiles?: number[];
  /** Per-month percentile bands. Default true. */
  include_bands?: boolean;
}

/**
 * Percentiles keyed by the percent as written: `{"10": …, "50": …, "90": …}` (or the requested
 * ones, e.g. `"2.5"`). The one convention for percentiles in every method (README "Conventions").
 */
export type ByPercent<T> = Record<string, T>;

export interface SimulateResponse {
  /** Share of paths at or above the target at the horizon. */
  probability_of_success: number;
  /** Share of paths that touched the target at any month-end. */
  probability_reached_anytime: number;
  months: number;
  start_date: DateString;
  end_date: DateString | null;
  paths: number;
  seed: number;
  final_balance: { percentiles: ByPercent<number>; mean: number };
  /** The deterministic plan's balance (the exact mean). */
  expected_final_balance: number;
  /** Percentiles of the first month at or above target, over paths that got there; null if none. */
  months_to_target: { percentiles: ByPercent<number> } | null;
  bands?: { month: number; date: DateString | null; probability_reached: number; percentiles: ByPercent<number> }[];
  model: { returns: string; monthly_sigma: number };
  warnings?: Warning[];
}

// ---------------------------------------------------------------------------------------------
// Savings prediction (see README "API reference: savings")

/** One month of a household's history, oldest first, each month once. */
export interface MonthRow {
  month: MonthString;
  income?: number;
  expenses?: number;
  /** Spending by category (feature `category:NAME`, target `category:NAME`). */
  categories?: Record<string, number>;
  /** Caller-named numbers (feature `x:NAME`): required in every row when used. */
  features?: Record<string, number>;
}

/**
 * Feature tokens: `trend`, `season` (sin/cos of the month), `month_of_year` (11 indicators),
 * `lag_K` (K = 1..24), `income`, `expenses`, `expense_ratio_lag_1`, `category:NAME`, `x:NAME`.
 */
export type FeatureToken = string;

export interface TrainOptions {
  /** `savings` (income - expenses, default), `income`, `expenses` or `category:NAME`. */
  target?: string;
  /** Default `['trend', 'season', 'lag_1']`. */
  features?: FeatureToken[];
  /** Ridge penalty lambda (on standardised columns, scaled by n). Default 0: OLS. */
  ridge?: number;
  /** Default true. */
  intercept?: boolean;
  /** `auto` (normal equations when well-conditioned, else QR), `qr` or `normal`. */
  solver?: 'auto' | 'qr' | 'normal';
  /** Rolling-origin CV folds, 0 to 20. Default 5 (0: none). */
  cv_folds?: number;
}

/** savings.import: a savings.export snapshot; all or nothing (one bad field leaves the registry as it was). */
export interface ImportRequest {
  snapshot: unknown;
  /** Add its models and experiments to the registry's, each replacing one of the same name, instead of replacing the registry. Default false. */
  merge?: boolean;
}

export interface TrainRequest extends TrainOptions {
  /** Monthly history (at least one row more than the columns, after lags). */
  history?: MonthRow[];
  /** Or an explicit design: rows of numbers (or `"attachment:NAME"`, see trainMatrix). */
  design?: { columns: string[]; rows: number[][] | string; y: number[] | string };
  /** Store the model as a new version for this user (with `model_id`, default 'savings'). */
  user_id?: string;
  model_id?: string;
  /** Default true (with user_id). */
  store?: boolean;
  /** Make the new version the active one. Default true. */
  activate?: boolean;
  /** Train with the options of the user's variant in this A/B experiment. */
  experiment?: string;
}

export interface Accuracy {
  n: number;
  mae: number;
  rmse: number;
  r2: number;
  adj_r2: number | null;
}

/** A trained model: plain JSON, lossless (every double round-trips), storable anywhere. */
export interface SavingsModel {
  format: 'nestegg.savings.linear/1';
  kind: 'history' | 'design';
  model_id: string;
  user_id: string;
  variant: string;
  version: number;
  trained_at: string;
  target: string | null;
  features: FeatureToken[] | null;
  columns: string[];
  intercept: boolean;
  intercept_value: number;
  coefficients: number[];
  mean: number[];
  scale: number[];
  dropped: boolean[];
  solver: 'qr' | 'normal';
  sigma: number;
  dof: number;
  n_train: number;
  condition_estimate: number | null;
  covariance: number[];
  state: unknown;
  metrics: { in_sample: Accuracy; cross_validated: Accuracy | null; cv_folds: number };
}

export interface TrainResponse {
  model: SavingsModel;
  metrics: { in_sample: Accuracy; cross_validated: Accuracy | null; cv_folds: number };
  /** OLS standard errors, t and p values; null with a ridge penalty or no residual dof. */
  coefficients: { name: string; value: number; std_error: number | null; t: number | null; p_value: number | null; dropped?: true }[];
  solver: 'qr' | 'normal';
  /**
   * Where the model was stored (null with `store: false` or no `user_id`). A model keeps its last 50
   * versions, and only as many as keep its stored record readable at the next start: the record is
   * read back as a `savings.import` request, held to `limits.max_request_bytes`, `max_json_values`
   * and `max_json_depth`. The oldest versions not in use make room (`dropped_versions` lists every
   * version this call dropped, those past the 50 too, with a `versions_dropped` warning); if the
   * versions in use are over already, the call fails `too_large` on `design.columns` (or
   * `history`) and nothing is stored.
   */
  stored: { user_id: string; model_id: string; version: number; active: boolean; dropped_versions: number[] } | null;
  experiment: { name: string; variant: string } | null;
  warnings?: { code: string; message: string; field: string }[];
}

export interface PredictRequest {
  /** The model object, or the stored one of `user_id` (+ `model_id`, `version`; default active). */
  model?: SavingsModel;
  user_id?: string;
  model_id?: string;
  version?: number;
  /** Future months (history models); income/expenses given in a row feed later lags. */
  months?: MonthRow[];
  /** Or the next N months after the training history (1-120). */
  horizon?: number;
  /** Design-matrix models: rows of numbers. */
  rows?: number[][] | string;
  /** Interval levels in percent: 1 to 6 in [0.5, 99.9]. Default [80, 95]. */
  level?: number[];
  /** Drivers listed per prediction. Default 5. */
  top_drivers?: number;
  /** `rows` (default), or `columns` (design-matrix models only): one array per output, no drivers (bulk scoring). */
  output?: 'rows' | 'columns';
}

export interface SavingsPrediction {
  month: MonthString | null;
  prediction: number;
  /** The prediction for an average training month; drivers explain the difference. */
  baseline: number;
  /** Later months fed by earlier predictions: their intervals are too narrow. */
  lags_predicted: boolean;
  drivers: { feature: string; contribution: number }[];
  /** Interval bounds by level: `lower["80"]`, `upper["95"]` (README "Conventions"). */
  lower: ByPercent<number>;
  upper: ByPercent<number>;
}

export interface PredictResponse {
  /** Rows, or with `output: "columns"` one array per field: `{ prediction, lower: {"80": [...]}, upper }`. */
  predictions: SavingsPrediction[] | { prediction: number[]; lower: Bands; upper: Bands };
  model: { model_id: string; user_id: string; version: number; stored: boolean };
  warnings?: { code: string; message: string; field: string }[];
}

export interface EvaluateRequest {
  user_id: string;
  model_id?: string;
  version?: number;
  /** Arrived months: `actual`, or income and expenses. A month recorded again replaces the old record. */
  months: (MonthRow & { actual?: number })[];
}

export interface EvaluateResponse extends Warned {
  /**
   * The version evaluated. `dropped_versions`: versions dropped to keep the stored record readable,
   * as `savings.train` does (see TrainResponse.stored); if the versions in use are over already,
   * the call fails `too_large` on `months` and records nothing.
   */
  model: { user_id: string; model_id: string; version: number; dropped_versions: number[] };
  recorded: number;
  metrics: { n: number; mae: number; rmse: number; r2: number | null; mape: number | null };
  /** The original ModelPerformanceMetrics rows, with running MAE/RMSE/R². */
  over_time: { month: MonthString; actual: number; predicted: number; error: number; error_percentage: number | null;
    mae: number; rmse: number; r2: number | null }[];
}

export interface ExperimentRequest {
  name: string;
  /** 2 to 16 variants; a user falls in one by a hash of (experiment, user_id), weighted. */
  variants: { name: string; weight?: number; options?: TrainOptions }[];
}

export interface CompareResponse extends Warned {
  experiment: string;
  variants: { variant: string; users: number; n: number; mae: number | null; rmse: number | null; r2: number | null; mape: number | null }[];
  best: string | null;
  /** Welch's t-test of the best variant's absolute errors against each other's. */
  comparisons: { best: string; other: string; significant: boolean;
    test: { mae_difference: number; t: number; dof: number; p_value: number } | null }[];
  alpha: number;
  recommendation: string;
}

// ---------------------------------------------------------------------------------------------
// Forecasting (see README "API reference: forecasting")

/**
 * Interval bounds keyed by the level in percent as written: `{"80": [...], "95": [...]}`. Every
 * method gives intervals as `lower` and `upper` objects of this shape (README "Conventions").
 */
export type Bands = ByPercent<number[]>;

export interface EtsParameters {
  /** Smoothing weights in R's forecast::ets convention: 0 < beta < alpha, 0 < gamma < 1 - alpha. */
  alpha?: number; beta?: number; gamma?: number; phi?: number;
  /** Initial level, trend and seasonal states (most recent first). With all of them nothing is estimated. */
  l0?: number; b0?: number; s?: number[];
}

export interface ExpensesRequest {
  /** One series, oldest first, `null` for a missing month. Give this or `categories`. */
  series?: (number | null)[];
  /** A batch: category name -> series. */
  categories?: Record<string, (number | null)[]>;
  /** Season length: 12 monthly (default), 4 quarterly, 1 none; at most 24. */
  period?: number;
  /** Steps ahead, 1..120 (default 12). */
  horizon?: number;
  /** Interval levels in percent: 1 to 6 in [0.5, 99.9]. Default [80, 95]. */
  level?: number[];
  /**
   * `auto` (default: `combination`), `ets` (best by AICc, or `spec`), `arima` (stepwise search, or
   * `order`), `theta` (R's thetaf()), `combination` (the mean of the ETS, ARIMA and Theta forecasts;
   * bounds of the equal mixture of their forecast distributions, each member's spread widened to
   * Student's t on its residual degrees of freedom; moved out where need be to hold the forecast,
   * and each level's interval holds every narrower one's), `holt_winters`, `ses`, `holt`,
   * `naive`, `snaive`.
   */
  method?: 'auto' | 'ets' | 'arima' | 'theta' | 'combination' | 'holt_winters' | 'ses' | 'holt' | 'naive' | 'snaive';
  /** ETS model letters as R's ets takes them: `ANN`, `AAdN`, `MAM`, `MAdM`, ... (method ets). */
  spec?: string;
  /** Holt-Winters season (default additive). */
  seasonal?: 'additive' | 'multiplicative';
  /** Damped trend (holt, holt_winters). */
  damped?: boolean;
  /** Given ETS parameters (ets with spec, ses, holt, holt_winters); for theta `alpha` and `l0`. */
  parameters?: EtsParameters;
  /** ARIMA (p, d, q): p, q 0..5, d 0..2. */
  order?: [number, number, number];
  /** Seasonal (P, D, Q): P, Q 0..2, D 0..1. */
  seasonal_order?: [number, number, number];
  /** Mean (d + D = 0) or drift (d + D = 1). */
  include_constant?: boolean;
  /** Given ARIMA coefficients (R's signs); `constant` is the mean, or the drift per period. */
  coefficients?: { ar?: number[]; ma?: number[]; sar?: number[]; sma?: number[]; constant?: number };
  /** Seed of simulated intervals (non-linear ETS models); default 42. */
  seed?: number;
  /**
   * How ETS likelihoods are maximised: `levenberg_marquardt` (default: Gauss-Newton steps on the
   * filter's exact Jacobian) or `nelder_mead` (R's own simplex and cap, for R's exact fits).
   */
  optimizer?: 'levenberg_marquardt' | 'nelder_mead';
  /** Include one-step in-sample forecasts. */
  include_fitted?: boolean;
}

export interface SeriesForecast {
  /** Point forecasts, rounded to the cent. */
  forecast: number[];
  lower: Bands;
  upper: Bands;
  fitted?: (number | null)[];
  model: {
    /**
     * `ETS(M,Ad,M)`, `ARIMA(0,1,1)(0,1,1)[12]`, `Theta`, `Theta, multiplicative season`,
     * `Combination of ETS(A,A,N), ARIMA(0,1,1) and Theta`, `naive`, `seasonal naive`, `constant`.
     */
    name: string;
    /**
     * alpha, beta, gamma, phi, l0, b0, s0.. / ar1.., ma1.., sar1.., sma1.., mean or drift; and sigma2.
     * Theta: alpha, drift, sigma2, l0, index1..indexm (the seasonal index of each step of a season
     * ahead). A combination: none (its members are named in `name`).
     */
    parameters: Record<string, number>;
    aicc: number | null; aic: number | null; bic: number | null; loglik: number | null;
    intervals: 'analytic' | 'simulated' | 'none';
    /**
     * method auto: "combination"; "the only family that could be estimated"; "the family that fits
     * every observed value exactly" or "the only family whose forecast stays at or above zero"
     * (that member alone). Null for other methods.
     */
    selection: string | null;
    /** In-sample one-step errors, as R's accuracy(); MASE scaled by the seasonal naive method. */
    accuracy: Record<'me' | 'rmse' | 'mae' | 'mpe' | 'mape' | 'mase', number | null>;
  };
  /** e.g. `short_series` (fewer than two seasons: fitted without one), `constant_series`, `exact_fit` (intervals of no width: the model reproduces the series), `no_intervals` (method `naive` on one value; under `auto` one value is `constant_series`), `floored_at_zero` (`auto`/`combination` on a series without negative values), `model_not_estimable`. */
  warnings?: { code: string; message: string }[];
}

export interface ExpensesResponse extends Warned {
  series?: SeriesForecast;
  categories?: Record<string, SeriesForecast>;
  /** Sum of the category point forecasts (a batch only). */
  total?: { forecast: number[] };
  period: number;
  horizon: number;
  level: number[];
}

export interface RecurringItem {
  name?: string;
  amount: number;
  /** Default monthly. Weekly and biweekly repeat from `start_date`; annual on its month and day. */
  cadence?: 'weekly' | 'biweekly' | 'monthly' | 'annual';
  /** Monthly: day of month (clamped to the month's last day); default the start date's day. */
  day?: number;
  /** First possible date (YYYY-MM-DD), default the projection's start. */
  start_date?: string;
  /** Last possible date, inclusive. */
  end_date?: string;
}

export interface CashflowRequest {
  /** Day one of the projection (default today, UTC). Balances are at the end of each day. */
  start_date?: string;
  starting_balance: number;
  /** 1..36 (default 6): through the day before the same date `months` later. */
  months?: number;
  incomes?: RecurringItem[];
  bills?: RecurringItem[];
  /** Monthly variable spending per category, oldest first, ending the month before start_date's. */
  spending?: Record<string, (number | null)[]>;
  /** Balance that counts as "too low" (default 0). */
  threshold?: number;
  period?: number;
  /** Interval levels in percent: 1 to 6 in [0.5, 99.9]. Default [80, 95]. */
  level?: number[];
  /** Simulated spending paths, 100..20000 (default 2000). */
  paths?: number;
  seed?: number;
  /** Include the daily series (default true). */
  include_daily?: boolean;
}

export interface CashflowResponse extends Warned {
  start_date: string;
  end_date: string;
  starting_balance: number;
  threshold: number;
  /** First day the expected (mean) balance is below the threshold; null if never. */
  first_below_date: string | null;
  first_below_date_median: string | null;
  /** Share of simulated paths whose balance goes below the threshold on some day. */
  probability_below: number;
  level: number[];
  daily?: { dates: string[]; expected: number[]; lower: Bands; upper: Bands };
  monthly: { month: string; income: number; bills: number; spending: number; end_balance: number;
    lower: ByPercent<number>; upper: ByPercent<number> }[];
  spending: Record<string, { model: string; forecast: number[] }>;
}

// ---------------------------------------------------------------------------------------------
// Planning: debts and investment readiness (README "API reference: debts and investing")

export interface DebtInput {
  /** Default "Debt 1", "Debt 2", ... in request order; names must be unique (`order` uses them). */
  name?: string;
  /** 0..1e12, taken to the cent (rounded half away from zero). 0 = already paid. */
  balance: number;
  /** Annual rate as a fraction, 0..1 (0.229 = 22.9 %). Charged monthly: round(balance_cents * apr / 12) cents. */
  apr: number;
  /** Fixed monthly minimum (default 0), at most the balance is ever taken. */
  minimum_payment?: number;
  /** Promotional APR, charged in every month that ends on or before `promo_end_date` (inclusive). Both or neither. */
  promo_apr?: number;
  promo_end_date?: string;
}

export type DebtStrategy = 'avalanche' | 'snowball' | 'custom' | 'optimal';

export interface DebtPlanRequest {
  /** 1..50 debts. */
  debts: DebtInput[];
  /** Paid every month until the last debt is gone; must cover the sum of the minimums (else `invalid_value` on it). */
  monthly_budget: number;
  /**
   * Where the money beyond the minimums goes (default 'avalanche'):
   * avalanche — the highest regular APR first; snowball — the smallest starting balance first; custom — `order`
   * (all three fixed orders); optimal — the least total interest found over those, the rule "highest APR charged
   * this month first" (promotions included) and fixed orders: all of them up to 6 debts, a bounded local search
   * beyond (see `search`).
   */
  strategy?: DebtStrategy;
  /** Every debt's name once, highest priority first. Required for 'custom'; with another strategy it is compared as "custom". */
  order?: string[];
  /** Month k ends on start_date + k months (day clamped). Default today (UTC, or config.today). */
  start_date?: string;
  /** Month-by-month rows (default false). */
  include_schedule?: boolean;
}

export interface DebtPlanSummary {
  /** False when the plan does not clear the debts within 100 years (or a minimum never outruns its interest). */
  paid_off: boolean;
  months: number | null;
  payoff_date: string | null;
  total_interest: number | null;
  /** This plan's interest less the chosen plan's: positive = the chosen plan saves that much. */
  interest_saved: number | null;
  /** This plan's months less the chosen plan's. */
  months_saved: number | null;
  /** 'fixed_order', or 'rate_each_month' when optimal's best was ranking by the APR charged each month; absent for minimums_only. */
  rule?: 'rate_each_month' | 'fixed_order';
  /** Extra-pool priority in month 1 (debts with a balance). */
  order?: string[];
}

export interface DebtPlanResponse {
  strategy: DebtStrategy;
  rule: 'rate_each_month' | 'fixed_order';
  start_date: string;
  monthly_budget: number;
  /** Sum of the minimums of debts with a balance. */
  minimum_payments: number;
  /** monthly_budget - minimum_payments: the budget beyond the minimums (month 1's pool is more when a debt owes less than its minimum). */
  extra_payment: number;
  /** Months until every debt is 0; payoff_date is start_date + months. */
  months: number;
  payoff_date: string;
  total_interest: number;
  total_paid: number;
  order: string[];
  /** Debts in the order they reach 0. */
  payoff_order: string[];
  debts: {
    name: string; balance: number; apr: number; minimum_payment: number; promo_apr?: number; promo_end_date?: string;
    /** The month its balance reaches exactly 0 (0 when it starts at 0). */
    payoff_month: number; payoff_date: string; interest_paid: number; total_paid: number;
    /** On its minimum alone it is never paid off: a month after any promotion has ended comes whose minimum does not exceed its interest at the regular APR (also a warning; minimums only then says paid_off false). */
    negative_amortization: boolean;
  }[];
  /** Every strategy against the chosen one, and minimums only (each debt its minimum, nothing more, no rollover). */
  comparison: { minimums_only: DebtPlanSummary; avalanche: DebtPlanSummary; snowball: DebtPlanSummary;
    optimal: DebtPlanSummary; custom?: DebtPlanSummary };
  /** How the optimal order was found: every order, or a local search of swaps (complete: false when its work budget ran out). */
  search: { method: 'exhaustive' | 'local_search'; evaluations: number; complete: boolean };
  /** Per month, arrays in request order; balance at the month's end; unused = budget no debt could take (last month). */
  schedule?: { month: number; date: string; interest: number[]; payment: number[]; balance: number[]; unused: number }[];
  warnings?: DebtWarning[];
}

export interface ReadinessRequest {
  /** Cash set aside now. */
  emergency_fund: number;
  monthly_essential_expenses: number;
  /** What is left each month after essentials and minimum debt payments; the steps use it one after another. */
  monthly_saving: number;
  /** Years until the invested money is needed, 0..100; under 3 is never "ready". */
  horizon_years: number;
  /** Annual return on the saved cash (default 0), for the goal planner's months. */
  savings_rate?: number;
  /** As in debt.plan; APR >= 8 % counts as high-interest. */
  debts?: DebtInput[];
  employer_match?: {
    /** Employer's money per unit contributed (0.5 = 50 %), 0..2. */
    match_rate: number;
    /** Matched up to this share of salary, 0..1. */
    match_limit: number;
    /** Share of salary contributed now (default 0). */
    contribution_rate?: number;
    annual_salary: number;
  };
  risk?: {
    /** Default 'variable'. Stable income and no dependents: a 3-month fund; otherwise 6. */
    income_stability?: 'stable' | 'variable';
    dependents?: boolean;
    /** After a 20 % fall: sell (default) -> conservative, hold -> moderate, buy -> growth (capped by the horizon). */
    loss_reaction?: 'sell' | 'hold' | 'buy';
  };
  start_date?: string;
}

export interface ReadinessStep {
  step: 'starter_emergency_fund' | 'employer_match' | 'high_interest_debt' | 'emergency_fund' | 'invest';
  done: boolean;
  /** To set aside or pay off (high_interest_debt: what the debts owe when the step begins, after the months on
   * their minimums; emergency_fund: the target less the fund when the step begins, one account with the
   * starter step's overshoot, its interest and the debt step's last unused pool); a monthly amount when
   * per_month (the match's extra contribution, what is left to invest). */
  amount: number;
  per_month: boolean;
  /** Months this step takes at the saving it gets; null when it cannot be finished at this saving. */
  months: number | null;
  /** Months from start_date until it is finished (steps run one after another); null after an unreachable step.
   * A plan whose step would end after 9999-12-31 is refused: out_of_range on start_date. */
  end_month: number | null;
  end_date: string | null;
  employer_adds_per_month?: number;
  /** high_interest_debt: the debts, in the order the extra goes to them. */
  debts?: string[];
}

export interface ReadinessResponse {
  /** ready: steps done and horizon >= 3 years; almost: they take at most 12 months; otherwise not_yet. */
  status: 'ready' | 'almost' | 'not_yet';
  reasons: ('short_horizon' | 'unreachable_at_this_saving' | 'steps_remaining')[];
  start_date: string;
  months_to_ready: number | null;
  ready_date: string | null;
  emergency_months: 3 | 6;
  emergency_fund_target: number;
  high_interest_apr: number;
  risk_profile: 'conservative' | 'moderate' | 'growth';
  steps: ReadinessStep[];
  /** Non-fatal notes: unknown_field for a field the method does not read, negative_amortization for a debt its
   * minimum never pays off, promo_above_apr. */
  warnings?: DebtWarning[];
}

// ---------------------------------------------------------------------------------------------
// Planning analytics (README "API reference: budget and health")

export type BudgetBucket = 'needs' | 'wants' | 'savings';

export interface BudgetRequest {
  /** Monthly after-tax income, > 0. Amounts are taken to the cent. */
  monthly_income: number;
  /** Monthly amount per category, 1 to 200 of them. Names outside the default map need `buckets`. */
  spending: Record<string, number>;
  /** Default '50/30/20' (needs / wants / savings); 'custom' with `shares`. */
  rule?: '50/30/20' | '70/20/10' | '60/20/20' | 'custom';
  /** Fractions of income adding to 1 (to 1e-9); implies rule 'custom'. */
  shares?: { needs: number; wants: number; savings: number };
  /** exact (default): needs and wants moved to their targets, up or down. at_most: only cut when over. */
  mode?: 'exact' | 'at_most';
  /** Overrides of the default category -> bucket map. */
  buckets?: Record<string, BudgetBucket>;
  /** Per-category lowest amount (default 0). */
  floors?: Record<string, number>;
  /** Per-category highest amount (default none); not below its floor. */
  ceilings?: Record<string, number>;
}

export interface BudgetBucketPlan {
  current: number;
  current_share: number;
  target: number;
  target_share: number;
  proposed: number;
  proposed_share: number;
  change: number;
  /** reached: on the target. under_target (needs, wants; mode at_most only): left under it, as that mode allows;
   * savings is then above_target. floors_above_target / ceilings_below_target: the bounds make the target
   * impossible; below_target / above_target (savings): what the other buckets' bounds left it. */
  status: 'reached' | 'under_target' | 'floors_above_target' | 'ceilings_below_target' | 'below_target' | 'above_target';
  /** When the bucket's bounds make its target impossible: the categories whose floors / ceilings bind. */
  binding: string[];
}

export interface BudgetCategoryPlan {
  category: string;
  bucket: BudgetBucket;
  current: number;
  proposed: number;
  change: number;
  /** null when current is 0. */
  percent_change: number | null;
  floor: number;
  ceiling: number | null;
  /** The bound that held it back (or forced it). */
  limit: 'floor' | 'ceiling' | null;
  /** Why it changes; null when it does not. */
  reason: string | null;
}

export interface BudgetResponse {
  /** Every bucket is where the mode asks: exact, each on its target; at_most, needs and wants at or under
   * theirs (status reached or under_target) and savings at or above its own. */
  feasible: boolean;
  rule: string;
  mode: 'exact' | 'at_most';
  monthly_income: number;
  /** Savings = income - needs - wants: its categories plus the unassigned rest. */
  buckets: Record<BudgetBucket, BudgetBucketPlan>;
  /** Income no category takes (saved by definition). `current` is negative when spending exceeds the income;
   * `proposed` only when savings floors force it. */
  unassigned: { current: number; proposed: number };
  /** The categories that change, largest change first. */
  changes: BudgetCategoryPlan[];
  /** Every category, by name. */
  categories: BudgetCategoryPlan[];
  objective: string;
  /** Non-fatal notes: unknown_field for a field the method does not read. */
  warnings?: Warning[];
}

export type HealthComponentName = 'spending_vs_income' | 'bills_on_time' | 'liquid_savings' | 'long_term_savings' |
  'debt_load' | 'credit_standing' | 'insurance' | 'planning';

/** Every input is optional; a component whose inputs are missing is left out and listed in `missing`. */
export interface HealthScoreRequest {
  /** After tax, > 0. */
  monthly_income?: number;
  /** Everything spent in a month, bills included. */
  monthly_spending?: number;
  /** Share of bills paid on time over the last 12 months, 0-1. */
  bills_on_time?: number;
  /** Cash and savings reachable within days. */
  liquid_savings?: number;
  /** Probability of reaching the long-term goal, 0-1: goals.simulate's `probability_of_success`. */
  goal_confidence?: number;
  monthly_debt_payments?: number;
  /** What is owed, mortgage excluded. */
  debt_balance?: number;
  /** 300-850. */
  credit_score?: number;
  /** Share of the insurance cover the household needs that it holds, 0-1. */
  insurance_coverage?: number;
  /** How many months ahead the household plans its money, 0-1200. */
  planning_horizon_months?: number;
  /** Relative weights (0-100, default 1 each), renormalised over the components present. */
  weights?: Partial<Record<HealthComponentName, number>>;
}

export interface HealthImprovement {
  input: string;
  /** The measure to reach (a ratio, months, a credit score, a share). */
  target: number;
  /** How much the input changes (money rounded to the cent). */
  change: number;
  points_after: number;
  /** What the score gains with the change made: the whole request re-scored, every component it moves. */
  score_gain: number;
  text: string;
}

export interface HealthScoreResponse {
  /** 0-100, the weighted mean rounded half up. */
  score: number;
  score_exact: number;
  /** On the rounded score: vulnerable 0-39, coping 40-79, healthy 80-100. */
  tier: 'vulnerable' | 'coping' | 'healthy';
  groups: Record<'spend' | 'save' | 'borrow' | 'plan', number | null>;
  components: { component: HealthComponentName; group: string; measures: Record<string, number | null>;
    points: number;
    /** This component's share of the weights of the components present (the shares add to 1). */
    weight: number; improvement: HealthImprovement | null }[];
  /** Components left out: their inputs are missing, or (`reason`) a measure is undefined (monthly_spending 0). */
  missing: { component: HealthComponentName; needs: string[]; reason?: string }[];
  renormalised: boolean;
  /** The component whose improvement raises the score most; null when all are at 100. */
  best_improvement: (HealthImprovement & { component: HealthComponentName }) | null;
  tiers: string;
  /** Non-fatal notes: unknown_field for a field the method does not read. */
  warnings?: Warning[];
}

// ---------------------------------------------------------------------------------------------
// Insights (README "API reference: insights")

/** One statement line. Amount signed: negative = money out (a charge), positive = money in. */
export interface Transaction {
  /** YYYY-MM-DD */
  date: string;
  amount: number;
  /** 1-200 characters; the merchant is read from it (README "insights.habits": merchant names). */
  description: string;
  category?: string | null;
  account?: string | null;
}

/** The same transactions as parallel arrays (cheaper to build and to parse for 100 000 of them). */
export interface TransactionColumns {
  date: string[];
  amount: number[];
  description: string[];
  category?: (string | null)[];
  account?: (string | null)[];
}

export interface HabitsRequest {
  /** Up to limits.max_array_items (100 000), refused before any is read when over. */
  transactions: Transaction[] | TransactionColumns;
  /** Default: the last transaction's date; never before it. */
  as_of?: string;
  /** Merchants listed in merchants.top, 1-100 (default 10). */
  top_merchants?: number;
  /** Robust z above which spending is flagged, 2-50 (default 3.5). */
  anomaly_threshold?: number;
}

export type HabitsPeriod = 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'annual';

/** A recurring series (subscription, bill, standing transfer). Amounts positive: what is charged. */
export interface Subscription {
  /** "subscription:<merchant>": stable, what nudges and recommendations key on. */
  id: string;
  merchant: string;
  period: HabitsPeriod;
  /** Median days between charges one period apart. */
  interval_days: number;
  /** The current price (median of the charges since the last price change). */
  amount: number;
  /** The price before the last change; null when it never changed. */
  previous_amount: number | null;
  price_changes: { date: string; from: number; to: number }[];
  first_date: string;
  last_date: string;
  /** The first expected charge on or after as_of; null when lapsed. Always after last_date. */
  next_expected_date: string | null;
  occurrences: number;
  /** Periods with no charge between the first and the last. */
  missed: number;
  monthly_cost: number;
  annual_cost: number;
  /** regularity x amount stability x support, in [0, 1]. */
  confidence: number;
  status: 'active' | 'lapsed';
  /** subscription (cancellable), bill (a need: rent, utilities, insurance...), transfer (to the household's own savings: not spending). */
  kind: 'subscription' | 'bill' | 'transfer';
  category: string | null;
  account: string | null;
}

export interface SpendBucket {
  count: number;
  total: number;
  /** Of the discretionary total. */
  share: number;
  /** Calendar days of this kind in the span. */
  days: number;
  daily_average: number;
}

export interface HabitsAnomaly {
  /** "anomaly:<kind>:<date or month>:<merchant or category>", ":2", ":3"... on later ones that would share it: unique. */
  id: string;
  kind: 'unusual_amount' | 'duplicate' | 'category_month';
  /** Duplicates: how many identical charges that day (one anomaly per amount); 1 otherwise. */
  times: number;
  date: string | null;
  /** YYYY-MM, category_month only. */
  month: string | null;
  amount: number;
  /** The usual amount it was measured against. */
  expected: number;
  merchant: string | null;
  category: string | null;
  /** The robust z (null for duplicates). */
  score: number | null;
  /** Index of the transaction in the request (null for category_month). */
  index: number | null;
  reason: string;
}

export interface HabitsResponse extends Warned {
  as_of: string;
  transactions: number;
  /** Active series, dearest per month first. */
  subscriptions: Subscription[];
  subscriptions_monthly_cost: number;
  /** Series that stopped (more than one period overdue at as_of). */
  lapsed: Subscription[];
  /** Discretionary spending (charges outside recurring series) by when it happens. */
  patterns: {
    from_date: string;
    to_date: string;
    total: number;
    /** Monday first. */
    by_weekday: (SpendBucket & { weekday: string })[];
    weekday: SpendBucket;
    weekend: SpendBucket;
    /** Weekend daily average / weekday daily average. */
    weekend_ratio: number;
    /** Days 1-10, 11-20, 21-end. */
    time_of_month: { early: SpendBucket; mid: SpendBucket; late: SpendBucket };
  };
  /** All money out by merchant. */
  merchants: {
    total: number;
    count: number;
    /** Herfindahl-Hirschman index: sum of squared shares, (0, 1]. */
    hhi: number;
    effective_merchants: number;
    top_share: number;
    top: { merchant: string; count: number; total: number; share: number; category: string | null }[];
  };
  anomalies: HabitsAnomaly[];
}

export type CeCategory = 'food' | 'housing' | 'transportation' | 'healthcare' | 'entertainment' |
  'personal_insurance_and_pensions';
export type CeAgeGroup = 'under_25' | '25_34' | '35_44' | '45_54' | '55_64' | '65_74' | '75_plus' | '65_plus';

/** A household against its peers in the BLS Consumer Expenditure Survey 2023. Money in `period` units. */
export interface BenchmarksRequest {
  /** Age of the reference person, 15-120 (the finest CE age group holding it); or `age_group`. */
  age?: number;
  age_group?: CeAgeGroup;
  /** Income BEFORE taxes: picks the income quintile (approximate limits) unless `income_quintile` is given. */
  income?: number;
  /** 1 (lowest) to 5. */
  income_quintile?: 1 | 2 | 3 | 4 | 5;
  /** Income after taxes: compared, and with `expenditures` gives the expense ratio and savings rate. */
  income_after_taxes?: number;
  /** Total spending (CE "average annual expenditures"). */
  expenditures?: number;
  /** Spending per CE category. */
  spending?: Partial<Record<CeCategory, number>>;
  /** A fraction (0.2 = 20 %), -10 to 1; default derived from income_after_taxes and expenditures. */
  savings_rate?: number;
  /** Default 'annual'; 'monthly' amounts are multiplied by 12. */
  period?: 'annual' | 'monthly';
}

export interface BenchmarkComparison {
  /** income_before_taxes, income_after_taxes, expenditures, spending.<category>, expense_ratio, savings_rate. */
  metric: string;
  /** Yearly money (to the cent), or a fraction for the rates. */
  user: number;
  /** The peer group's mean (rates: the ratio of its means); null when the shipped table lacks it (`note`). */
  peer: number | null;
  difference: number | null;
  /** user / peer for money figures. */
  ratio: number | null;
  /** Estimated percentile (0-100) under the lognormal model; lower/upper: its range over the assumed spread. Null for rates. */
  percentile: { point: number; lower: number; upper: number } | null;
  /** Categories: the share of total spending (user's needs `expenditures`). */
  user_share?: number;
  peer_share?: number;
  note?: string;
}

export interface BenchmarksResponse {
  period: 'annual' | 'monthly';
  /** The age group, the income quintile (when asked), then all consumer units. */
  peers: {
    dimension: 'age' | 'income_quintile' | 'all';
    group: string;
    label: string;
    selected_by: 'age' | 'age_group' | 'income' | 'income_quintile' | 'all';
    /** The population the group represents (thousands of consumer units), not the interview sample. */
    consumer_units_thousands: number;
    persons_per_consumer_unit: number;
    source: string;
    /** selected_by 'income': the approximate quintile limits used. */
    quintile_limits?: { lower: number | null; upper: number | null; approximate: true };
    comparisons: BenchmarkComparison[];
  }[];
  model: { distribution: string; percentile: string; spreads: Record<'income' | 'expenditures' | 'category', { sigma: number; lo: number; hi: number }> };
  source: { citation: string; year: 2023; tables: string; url: string; licence: string; units: string };
  /** What the comparison cannot say. */
  caveats: string[];
  warnings?: Warning[];
}

export type RecommendationStatus = 'shown' | 'accepted' | 'dismissed';

/** One entry of a recommendation's history (`store.recommendations.history()` builds them from stored records). */
export interface RecommendationHistoryEntry {
  id: string;
  status: RecommendationStatus;
  /** YYYY-MM-DD, not after as_of. */
  date: DateString;
  /** The metric's monthly value when accepted (a recommendation's `baseline`). */
  baseline?: number;
}

/** The household; budget fields as budget.optimize reads them, debts as debt.plan, the readiness fields as investment.readiness. */
export interface RecommendationsRequest {
  /** YYYY-MM-DD: the day of the recommendations (holds run from the history's dates to it). */
  as_of: DateString;
  /** Goals as goals.adjust takes them, each with a unique name: one behind its plan is recommended the saving that keeps its date. */
  goals?: (Omit<AdjustRequest, 'as_of'> & { name: string; as_of?: DateString })[];
  monthly_income: number;
  /** A month's spending by category (budget.optimize's `spending`). */
  spending: Record<string, number>;
  /** "YYYY-MM": the month `spending` describes (default as_of's month); accepted recommendations are measured once it is after their month. */
  spending_month?: string;
  rule?: BudgetRequest['rule'];
  shares?: BudgetRequest['shares'];
  /** Default 'at_most' here: only what is over the rule is cut. */
  mode?: BudgetRequest['mode'];
  buckets?: BudgetRequest['buckets'];
  floors?: BudgetRequest['floors'];
  ceilings?: BudgetRequest['ceilings'];
  debts?: DebtPlanRequest['debts'];
  /** What is paid to the debts a month now (default the minimums); the extra goes in the listed order. */
  debt_budget?: number;
  /** With it (or employer_match / risk): investment readiness's next step. */
  emergency_fund?: number;
  savings_rate?: number;
  /** Default 10. */
  horizon_years?: number;
  employer_match?: ReadinessRequest['employer_match'];
  risk?: ReadinessRequest['risk'];
  /** For the peer comparison (benchmarks.compare's age / age_group). */
  age?: number;
  age_group?: CeAgeGroup;
  /** insights.habits' subscription objects (other fields ignored); `unused: true` marks one not used lately. */
  subscriptions?: { id: string; merchant?: string; amount: number; previous_amount?: number | null; monthly_cost: number; unused?: boolean;
    /** insights.habits' kind: only a subscription is offered for cancelling. */
    kind?: 'subscription' | 'bill' | 'transfer'; [extra: string]: unknown }[];
  history?: RecommendationHistoryEntry[];
}

export interface RecommendationItem {
  /** Stable: rec:debt_avalanche, rec:budget_rebalance, rec:peer:<food|transportation|entertainment>, rec:cancel:<subscription id>, rec:goal:<goal name>, rec:employer_match, rec:starter_emergency_fund, rec:emergency_fund, rec:start_investing. */
  id: string;
  kind: 'savings' | 'debt' | 'budget' | 'goals' | 'investing';
  title: string;
  /** One sentence with the figures behind it: money with two decimals, the cent the amounts give ("625.00 a month"). */
  rationale: string;
  /** Dollars a month the household is better off once it acts; annual = 12 x monthly. */
  impact: { monthly: number; annual: number };
  /** 0.5-1: how sure the impact is once acted on. */
  confidence: number;
  /** annual x confidence: the ranking key. */
  score: number;
  /** The method whose answer it comes from. */
  source: 'debt.plan' | 'budget.optimize' | 'benchmarks.compare' | 'investment.readiness' | 'insights.habits' | 'goals.adjust';
  /** The monthly figure it moves (budget:needs_and_wants, spending:<ce category>, monthly_cost:<subscription id>), or null. */
  metric: string | null;
  /** That figure now: store it as the history entry's baseline on acceptance. */
  baseline: number | null;
  numbers: Record<string, number>;
}

export interface RecommendationsResponse extends Warned {
  as_of: DateString;
  spending_month: string;
  /** Highest score first, at most `limits.max_recommendations`. */
  recommendations: RecommendationItem[];
  /** Recommendations past `limits.max_recommendations` (the lowest scores), not returned. */
  omitted: number;
  /** Dismissed within hold_days: not recommended until `until_date`. */
  held_back: { id: string; dismissed_date: DateString; until_date: DateString }[];
  /** Accepted ones, with the effect measured (baseline - current, a month) once spending_month is after the month of acceptance. */
  tracked: { id: string; accepted_date: DateString; metric: string | null; baseline: number | null; current: number | null;
    effect: { monthly: number; annual: number } | null; note?: string }[];
  hold_days: 90;
  ranking: string;
}

export interface TrendsRequest {
  /** Category -> monthly spending (money out as positive numbers), oldest first, null for a missing
   * month; every series ends at `last_month`. 1 to 64 categories, each 1 to 1200 values. */
  categories: Record<string, (number | null)[]>;
  /** The month of every series' last value, 'YYYY-MM'. */
  last_month: MonthString;
  /** Months in the rolling mean, 1-24, default 3. */
  window?: number;
  /** Slope interval levels in percent, default [80, 95]; the highest decides `direction`. */
  level?: number[];
  /** Top movers reported, 0-64, default 5. */
  top?: number;
}

/** A change against a base month; null where either month is missing. */
export interface TrendChange {
  change: number;
  /** change / base; null when the base is 0 or negative. */
  fraction: number | null;
}

export interface TrendSlope {
  /** Theil-Sen slope: the median of all pairwise slopes, money per month. */
  per_month: number;
  /** Sen's rank interval per level; null at a level the data cannot bound (too few months). */
  lower: ByPercent<number | null>;
  upper: ByPercent<number | null>;
  /** rising: the interval at `decided_at` lies above 0; falling: below; flat: it holds 0. */
  direction: 'rising' | 'falling' | 'flat';
  decided_at: number;
  /** Two-sided Mann-Kendall p-value (normal approximation, ties and continuity corrected, and
   * autocorrelation corrected as the interval is). */
  p_value: number;
  /** Lag-1 autocorrelation of the residuals around the Theil-Sen line. */
  autocorrelation: number;
  /** n / n*: the AR(1) inflation of var S applied to the interval and p-value, 1 unless the
   * autocorrelation is significantly positive (above 1.96 / sqrt(points)). */
  variance_factor: number;
  /** Months with a value. */
  points: number;
}

export interface CategoryTrend {
  /** 'trend:<category>' ('trend_total' for the total). */
  id: string;
  months: number;
  first_month: MonthString;
  last: number | null;
  month_over_month: TrendChange | null;
  /** Against the same month a year earlier (13 months or more). */
  year_over_year: TrendChange | null;
  /** Mean of the months present in each trailing window; null before the first full window. */
  rolling_mean: (number | null)[];
  /** null with fewer than 3 months of values. */
  slope: TrendSlope | null;
  /** Classical additive decomposition, 24 months or more: the month-over-month change without
   * the part the calendar month always brings (`seasonal`). */
  seasonally_adjusted: { change: number; fraction: number | null; seasonal: number } | null;
}

export interface TrendsResponse {
  last_month: MonthString;
  window: number;
  level: number[];
  categories: Record<string, CategoryTrend>;
  /** The sum over the months every category covers. */
  total: CategoryTrend;
  /** Largest |month-over-month change| first; unchanged and unknown changes are left out. */
  top_movers: { id: string; category: string; change: number; fraction: number | null }[];
  warnings?: Warning[];
}

/** The metrics a nudge rule can compare (README "insights.nudges" lists each with its family). */
export type NudgeMetric =
  | 'goal_shortfall' | 'spike_z' | 'category_spend' | 'category_change' | 'subscription_increase'
  | 'min_balance' | 'probability_below' | 'left_over' | 'spent_share' | 'total_spend' | 'subscriptions_monthly';

/** The built-in rules' ids. */
export type BuiltinNudgeRule = 'goal_behind' | 'spending_spike' | 'subscription_price_up' | 'low_balance' | 'money_left_over';

/**
 * One entry of `rules`: a built-in's id with new parameters (or `enabled: false`), or a caller rule
 * with `metric`, `op` and `value`. `message` may use `{placeholders}`: subject, value, trigger and
 * the numbers and texts of the metric's family (README table).
 */
export interface NudgeRule {
  /** Lower-case letters, digits and _ (1-40). */
  id: string;
  /** Caller rules only (a built-in keeps its metric). */
  metric?: NudgeMetric;
  op?: '>' | '>=' | '<' | '<=';
  /** The threshold; money, a fraction or a robust z as the metric is. */
  value?: number;
  /** 1 (most urgent) .. 5; caller rules default 3. */
  priority?: number;
  /** Days a shown nudge is held back, 0-3650; caller rules default 7. */
  cooldown_days?: number;
  message?: string;
  enabled?: boolean;
  /** Restrict a category / goal / subscription metric to one subject (default: every one). */
  category?: string;
  goal?: string;
  subscription?: string;
}

export interface NudgesRequest {
  /** Default today. Cooldowns count from it; goals and the cash flow start at it. */
  as_of?: DateString;
  /** Goals in progress: goals.adjust's fields plus a unique name (1-60 chars); at most 50. */
  goals?: (Omit<AdjustRequest, 'as_of'> & { name: string; as_of?: DateString })[];
  /** Monthly spending by category as insights.trends takes it (with last_month, not after as_of). */
  categories?: Record<string, (number | null)[]>;
  last_month?: MonthString;
  /** Subscriptions as insights.habits returns them; id, amount, previous_amount, period,
   * monthly_cost, next_expected_date, merchant and status are used, the other fields accepted. At most 1000. */
  subscriptions?: { id: string; merchant?: string; period?: 'weekly' | 'biweekly' | 'monthly' | 'quarterly' | 'annual';
    amount: number; previous_amount?: number | null; monthly_cost?: number; next_expected_date?: DateString | null;
    /** A lapsed subscription counts in no rule. */
    status?: 'active' | 'lapsed';
    /** A transfer (to the household's own savings) raises no "got dearer" nudge and is not in the subscriptions' total. */
    kind?: 'subscription' | 'bill' | 'transfer'; [other: string]: unknown }[];
  /** A forecast.cashflow request, projected with the same code (start_date defaults to as_of). */
  cashflow?: CashflowRequest & { include_daily?: boolean };
  /** This month so far: `day` days gone of `days` (default as_of's day and month length), or days_left. */
  month?: { income: number; spent: number; day?: number; days_left?: number; days?: number };
  /** At most 100. */
  rules?: NudgeRule[];
  /** Nudges shown before; the latest showing of an id starts its cooldown. */
  history?: { id: string; shown: DateString }[];
}

export interface Nudge {
  /** '<rule>:<subject>', e.g. 'spending_spike:dining'; stable from call to call. */
  id: string;
  rule: string;
  /** The category, goal name, subscription (id without 'subscription:'), or 'cashflow', 'month',
   * 'spending', 'subscriptions'. */
  subject: string;
  source: 'builtin' | 'caller';
  priority: number;
  op: '>' | '>=' | '<' | '<=';
  message: string;
  /** value (the metric), trigger (the rule's threshold) and the family's numbers; money to the cent. */
  numbers: { value: number; trigger: number; [key: string]: number };
  /** What the nudge is about: a goal's target date, the first day below the threshold, the next charge. */
  date: DateString | null;
  cooldown_days: number;
}

export interface NudgesResponse {
  as_of: DateString;
  /** By priority (1 first), then id. */
  nudges: Nudge[];
  /** Nudges that would fire but are in their cooldown; shown again on `until`. */
  suppressed: { id: string; rule: string; last_shown: DateString; until: DateString }[];
  /** Enabled rules whose part of the state was not given. */
  skipped_rules: string[];
  /** Rules that fired on more than `limits.max_nudges_per_rule` subjects: how many were left out. */
  omitted: { rule: string; count: number }[];
  warnings?: Warning[];
}

// ---------------------------------------------------------------------------------------------
// Service

export interface InfoResponse {
  name: 'nestegg';
  version: string;
  build: { target: 'wasm' | 'native'; compiler: string; cplusplus: number };
  /**
   * `deterministic`: the same request gives the same answer (cacheable); `persists`: it changes the
   * model registry; `registry`: its answer reads the model registry (refused with
   * `storage_unavailable` while `storageStatus.readOnly`, unless the request needs nothing stored).
   */
  methods: { name: MethodName; summary: string; enabled: boolean; deterministic: boolean; persists: boolean; registry: boolean }[];
  limits: Required<NonNullable<EngineConfig['limits']>>;
  /** Each forecasting method's weight in `limits.max_forecast_work` ("ets" searched, "ets_spec" given, "arima_order" given). */
  forecast_weights: Record<'auto' | 'combination' | 'ets' | 'arima' | 'ets_spec' | 'arima_order' | 'holt_winters' | 'holt' | 'ses' | 'theta' | 'naive' | 'snaive', number>;
  conventions: Record<'rates' | 'contributions' | 'rounding' | 'dates' | 'today', string>;
}

export interface HealthResponse {
  status: 'ok';
  version: string;
  uptime_seconds: number;
  calls: number;
  errors: number;
  /** Size of the wasm linear memory (it only grows, so this is the peak); null natively. */
  wasm_memory_bytes: number | null;
}

export interface MetricsResponse {
  calls: number;
  errors: number;
  methods: Record<string, {
    calls: number;
    errors: number;
    errors_by_code: Partial<Record<ErrorCode, number>>;
    latency_seconds_sum: number;
    /** Cumulative counts, Prometheus style. */
    latency_buckets: { le: number; count: number }[];
  }>;
}

export interface Methods {
  'info': [Record<string, never>, InfoResponse];
  'health': [Record<string, never>, HealthResponse];
  'metrics': [{ format?: 'json' | 'prometheus' }, MetricsResponse | { content_type: string; text: string }];
  'goals.timeline': [TimelineRequest, TimelineResponse];
  'goals.reverse_plan': [ReversePlanRequest, ReversePlanResponse];
  'goals.adjust': [AdjustRequest, AdjustResponse];
  'goals.simulate': [SimulateRequest, SimulateResponse];
  'forecast.expenses': [ExpensesRequest, ExpensesResponse];
  'forecast.cashflow': [CashflowRequest, CashflowResponse];
  'debt.plan': [DebtPlanRequest, DebtPlanResponse];
  'investment.readiness': [ReadinessRequest, ReadinessResponse];
  'budget.optimize': [BudgetRequest, BudgetResponse];
  'health.score': [HealthScoreRequest, HealthScoreResponse];
  'insights.habits': [HabitsRequest, HabitsResponse];
  'benchmarks.compare': [BenchmarksRequest, BenchmarksResponse];
  'recommendations.generate': [RecommendationsRequest, RecommendationsResponse];
  'insights.trends': [TrendsRequest, TrendsResponse];
  'insights.nudges': [NudgesRequest, NudgesResponse];
  'savings.train': [TrainRequest, TrainResponse];
  'savings.predict': [PredictRequest, PredictResponse];
  'savings.evaluate': [EvaluateRequest, EvaluateResponse];
  'savings.models': [{ user_id: string }, { user_id: string; models: unknown[] } & Warned];
  'savings.activate': [{ user_id: string; model_id?: string; version: number }, { user_id: string; model_id: string; active_version: number } & Warned];
  'savings.experiment': [ExperimentRequest, { name: string; variants: { name: string; share: number; options: TrainOptions }[] } & Warned];
  'savings.assign': [{ experiment: string; user_id: string }, { experiment: string; user_id: string; variant: string; bucket: number; options: TrainOptions } & Warned];
  'savings.compare': [{ experiment: string; alpha?: number }, CompareResponse];
  'savings.export': [Record<string, never>, unknown];
  'savings.import': [ImportRequest, { models: number; experiments: number } & Warned];
}
export type MethodName = keyof Methods;

export interface CallOptions {
  /** Copied into the log line of this call. */
  requestId?: string;
}

export interface Engine {
  /**
   * Calls any method by name. `request` is an object, or raw JSON text (validated by the engine).
   * Returns the response object; throws NesteggError on any failure.
   */
  call<M extends MethodName>(method: M, request: Methods[M][0] | string, options?: CallOptions): Methods[M][1];
  call(method: string, request: unknown, options?: CallOptions): unknown;
  goals: {
    /** Months and date to reach a target at a monthly saving, with milestones and feasibility. */
    timeline(request: TimelineRequest): TimelineResponse;
    /** Monthly saving that reaches a target by a date, with alternatives. */
    reverse_plan(request: ReversePlanRequest): ReversePlanResponse;
    /** Status of a goal in progress from its contribution history, and how to adjust it. */
    adjust(request: AdjustRequest): AdjustResponse;
    /** Monte Carlo probability of reaching a target under uncertain (lognormal) returns. */
    simulate(request: SimulateRequest): SimulateResponse;
  };
  forecast: {
    /** Expense forecasts per category with prediction intervals (ETS, ARIMA, Holt-Winters, naive). */
    expenses(request: ExpensesRequest): ExpensesResponse;
    /** Daily and monthly balance projection with bands; first date below a threshold and its odds. */
    cashflow(request: CashflowRequest): CashflowResponse;
  };
  debt: {
    /** Pay off several debts from one budget: payoff dates, interest, the strategies compared, the schedule. */
    plan(request: DebtPlanRequest): DebtPlanResponse;
  };
  investment: {
    /** Ready to invest? The ordered steps before it, each with its amount and months at the saving. */
    readiness(request: ReadinessRequest): ReadinessResponse;
  };
  budget: {
    /** Bucket shares by a rule and the least-disruption category changes that reach them. */
    optimize(request: BudgetRequest): BudgetResponse;
  };
  insights: {
    /** Subscriptions and bills by their period, spending timing, merchant concentration, anomalies with reasons. */
    habits(request: HabitsRequest): HabitsResponse;
    /** Monthly spending trends per category: changes, rolling mean, Theil-Sen slope with its interval, seasonally adjusted change, top movers. */
    trends(request: TrendsRequest): TrendsResponse;
    /** Behaviour nudges from rules over the user's state, with priority, numbers and a cooldown. */
    nudges(request: NudgesRequest): NudgesResponse;
  };
  benchmarks: {
    /** The household against its peers (BLS Consumer Expenditure Survey 2023) with percentile estimates and caveats. */
    compare(request: BenchmarksRequest): BenchmarksResponse;
  };
  recommendations: {
    /** Ranked recommendations with rationale and impact; dismissed ones held back, accepted ones tracked. */
    generate(request: RecommendationsRequest): RecommendationsResponse;
  };
  savings: {
    train(request: TrainRequest): TrainResponse;
    predict(request: PredictRequest): PredictResponse;
    evaluate(request: EvaluateRequest): EvaluateResponse;
    models(request: { user_id: string }): Methods['savings.models'][1];
    activate(request: Methods['savings.activate'][0]): Methods['savings.activate'][1];
    experiment(request: ExperimentRequest): Methods['savings.experiment'][1];
    assign(request: Methods['savings.assign'][0]): Methods['savings.assign'][1];
    compare(request: Methods['savings.compare'][0]): CompareResponse;
    export(request?: Record<string, never>): unknown;
    import(request: ImportRequest): Methods['savings.import'][1];
    /**
     * The typed-array path: `X` row-major (`y.length` rows x `columns.length`), copied once into
     * wasm memory, never through JSON text. Same answer as `train` with `design`, bit for bit.
     */
    trainMatrix(request: TrainOptions & Omit<TrainRequest, 'history' | 'design'> & { columns: string[]; X: Float64Array; y: Float64Array }): TrainResponse;
    /** Bulk scoring through typed arrays: `predictions.prediction`, `lower["80"]`, ... are Float64Arrays. */
    predictMatrix(request: { model: SavingsModel; X: Float64Array; level?: number[] }): {
      predictions: { prediction: Float64Array; lower: ByPercent<Float64Array>; upper: ByPercent<Float64Array> };
      model: PredictResponse['model'] };
  };
  /**
   * With `options.store`: the prediction cache in front of `call`, for the deterministic methods
   * (`info().methods[].deterministic`) and the savings methods that only read the models. The key
   * is a SHA-256 of the engine version and config, the method, today's date, the models (savings.*)
   * and the canonical request; a hit says so. Other methods are passed to `call` with
   * `cache.reason: 'not cacheable'`; an answer the storage did not keep (a failed write, over quota) comes with
   * `cache.reason: 'not stored'` and no times. Errors are thrown as by `call` and never cached.
   */
  cachedCall?<M extends MethodName>(method: M, request: Methods[M][0] | string, options?: { user?: string; ttlMs?: number }): Promise<CachedResult<Methods[M][1]>>;
  /** Resolves when every save caused by earlier calls has reached `options.storage`. */
  flush(): Promise<void>;
  /**
   * What the storage adapter did: loaded at start, the last error (never thrown from a call).
   * `readOnly`: the stored models could not be read (twice), so nothing is saved this session —
   * a save would replace models the engine never loaded — and calls that would change them
   * (savings.train with a `user_id`, evaluate, activate, experiment, import) throw code
   * `storage_unavailable` until the engine is created again; what did load still answers.
   */
  readonly storageStatus: { adapter: string | null; loaded: boolean; readOnly: boolean; lastError: { name: string; message: string } | null; savedAt: string | null };
  info(): InfoResponse;
  /** The engine's own health; `engine.health.score(req)` is the household's financial health score. */
  health: {
    (): HealthResponse;
    score(request: HealthScoreRequest): HealthScoreResponse;
  };
  metrics(): MetricsResponse;
  metrics(options: { format: 'prometheus' }): string;
  /**
   * Frees the engine's wasm memory once a save already queued has stored its models (`flush()`
   * awaits it); later calls, `cachedCall` and the typed-array methods throw code 'disposed'.
   */
  dispose(): void;
}

// ---------------------------------------------------------------------------------------------
// Edge HTTP API (see README "Edge HTTP API")

/** Settings read from the environment (validated; a bad one fails with code 'invalid_config'). */
export interface HttpConfig {
  environment: 'development' | 'staging' | 'production';
  authDisabled: boolean;
  apiKeys: string[];
  /** Keys served savings.export / savings.import (NESTEGG_ADMIN_KEYS); each is also in apiKeys. */
  adminKeys: string[];
  ratePerMinute: number;
  rateBurst: number;
  maxBodyBytes: number;
  /** NESTEGG_BODY_TIMEOUT_MS: a body still arriving after this gets 408. */
  bodyTimeoutMs: number;
  corsOrigins: string[];
  disabledMethods: string[];
  cacheTtlSeconds: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'off';
}
export function readHttpConfig(env: Record<string, string | undefined>): HttpConfig;

/** A token-bucket store: one bucket per key (a hashed API key, or `ip:<address>`). */
export interface RateLimiter {
  /** The verdict, or a promise of it (the handler awaits only a promise). */
  take(key: string, limits: { ratePerMinute: number; burst: number; now: number }):
    RateVerdict | Promise<RateVerdict>;
}
export interface RateVerdict { allowed: boolean; retryAfterSeconds: number; remaining: number | null }
/** Per isolate / process; answers at once (a verdict, not a promise). */
export class MemoryRateLimiter implements RateLimiter {
  constructor(options?: { maxKeys?: number });
  take(key: string, limits: { ratePerMinute: number; burst: number; now: number }): RateVerdict;
}
/** Shared through a KV (Workers KV, Deno KV wrapped): approximate under contention, no compare-and-set. */
export class KvRateLimiter implements RateLimiter {
  constructor(kv: { get(key: string): Promise<string | null | undefined>; put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void> },
    options?: { prefix?: string });
  take: RateLimiter['take'];
}
/**
 * The Workers rate-limiting binding (`[[ratelimits]]` in wrangler.toml): one count across the
 * isolates of a Cloudflare location; the limit and period (10 or 60 s) are the binding's.
 */
export class RateLimitBindingLimiter implements RateLimiter {
  constructor(binding: { limit(options: { key: string }): Promise<{ success: boolean }> }, options?: { periodSeconds?: number });
  take: RateLimiter['take'];
}
/**
 * One exact token bucket per key in a Durable Object, across isolates and locations: pass the
 * namespace bound to `RateLimiterDurableObject` (export that class from the Worker).
 */
export class DurableObjectRateLimiter implements RateLimiter {
  constructor(namespace: { idFromName(name: string): unknown; get(id: unknown): { fetch(url: string, init?: RequestInit): Promise<Response> } });
  take: RateLimiter['take'];
}
/** The Durable Object class behind DurableObjectRateLimiter: `export { RateLimiterDurableObject } from 'nestegg'`. */
export class RateLimiterDurableObject {
  constructor(state: { storage: { get(key: string): Promise<unknown>; put(key: string, value: unknown): Promise<void> } });
  fetch(request: Request): Promise<Response>;
}

/** Where deterministic responses are cached. Entries are checksummed: a bad one is recomputed. */
export interface ResponseCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, text: string, ttlSeconds: number): Promise<void>;
  delete(key: string): Promise<void>;
}
/** Per-isolate LRU: at most `maxEntries` answers (1 000) and `maxBytes` of keys and answers (16 MiB, 2 a character). */
export class MemoryResponseCache implements ResponseCache {
  constructor(options?: { maxEntries?: number; maxBytes?: number });
  get: ResponseCache['get']; set: ResponseCache['set']; delete: ResponseCache['delete'];
}
/**
 * The Cache API: `new CacheApiResponseCache(caches.default)` on Workers shares answers between
 * the isolates of a location. Not the handler's default anywhere (a lookup costs more than most
 * answers): pass it as `responseCache` for methods dear enough to share.
 */
export class CacheApiResponseCache implements ResponseCache {
  constructor(cache: Cache);
  get: ResponseCache['get']; set: ResponseCache['set']; delete: ResponseCache['delete'];
}
export class KvResponseCache implements ResponseCache {
  constructor(kv: { get(key: string): Promise<string | null>; put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>; delete(key: string): Promise<void> });
  get: ResponseCache['get']; set: ResponseCache['set']; delete: ResponseCache['delete'];
}

export interface HandlerOptions {
  /** Settings; default: the Worker's env argument (on workerd only), `Deno.env`, or `process.env`. */
  env?: Record<string, string | undefined>;
  /**
   * Passed to createEngine (wasmModule, config...). `storage` (or `store`) keeps each API key's
   * models in its own namespace, `nestegg/tenant/<id>/`.
   */
  engineOptions?: CreateEngineOptions;
  /** A limiter, or one made from the environment on the first request (`env => new DurableObjectRateLimiter(env.LIMITER)`). */
  rateLimiter?: RateLimiter | ((env: Record<string, unknown>) => RateLimiter);
  /**
   * The peer's address for the anonymous rate-limit bucket, where the runtime has no standard way
   * (Node adapters): `(request, secondFetchArgument) => address`. Default: cf-connecting-ip on
   * workerd only, Deno's remoteAddr, Bun's server.requestIP(); else one bucket for all.
   */
  clientAddress?: (request: Request, arg: unknown) => string | null | undefined;
  /**
   * Where deterministic answers are cached, read for each one, written on the first sighting
   * (after the response where the runtime gives `ctx.waitUntil`), keyed by the canonical request;
   * entries checksummed. A cache, or one made from the environment on the first request
   * (`env => new KvResponseCache(env.KV)`). Default: the handler's own, per isolate (on Workers
   * too): a request is kept from its second sighting, keyed by its exact text; at most 1 000
   * answers and 16 MiB, an answer over 1.6 MiB not kept.
   */
  responseCache?: ResponseCache | ((env: Record<string, unknown>) => ResponseCache);
  /** One object per HTTP request and per engine call, each with request_id. Default: console.log JSON. */
  logSink?: (line: Record<string, unknown>) => void;
  /**
   * How long an answer that changed the stored models waits for its save, in ms (default 10 000;
   * a value that is not a finite number of 0 or more is the default, one past 2^31 - 1 that).
   * Past it the answer goes out with a `not_saved` warning: a storage write that never settles
   * does not hold the tenant's answers.
   */
  saveTimeoutMs?: number;
  /**
   * How long a key's engine waits to read the key's models at its start, in ms (default 10 000,
   * read as saveTimeoutMs is; the engine's openTimeoutMs). Past it the engine is read-only: its
   * calls on the models answer 503 `storage_unavailable`, and it is made again on a request 30 s on.
   */
  startTimeoutMs?: number;
}

/** The original backend's paths and the engine method each serves. */
export const LEGACY_ROUTES: Record<string, MethodName>;

/**
 * The edge HTTP API as `{ fetch }`: `export default createHandler()` in a Worker or for
 * `deno serve`; `Deno.serve(createHandler().fetch)`. The engine starts on the first request.
 */
export function createHandler(options?: HandlerOptions): {
  fetch(request: Request, envOrInfo?: unknown, ctx?: { waitUntil(p: Promise<unknown>): void }): Promise<Response>;
};
