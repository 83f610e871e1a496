# SPDX-License-Identifier: MIT
# The 26 evaluation series of R's datasets package, shared by make_reference.R and the benchmark.
series <- list(
  AirPassengers = AirPassengers, USAccDeaths = USAccDeaths, co2 = co2, nottem = nottem,
  ldeaths = ldeaths, mdeaths = mdeaths, fdeaths = fdeaths, UKDriverDeaths = UKDriverDeaths,
  Seatbelts_drivers = Seatbelts[, "drivers"], Seatbelts_front = Seatbelts[, "front"],
  Seatbelts_rear = Seatbelts[, "rear"], JohnsonJohnson = JohnsonJohnson, UKgas = UKgas,
  austres = austres, presidents = presidents, UKgas_log = log(UKgas),
  LakeHuron = LakeHuron, Nile = Nile, lynx = lynx, WWWusage = WWWusage, airmiles = airmiles,
  nhtemp = nhtemp, BJsales = BJsales, lh = lh, sunspot.year = sunspot.year, discoveries = discoveries
)
