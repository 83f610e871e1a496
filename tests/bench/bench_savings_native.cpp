// SPDX-License-Identifier: MIT
// Native counterpart of bench_savings.mjs: same generator, same sizes, train and predict.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "savings_model.hpp"

int main(int argc, char** argv) {
  const int64_t n = argc > 1 ? std::atoll(argv[1]) : 100000, p = argc > 2 ? std::atoll(argv[2]) : 20;
  uint64_t state = 42;
  auto next = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return double(state >> 11) * 0x1.0p-53;
  };
  std::vector<double> X(static_cast<size_t>(n * p));
  std::vector<double> y(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    double v = 1;
    for (int64_t j = 0; j < p; ++j) {
      X[size_t(i * p + j)] = next() * double(j + 1);
      v += double((j % 5) - 2) * X[size_t(i * p + j)];
    }
    y[size_t(i)] = v + next() - 0.5;
  }
  std::vector<std::string> names;
  for (int64_t j = 0; j < p; ++j) names.push_back("x" + std::to_string(j));
  const nestegg::MatrixView view{X.data(), n, p};
  auto median_ms = [](auto fn) {
    std::vector<double> ms;
    for (int r = 0; r < 3; ++r) {
      const auto t = std::chrono::steady_clock::now();
      fn();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[1];
  };
  nestegg::TrainOptions opts;
  opts.cv_folds = 0;
  nestegg::TrainResult trained;
  const double train = median_ms([&] { trained = nestegg::train_on_matrix(view, y.data(), names, opts); });
  const double predict = median_ms([&] { nestegg::predict_columns(trained.model, view, {}); });
  const double predict_pi = median_ms([&] { nestegg::predict_columns(trained.model, view, {80, 95}); });
  std::printf("{\"name\":\"train: nestegg native\",\"rows\":%lld,\"features\":%lld,\"median_ms\":%.1f,\"solver\":\"%s\"}\n",
              (long long)n, (long long)p, train, trained.model.fit.solver.c_str());
  std::printf("{\"name\":\"predict: nestegg native\",\"rows\":%lld,\"features\":%lld,\"median_ms\":%.1f}\n", (long long)n,
              (long long)p, predict);
  std::printf("{\"name\":\"predict: nestegg native, with 80/95%% intervals\",\"rows\":%lld,\"features\":%lld,\"median_ms\":%.1f}\n",
              (long long)n, (long long)p, predict_pi);
  return 0;
}
