// SPDX-License-Identifier: MIT
// How good ETS's default optimiser (Levenberg-Marquardt) is next to R's own search (Nelder-Mead,
// optimizer "nelder_mead"), and what ets_auto's two-stage search gives up: the figures README
// quotes about fits rather than speed. Prints JSON lines.
//   1. every admissible model on every evaluation series (tests/fixtures/forecast_reference.json,
//      training part): -2 log L higher, equal (within 1e-3) or lower than R's search, and the time;
//   2. ets_auto's choice against fitting every candidate to the end, on the seasonal evaluation
//      series and 200 synthetic seasonal ones (24-72 months, 12-52 quarters, trend, season,
//      noise, a gap in one of seven), generated from a fixed seed;
//   3. AirPassengers whole: the best AICc of each optimiser and how many models LM fits better.
#include <chrono>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <limits>
#include <vector>

#include <nlohmann/json.hpp>

#include "ets.hpp"

using namespace nestegg;
using json = nlohmann::json;

namespace {

const char* kSpecs[] = {"ANN", "AAN", "AAdN", "MNN", "MAN", "MAdN", "ANA", "AAA", "AAdA", "MNA", "MAA", "MAdA", "MNM",
                        "MAM", "MAdM"};

std::vector<double> numbers(const json& a) {
  std::vector<double> v;
  for (const auto& x : a) v.push_back(x.is_null() ? std::numeric_limits<double>::quiet_NaN() : x.get<double>());
  return v;
}

bool positive(const std::vector<double>& y) {
  for (double v : y)
    if (!std::isnan(v) && v <= 0) return false;
  return true;
}

// The models ets_auto considers on y.
std::vector<EtsSpec> candidates(const std::vector<double>& y, int m) {
  std::vector<EtsSpec> out;
  for (const char* name : kSpecs) {
    const EtsSpec s = parse_ets_spec(name, "spec");
    if (m <= 1 && s.season != Component::none) continue;
    if (!positive(y) && (s.error == Component::multiplicative || s.season == Component::multiplicative)) continue;
    out.push_back(s);
  }
  return out;
}

// Every candidate fitted to the end, the smallest AICc.
EtsFit full_search(const std::vector<double>& y, int m) {
  EtsFit best;
  best.aicc = std::numeric_limits<double>::infinity();
  for (const EtsSpec& s : candidates(y, m)) {
    EtsFit f = ets_fit(y, m, s, no_fixed_params());
    if (f.aicc < best.aicc) best = std::move(f);
  }
  return best;
}

// splitmix64 and Box-Muller: the same series with any standard library.
struct Random {
  uint64_t state = 42;
  double uniform() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return double((z ^ (z >> 31)) >> 11) * 0x1.0p-53;
  }
  double normal() { return std::sqrt(-2 * std::log(1 - uniform())) * std::cos(6.283185307179586 * uniform()); }
};

template <class F>
double ms(F&& f) {
  const auto t0 = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::ifstream in(argc > 1 ? argv[1] : "tests/fixtures/forecast_reference.json");
  const json ref = json::parse(in);

  int higher = 0, same = 0, lower = 0;
  double ms_lm = 0, ms_nm = 0;
  for (const json& c : ref["evaluation"]) {
    const std::vector<double> y = numbers(c["train"]);
    const int m = c["period"];
    for (const EtsSpec& s : candidates(y, m)) {
      EtsFit lm, nm;
      ms_lm += ms([&] { lm = ets_fit(y, m, s, no_fixed_params(), EtsOptimizer::levenberg_marquardt); });
      ms_nm += ms([&] { nm = ets_fit(y, m, s, no_fixed_params(), EtsOptimizer::nelder_mead); });
      if (!std::isfinite(lm.aicc) || !std::isfinite(nm.aicc)) continue;
      const double d = lm.filter.lik - nm.filter.lik;  // -2 log L + const: lower is better
      (d < -1e-3 ? higher : d > 1e-3 ? lower : same) += 1;
    }
  }
  std::cout << json{{"bench", "ets_fits_vs_nelder_mead"}, {"fits", higher + same + lower},
                    {"higher_likelihood", higher}, {"same", same}, {"lower_likelihood", lower},
                    {"ms_levenberg_marquardt", ms_lm}, {"ms_nelder_mead", ms_nm}}
                   .dump()
            << "\n";

  std::vector<std::pair<std::vector<double>, int>> seasonal;
  for (const json& c : ref["evaluation"])
    if (c["period"].get<int>() > 1) seasonal.push_back({numbers(c["train"]), c["period"]});
  Random r;
  for (int s = 0; s < 200; ++s) {
    const int m = s % 2 ? 12 : 4;
    const int n = m == 12 ? 24 + int(r.uniform() * 48) : 12 + int(r.uniform() * 40);
    const double level = 100 + 900 * r.uniform(), trend = (r.uniform() - 0.5) * level * 0.02,
                 amplitude = r.uniform() * 0.3, noise = 0.02 + 0.2 * r.uniform();
    std::vector<double> y(static_cast<size_t>(n));
    for (int t = 0; t < n; ++t)
      y[size_t(t)] = std::max(1.0, (level + trend * t) * (1 + amplitude * std::sin(6.283185307179586 * t / m + 1)) *
                                       (1 + noise * r.normal()));
    if (s % 7 == 0) y[size_t(n / 2)] = std::numeric_limits<double>::quiet_NaN();
    seasonal.push_back({y, m});
  }
  int same_choice = 0;
  double loss = 0, ms_two_stage = 0, ms_full = 0;
  for (const auto& [y, m] : seasonal) {
    EtsFit two, full;
    ms_two_stage += ms([&] { two = ets_auto(y, m); });
    ms_full += ms([&] { full = full_search(y, m); });
    same_choice += ets_name(two.spec) == ets_name(full.spec);
    if (std::isfinite(two.aicc) && std::isfinite(full.aicc)) loss += two.aicc - full.aicc;
  }
  std::cout << json{{"bench", "ets_auto_two_stage_vs_full_search"}, {"series", seasonal.size()},
                    {"same_choice", same_choice}, {"mean_aicc_above_full", loss / double(seasonal.size())},
                    {"ms_two_stage", ms_two_stage}, {"ms_full", ms_full}}
                   .dump()
            << "\n";

  for (const json& c : ref["evaluation"]) {
    if (c["name"] != "AirPassengers") continue;
    std::vector<double> y = numbers(c["train"]);
    for (double v : numbers(c["test"])) y.push_back(v);
    int better = 0, models = 0;
    for (const EtsSpec& s : candidates(y, 12)) {
      const EtsFit lm = ets_fit(y, 12, s, no_fixed_params(), EtsOptimizer::levenberg_marquardt);
      const EtsFit nm = ets_fit(y, 12, s, no_fixed_params(), EtsOptimizer::nelder_mead);
      better += lm.filter.lik <= nm.filter.lik + 1e-6;
      ++models;
    }
    const EtsFit lm = ets_auto(y, 12, EtsOptimizer::levenberg_marquardt);
    const EtsFit nm = ets_auto(y, 12, EtsOptimizer::nelder_mead);
    std::cout << json{{"bench", "air_passengers"}, {"n", y.size()}, {"models", models},
                      {"levenberg_marquardt_at_least_as_likely", better},
                      {"levenberg_marquardt", {{"model", ets_name(lm.spec)}, {"aicc", lm.aicc}}},
                      {"nelder_mead", {{"model", ets_name(nm.spec)}, {"aicc", nm.aicc}}}}
                     .dump()
              << "\n";
  }
}
