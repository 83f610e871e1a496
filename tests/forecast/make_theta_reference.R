# SPDX-License-Identifier: MIT
# R's thetaf() on fixed series, for tests/unit/forecast_theta_test.cpp and tests/js/forecast.test.mjs.
#   Rscript tests/forecast/make_theta_reference.R [m3.json] > tests/fixtures/theta_reference.json
# (Debian: r-base-core r-cran-forecast r-cran-jsonlite; R 4.2.2 / forecast 8.20 made the committed
# file.) Series: some of R's datasets and a few of the shared M3 subset (the first yearly and
# "other" series, the first quarterly series with and without a season by thetaf's own test, the
# first monthly one with a season). For each: thetaf()'s forecasts and 80/95 % bounds at its
# default horizon, its alpha, drift and sigma2, and what its SES fitted (l0) on the seasonally
# adjusted series, so that nestegg can be handed R's estimates and must then reproduce the rest.
suppressMessages({ library(forecast); library(jsonlite) })
args <- commandArgs(trailingOnly = TRUE)
path <- if (length(args)) args[1] else "../shared/data/m3/m3.json"

# thetaf()'s own seasonality test (forecast 8.20), to pick M3 series with and without a season.
seasonal_by_thetaf <- function(x) {
  n <- length(x); m <- frequency(x)
  if (!(m > 1 && !is.constant(x) && n > 2 * m)) return(FALSE)
  r <- as.numeric(acf(x, lag.max = m, plot = FALSE)$acf)[-1]
  abs(r[m]) / sqrt((1 + 2 * sum(r[-m]^2)) / n) > qnorm(0.95)
}

series <- list(AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, UKgas = UKgas, austres = austres,
               JohnsonJohnson = JohnsonJohnson, Nile = Nile, WWWusage = WWWusage, LakeHuron = LakeHuron,
               airmiles = airmiles)
m3 <- fromJSON(path, simplifyVector = FALSE)$series
pick <- function(period, want_seasonal = NA) {
  for (s in m3) {
    if (s$period != period) next
    y <- ts(unlist(s$x), frequency = s$frequency)
    if (is.na(want_seasonal) || seasonal_by_thetaf(y) == want_seasonal) return(list(id = s$id, y = y))
  }
}
for (p in list(list("yearly", NA), list("quarterly", TRUE), list("quarterly", FALSE), list("monthly", TRUE),
               list("other", NA))) {
  s <- pick(p[[1]], p[[2]])
  series[[paste0("M3_", s$id)]] <- s$y
}

cases <- list()
for (name in names(series)) {
  y <- series[[name]]
  fc <- thetaf(y, level = c(80, 95))
  seasonal <- seasonal_by_thetaf(y)
  x <- if (seasonal) seasadj(decompose(y, type = "multiplicative")) else y
  ses_fit <- ets(x, "ANN", opt.crit = "mse")  # what ses() inside thetaf() fitted
  stopifnot(abs(ses_fit$par[["alpha"]] - fc$model$alpha) < 1e-12)
  cases[[length(cases) + 1]] <- list(
    name = name, period = frequency(y), series = as.numeric(y), horizon = length(fc$mean), seasonal = seasonal,
    alpha = fc$model$alpha[[1]], l0 = ses_fit$par[["l"]], drift = fc$model$drift[[1]], sigma2 = fc$model$sigma,
    mse = mean(ses_fit$residuals^2),
    forecast = as.numeric(fc$mean), lower80 = as.numeric(fc$lower[, 1]), upper80 = as.numeric(fc$upper[, 1]),
    lower95 = as.numeric(fc$lower[, 2]), upper95 = as.numeric(fc$upper[, 2]))
}
cat(toJSON(list(generated_by = paste("R", getRversion(), "forecast", packageVersion("forecast")), cases = cases),
           auto_unbox = TRUE, digits = NA), "\n")
