#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Benchmarks (not tests: nothing here passes or fails on time). Builds like tests/run.sh, then
# prints JSON lines for: per-call latency of each goals method natively and in wasm under Node,
# debt.plan and investment.readiness (planning_corpus.json), budget.optimize on 40 categories and
# health.score (bench_budget.mjs and bench_native),
# each input-scaled method's worst case under the default limits (bench_worst_case.mjs),
# cold start on Node and workerd, reading JSON numbers by their shape (and per number, next to
# V8's JSON.parse: bench_json_boundary.mjs), a request's way into wasm by its length
# (bench_request_crossing.mjs), the .wasm size, and
# savings training/scoring on 100k rows next to ml-regression-multivariate-linear, forecasting
# next to R's forecast package, statsmodels and npm arima (R and statsmodels from Debian,
# installed here), storage in Chromium (IDBStore next to IDBFS and idb-keyval), the
# prediction cache, the edge handler next to a trivial server (bench_edge_overhead.mjs; its CPU by
# part, bench_edge_parts.mjs), and
# where the .wasm's bytes go (wasm_bytes.sh: a second link with function names in build/wasm-bytes). README's figures come from this script.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../setup.sh"
cd "$NESTEGG_ROOT"
install_build_deps
install_npm_deps "$NESTEGG_ROOT/tests"
build_native native >/dev/null
build_wasm >/dev/null
budget="${1:-1}"
log "native"
build/native/tests/bench_native tests/bench/corpus.json "$budget"
log "wasm under Node $(node --version)"
node tests/bench/bench_wasm.mjs "$NESTEGG_ROOT/build/wasm/npm" tests/bench/corpus.json "$budget"
log "planning: debt.plan (20 debts x 30 years, optimal order) and investment.readiness, native then wasm"
build/native/tests/bench_native tests/bench/planning_corpus.json "$budget"
node tests/bench/bench_planning.mjs "$NESTEGG_ROOT/build/wasm/npm" tests/bench/planning_corpus.json "$budget"
log "planning: budget.optimize with 40 categories, health.score (wasm under Node, then native)"
node tests/bench/bench_budget.mjs "$NESTEGG_ROOT/build/wasm/npm" tests/bench/budget_corpus.json "$budget"
build/native/tests/bench_native tests/bench/budget_corpus.json "$budget"
log "worst case per method: the largest request the default limits allow, wasm under Node (target <= 1 s)"
node tests/bench/bench_worst_case.mjs "$NESTEGG_ROOT/build/wasm/npm" 3
node tests/bench/bench_cold_start.mjs "$NESTEGG_ROOT/build/wasm/npm" 10
node tests/bench/bench_json_numbers.mjs "$NESTEGG_ROOT/build/wasm/npm"
# Which way a request crosses into wasm, by its length (npm/src/engine.js's LONG_REQUEST).
node tests/bench/bench_request_crossing.mjs "$NESTEGG_ROOT/build/wasm/npm"
# What packed monthly series cost a hostile request of many category keys.
node tests/bench/bench_packed_keys.mjs "$NESTEGG_ROOT/build/wasm/npm"
bash tests/bench/wasm_bytes.sh
# The JSON boundary: per-number reading cost next to V8, goals calls wasm/native, savings JSON vs typed
# arrays. More builds can be compared in one run: label=<package dir>[,<bench_native>] ...
node tests/bench/bench_json_boundary.mjs tests/bench/corpus.json "now=$NESTEGG_ROOT/build/wasm/npm,$NESTEGG_ROOT/build/native/tests/bench_native"
log "workerd (miniflare)"
(cd tests && node bench/bench_workerd.mjs "$NESTEGG_ROOT/build/wasm/npm" 5)
log "savings: 100,000 rows x 20 features (wasm typed arrays / JSON, ml-regression, native)"
(cd tests && node bench/bench_savings.mjs "$NESTEGG_ROOT/build/wasm/npm")
# What keeping a stored model readable costs a training: stored next to store: false.
node tests/bench/bench_registry_store.mjs "$NESTEGG_ROOT/build/wasm/npm" 11
build/native/tests/bench_savings_native
# The least-squares kernels, builds side by side (README "Where the bytes go": before=<an older
# package> in NESTEGG_BEFORE_PKG; alone, this build's figures).
(cd tests && node bench/bench_savings_builds.mjs ${NESTEGG_BEFORE_PKG:+"before=$NESTEGG_BEFORE_PKG"} "now=$NESTEGG_ROOT/build/wasm/npm")
log "edge HTTP API: bounded load on loopback (workerd, Deno)"
(cd tests && node bench/bench_http.mjs "$NESTEGG_ROOT/build/wasm/npm" 5000 16)
log "edge HTTP API: the handler next to a trivial server in the same runtime, turn about (workerd, Deno)"
(cd tests && node bench/bench_edge_overhead.mjs "$NESTEGG_ROOT/build/wasm/npm" 16 250 16)
(cd tests && node bench/bench_edge_parts.mjs "$NESTEGG_ROOT/build/wasm/npm" 12)
log "forecasting: 26 series of R's datasets (nestegg wasm + npm arima, native, R, statsmodels)"
install_apt r-base-core r-cran-forecast python3-statsmodels
forecast_lines="$(mktemp)"
{
  (cd tests && node bench/bench_forecast.mjs "$NESTEGG_ROOT/build/wasm/npm" 5)
  build/native/tests/bench_forecast_native tests/fixtures/forecast_reference.json 5
  Rscript tests/bench/bench_forecast_r.R 5
  /usr/bin/python3 tests/bench/bench_forecast_statsmodels.py 5
} | tee "$forecast_lines"
log "forecasting summary: README's table (medians per class) and speed-ups over R's ets()"
node tests/bench/forecast_summary.mjs < "$forecast_lines"
rm -f "$forecast_lines"
m3="$NESTEGG_ROOT/../shared/data/m3/m3.json"
if [ -f "$m3" ]; then
  log "forecasting on the shared M3 subset (2,002 series): native, then wasm (README \"Accuracy on M3\")"
  build/native/tests/bench_forecast_m3 "$m3" auto,theta,ets,arima
  (cd tests && node forecast/m3_evaluate.mjs "$NESTEGG_ROOT/build/wasm/npm")
  # R's ets() and thetaf() on the same series take ~15 minutes: tests/forecast/m3_r.R, when wanted.
else
  log "no M3 data at $m3: its evaluation skipped"
fi
log "household: forecast.expenses (auto) and forecast.cashflow, 12 categories x 36 months (wasm)"
# Issue 18's "before": NESTEGG_BEFORE_PKG=<package dir of an older build> runs it in the same process.
(cd tests && node bench/bench_household.mjs ${NESTEGG_BEFORE_PKG:+"before=$NESTEGG_BEFORE_PKG"} "now=$NESTEGG_ROOT/build/wasm/npm")
log "ETS fits: Levenberg-Marquardt against R's search, the two-stage auto search against the full one"
build/native/tests/bench_ets_fits tests/fixtures/forecast_reference.json
log "storage in Chromium: nestegg IndexedDBStorage (IDBStore), IDBFS, idb-keyval; 500 records of ~1 KB"
install_browser_deps
(cd tests && node bench/bench_storage.mjs "$NESTEGG_ROOT/build/wasm/npm" 500 3)
log "prediction cache: hit vs compute (memory and file stores)"
(cd tests && node bench/bench_cache.mjs "$NESTEGG_ROOT/build/wasm/npm" 20)
