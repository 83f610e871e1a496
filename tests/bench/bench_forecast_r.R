# SPDX-License-Identifier: MIT
# R's forecast::ets() and auto.arima() on the evaluation series, timed on this machine (median of
# `reps` fits). Rscript tests/bench/bench_forecast_r.R [reps]. Prints JSON lines.
suppressMessages(library(forecast))
args <- commandArgs(trailingOnly = TRUE)
reps <- if (length(args)) as.integer(args[1]) else 5
source("tests/forecast/series.R")  # run from the repository root
med <- function(f) median(sapply(seq_len(reps), function(i) system.time(f())[["elapsed"]])) * 1000
tot_e <- 0; tot_a <- 0
for (name in names(series)) {
  y <- series[[name]]
  m <- frequency(y); h <- if (m > 1) m else 6; n <- length(y)
  train <- ts(y[1:(n - h)], frequency = m)
  te <- suppressWarnings(med(function() ets(train)))
  ta <- suppressWarnings(med(function() auto.arima(train)))
  tot_e <- tot_e + te; tot_a <- tot_a + ta
  cat(sprintf('{"runtime":"R %s","name":"%s","ets_ms":%.1f,"auto_arima_ms":%.1f}\n', getRversion(), name, te, ta))
}
cat(sprintf('{"runtime":"R","totals":{"ets_ms":%.1f,"auto_arima_ms":%.1f}}\n', tot_e, tot_a))
