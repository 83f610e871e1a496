#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""statsmodels' ExponentialSmoothing (Holt-Winters, damped additive trend, additive season where
there is one) fitted on each evaluation series: one model, as nestegg's method holt_winters with
damped: true. Median of `reps` fits. python3 tests/bench/bench_forecast_statsmodels.py [reps]"""
import json
import statistics
import sys
import time
import warnings

from statsmodels.tsa.holtwinters import ExponentialSmoothing

warnings.simplefilter("ignore")
reps = int(sys.argv[1]) if len(sys.argv) > 1 else 5
ref = json.load(open("tests/fixtures/forecast_reference.json"))
total = 0.0
for c in ref["evaluation"]:
    y = [v for v in c["train"] if v is not None]
    m = c["period"]
    seasonal = "add" if m > 1 else None
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        ExponentialSmoothing(y, trend="add", damped_trend=True, seasonal=seasonal,
                             seasonal_periods=m if m > 1 else None).fit()
        times.append((time.perf_counter() - t) * 1000)
    ms = statistics.median(times)
    total += ms
    print(json.dumps({"runtime": "statsmodels", "name": c["name"], "holt_winters_damped_ms": round(ms, 2)}))
print(json.dumps({"runtime": "statsmodels", "totals": {"holt_winters_damped_ms": round(total, 1)}}))
