// SPDX-License-Identifier: MIT
// Native per-call latency for every request in a JSON corpus ({"name", "method", "request"} items):
// prints one JSON line per case with the median and p90 over repeated calls. The same corpus runs
// through the wasm build in bench_wasm.mjs, so the two columns of README's table are comparable.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <vector>

#include "engine.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_native corpus.json [min_seconds_per_case]\n");
    return 1;
  }
  std::ifstream in(argv[1]);
  std::stringstream ss;
  ss << in.rdbuf();
  const auto corpus = nlohmann::json::parse(ss.str());
  const double budget = argc > 2 ? std::atof(argv[2]) : 0.5;
  nestegg::Engine engine;
  for (const auto& c : corpus) {
    const std::string method = c["method"], body = c["request"].dump();
    std::vector<double> ms;
    const auto start = std::chrono::steady_clock::now();
    while (ms.size() < 5 || (std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < budget &&
                             ms.size() < 100000)) {
      const auto t0 = std::chrono::steady_clock::now();
      const std::string out = engine.call(method, body);
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (out.rfind("{\"error\"", 0) == 0) {
        std::fprintf(stderr, "%s failed: %s\n", c["name"].get<std::string>().c_str(), out.c_str());
        return 1;
      }
    }
    std::sort(ms.begin(), ms.end());
    std::printf("{\"name\":\"%s\",\"runtime\":\"native\",\"calls\":%zu,\"median_ms\":%.4f,\"p90_ms\":%.4f}\n",
                c["name"].get<std::string>().c_str(), ms.size(), ms[ms.size() / 2], ms[ms.size() * 9 / 10]);
  }
  return 0;
}
