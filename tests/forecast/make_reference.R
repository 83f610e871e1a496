# SPDX-License-Identifier: MIT
# Reference forecasts from R's forecast package for nestegg's forecasting tests and benchmark.
#   Rscript tests/forecast/make_reference.R > tests/fixtures/forecast_reference.json
# (Debian: apt-get install r-base-core r-cran-forecast; forecast 8.20 on R 4.2.2 made the
# committed file.) For each series of R's datasets package: the last season held out (6 values
# for series without a season), ets() and auto.arima() with their defaults fitted on the rest, their
# forecasts, and the seconds per fit on this machine. Then fixed-parameter cases: ETS and ARIMA
# models with every parameter given, whose forecasts nestegg must reproduce to 1e-6.
suppressMessages(library(forecast))

num <- function(x) {
  s <- ifelse(is.na(x), "null", formatC(as.numeric(x), digits = 17, format = "g"))
  paste0("[", paste(s, collapse = ","), "]")
}
str <- function(x) paste0('"', x, '"')
obj <- function(...) {
  kv <- list(...)
  paste0("{", paste(sprintf('"%s":%s', names(kv), unlist(kv)), collapse = ","), "}")
}
seconds <- function(expr_fn, reps) {
  t <- system.time(for (i in seq_len(reps)) expr_fn())[["elapsed"]]
  t / reps
}

source("tests/forecast/series.R")  # run from the repository root

reps <- as.integer(Sys.getenv("NESTEGG_R_REPS", "3"))
cases <- c()
for (name in names(series)) {
  y <- series[[name]]
  m <- frequency(y)
  h <- if (m > 1) m else 6
  n <- length(y)
  train <- ts(y[1:(n - h)], frequency = m)
  test <- as.numeric(y[(n - h + 1):n])
  fe <- ets(train)
  fa <- auto.arima(train)
  te <- seconds(function() ets(train), reps)
  ta <- seconds(function() auto.arima(train), reps)
  cases <- c(cases, obj(
    name = str(name), period = m, horizon = h, train = num(train), test = num(test),
    r_ets = obj(model = str(fe$method), forecast = num(forecast(fe, h = h)$mean), seconds = te),
    r_arima = obj(model = str(as.character(fa)), forecast = num(forecast(fa, h = h)$mean), seconds = ta)
  ))
}

# Fixed parameters: R's own fit of each model on a series, then nestegg is handed every parameter
# and initial state and must forecast what R forecasts. Models whose forecast mean R computes as
# the point forecast (classes 1 and 2 of Hyndman et al. 2008: no multiplicative season).
fixed <- c()
fixed_models <- list(
  list("AirPassengers", "ANN", FALSE), list("AirPassengers", "AAN", FALSE), list("AirPassengers", "AAN", TRUE),
  list("AirPassengers", "AAA", FALSE), list("AirPassengers", "AAA", TRUE), list("USAccDeaths", "ANA", FALSE),
  list("AirPassengers", "MNN", FALSE), list("AirPassengers", "MAN", TRUE), list("USAccDeaths", "MAA", FALSE),
  list("UKgas", "AAA", FALSE), list("Nile", "ANN", FALSE), list("austres", "AAN", TRUE)
)
for (spec in fixed_models) {
  y <- series[[spec[[1]]]]
  f <- ets(y, model = spec[[2]], damped = spec[[3]])
  p <- f$par
  st <- f$initstate
  seas <- st[grepl("^s", names(st))]
  params <- obj(
    alpha = p[["alpha"]],
    beta = if ("beta" %in% names(p)) p[["beta"]] else "null",
    gamma = if ("gamma" %in% names(p)) p[["gamma"]] else "null",
    phi = if ("phi" %in% names(p)) p[["phi"]] else "null",
    l0 = st[["l"]], b0 = if ("b" %in% names(st)) st[["b"]] else "null",
    s = if (length(seas)) num(seas) else "null"
  )
  fc <- forecast(f, h = 2 * frequency(y), level = c(80, 95))
  fixed <- c(fixed, obj(
    kind = str("ets"), name = str(spec[[1]]), period = frequency(y), spec = str(paste0(
      substr(spec[[2]], 1, 2), if (spec[[3]]) "d" else "", substr(spec[[2]], 3, 3))),
    model = str(f$method), series = num(y), parameters = params, forecast = num(fc$mean),
    lower95 = num(fc$lower[, 2]), upper95 = num(fc$upper[, 2]), sigma2 = f$sigma2
  ))
}
# ARIMA with given coefficients: pure AR models forecast the same under conditional and exact
# likelihood, so R's Arima() forecasts are reproduced exactly.
arima_cases <- list(
  list("AirPassengers", c(2, 1, 0), c(1, 1, 0), FALSE, c(-0.3, 0.1, -0.2)),
  list("LakeHuron", c(2, 0, 0), c(0, 0, 0), TRUE, c(1.05, -0.27, 579.0)),
  list("WWWusage", c(3, 1, 0), c(0, 0, 0), FALSE, c(1.15, -0.66, 0.34)),
  list("UKgas", c(1, 0, 0), c(1, 1, 0), TRUE, c(0.6, -0.3, 10))
)
for (a in arima_cases) {
  y <- series[[a[[1]]]]
  f <- Arima(y, order = a[[2]], seasonal = a[[3]], include.constant = a[[4]], fixed = a[[5]])
  fc <- forecast(f, h = 2 * frequency(y))
  fixed <- c(fixed, obj(
    kind = str("arima"), name = str(a[[1]]), period = frequency(y), order = num(a[[2]]),
    seasonal_order = num(a[[3]]), include_constant = tolower(a[[4]]), coefficients = num(a[[5]]),
    model = str(as.character(f)), series = num(y), forecast = num(fc$mean)
  ))
}

cat(obj(
  generated_by = str(paste("R", getRversion(), "forecast", packageVersion("forecast"))),
  evaluation = paste0("[", paste(cases, collapse = ",\n"), "]"),
  fixed = paste0("[", paste(fixed, collapse = ",\n"), "]")
), "\n")
