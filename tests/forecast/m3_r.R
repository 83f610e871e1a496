# SPDX-License-Identifier: MIT
# R's ets() and thetaf() on the shared M3 subset, scored as tests/forecast/m3_evaluate.mjs scores
# nestegg (the same definitions: see there), for the table next to nestegg's.
#   Rscript tests/forecast/m3_r.R [m3.json] > tests/fixtures/m3_r_summary.json
# (Debian: apt-get install r-base-core r-cran-forecast r-cran-jsonlite; R 4.2.2, forecast 8.20 made
# the committed file; about 15 minutes on one busy core.) Per frequency and overall: mean over
# series of each series' mean sMAPE, MASE and MSIS (level 95) over its horizon, the coverage of the
# 80 % and 95 % intervals over all forecast points, and the seconds per series (ets: model selection
# and forecast; thetaf: all of it).
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args)) args[1] else "../shared/data/m3/m3.json"
m3 <- fromJSON(path, simplifyVector = FALSE)

scale_of <- function(x, f) {
  lag <- if (length(x) > f) f else 1
  mean(abs(diff(x, lag = lag)))
}
score <- function(x, f, test, mean, lo80, hi80, lo95, hi95) {
  s <- scale_of(x, f)
  a <- 0.05
  c(smape = mean(200 * abs(test - mean) / (abs(test) + abs(mean))),
    mase = mean(abs(test - mean)) / s,
    cover80 = mean(test >= lo80 & test <= hi80),
    cover95 = mean(test >= lo95 & test <= hi95),
    msis = mean((hi95 - lo95) + (2 / a) * (lo95 - test) * (test < lo95) + (2 / a) * (test - hi95) * (test > hi95)) / s)
}

rows <- list()
for (s in m3$series) {
  x <- unlist(s$x); test <- unlist(s$test); f <- s$frequency; h <- s$h
  y <- ts(x, frequency = f)
  t0 <- proc.time()[["elapsed"]]
  fe <- forecast(ets(y), h = h, level = c(80, 95))
  t1 <- proc.time()[["elapsed"]]
  ft <- thetaf(y, h = h, level = c(80, 95))
  t2 <- proc.time()[["elapsed"]]
  sc <- function(fc) score(x, f, test, as.numeric(fc$mean), fc$lower[, 1], fc$upper[, 1], fc$lower[, 2], fc$upper[, 2])
  rows[[length(rows) + 1]] <- data.frame(period = s$period, h = h, method = c("r_ets", "r_thetaf"),
    rbind(sc(fe), sc(ft)), seconds = c(t1 - t0, t2 - t1))
}
all <- do.call(rbind, rows)
summary <- list()
for (method in unique(all$method)) {
  per <- list()
  for (p in c("yearly", "quarterly", "monthly", "other", "all")) {
    d <- all[all$method == method & (p == "all" | all$period == p), ]
    per[[p]] <- list(n = nrow(d), smape = mean(d$smape), mase = mean(d$mase), cover80 = weighted.mean(d$cover80, d$h),
                     cover95 = weighted.mean(d$cover95, d$h), msis = mean(d$msis), ms_per_series = 1000 * mean(d$seconds))
  }
  summary[[method]] <- per
}
cat(toJSON(list(generated_by = paste("R", getRversion(), "forecast", packageVersion("forecast")),
                series = length(m3$series), summary = summary), auto_unbox = TRUE, digits = 8, pretty = TRUE), "\n")
