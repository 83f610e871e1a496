// SPDX-License-Identifier: MIT
// libFuzzer harness for the engine's one public surface, `Engine::call(method, json_text)`.
//
// An input is `method\nrequest text`: the first line names a method of the dispatch table (any
// other first line picks one by its bytes, so every mutation still reaches a handler) and the rest
// is handed over as it is — valid JSON or not. Each answer must hold every invariant of
// tests/support/answer_invariants.hpp (a result true, not only well-formed, or a structured error
// naming the field, never `internal`), and after it a known request must still give its known
// answer: bad input never poisons the engine; a failed call to a method that persists (the model
// registry) leaves `savings.export` as it was. One engine lives across inputs, as a module does in
// a page. Built with ASan, UBSan (with float-cast-overflow), _GLIBCXX_ASSERTIONS and live
// JSON_ASSERT / eigen_assert by `-DNESTEGG_FUZZ=ON` (tests/run.sh runs it for a fixed time).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "answer_invariants.hpp"
#include "dispatch.hpp"
#include "engine.hpp"

namespace {

using json = nlohmann::json;

constexpr std::string_view kProbeMethod = "goals.timeline";
constexpr std::string_view kProbeRequest =
    R"({"target_amount": 10000, "current_amount": 1000, "monthly_contribution": 450, "annual_return_rate": 0.05,
        "start_date": "2024-01-15"})";

nestegg::Engine& engine() {
  static nestegg::Engine* instance = [] {
    nestegg::EngineConfig config;
    config.log_level = nestegg::LogLevel::off;
    // Smaller work limits than the defaults keep each input fast enough to explore; the limits are
    // checked, not trusted, so a call that exceeds them shows up as a libFuzzer timeout.
    config.limits.max_paths = 2000;
    config.limits.max_simulation_steps = 200000;
    return new nestegg::Engine(config);
  }();
  return *instance;
}

[[noreturn]] void fail(std::string_view method, std::string_view request, const std::string& why) {
  std::fprintf(stderr, "\n== invariant broken by %.*s\n== request: %.*s\n== %s\n", int(method.size()), method.data(),
               int(request.size() > 2000 ? 2000 : request.size()), request.data(), why.c_str());
  std::abort();  // libFuzzer saves the input as a crash artifact
}

std::string_view pick_method(std::string_view first_line) {
  if (nestegg::find_method(first_line)) return first_line;
  const auto& table = nestegg::method_table();
  size_t h = 0;
  for (unsigned char c : first_line) h = h * 31 + c;
  return table[h % table.size()].name;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t newline = input.find('\n');
  const std::string_view method = pick_method(input.substr(0, newline == std::string_view::npos ? 0 : newline));
  const std::string_view text = newline == std::string_view::npos ? input : input.substr(newline + 1);

  static const std::string probe_answer = engine().call(kProbeMethod, kProbeRequest);
  // A call that can change stored state (the model registry) and fails must leave it as it was.
  const bool persists = nestegg::find_method(method)->persists;
  const std::string stored_before = persists ? engine().call("savings.export", "{}") : std::string();
  const std::string out = engine().call(method, text);
  const json response = json::parse(out, nullptr, false);
  if (response.is_discarded()) fail(method, text, "the answer is not JSON: " + out.substr(0, 300));
  json request = json::parse(text, nullptr, false);
  if (request.is_discarded()) request = json::object();
  for (const std::string& violation : nestegg::testing::answer_violations(method, request, response)) {
    fail(method, text, violation);
  }
  if (persists && response.contains("error") && engine().call("savings.export", "{}") != stored_before) {
    fail(method, text, "a failed call changed the stored registry");
  }
  if (engine().call(kProbeMethod, kProbeRequest) != probe_answer) fail(method, text, "the engine answers the probe differently afterwards");
  return 0;
}
