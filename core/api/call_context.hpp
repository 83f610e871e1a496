// SPDX-License-Identifier: MIT
// What a method handler is given besides its request, and the handler's shape. The engine builds
// one CallContext per call; handlers never reach for clocks or globals of their own.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "attachment.hpp"
#include "civil_date.hpp"
#include "json_reader.hpp"
#include "json_writer.hpp"
#include "model_registry.hpp"
#include "warning.hpp"

namespace nestegg {

class Engine;  // engine/engine.hpp: only the engine's own service handlers look inside
class Fields;

// Size and work limits checked before work starts (the engine config's "limits"). The work limits'
// defaults keep the largest request they allow within about 1 s in wasm on a 2-core machine
// (tests/bench/bench_worst_case.mjs prints each method's worst case; README "Reliability").
struct Limits {
  int64_t max_request_bytes = 8 << 20;  // larger bodies are refused before parsing
  int64_t max_json_depth = 64;          // nesting deeper than this is refused as the request is read
  int64_t max_array_items = 100000;     // any one array in a request; the goals' contribution months together
  // Values and object keys in a request at any depth, counted as it is read (a packed field's
  // numbers aside): a value's memory can be ~20 times its text, so the byte limit alone does not
  // bound it.
  int64_t max_json_values = 1000000;
  int64_t max_paths = 100000;           // Monte Carlo paths
  int64_t max_simulation_steps = 10000000;  // goals.simulate: paths x months
  // Series forecasting (forecast.expenses, the spending of forecast.cashflow and of insights.nudges'
  // cash flow): the sum over series of max(months, 24) x the method's weight (forecast_weight).
  int64_t max_forecast_work = 76800;
  int64_t max_cashflow_steps = 1500000;  // forecast.cashflow: paths x days
  // insights.nudges: each enabled rule once per subject of its family (goals, categories,
  // subscriptions; 1 for the others), counted before any is evaluated.
  int64_t max_nudge_evaluations = 110000;
  // insights.nudges: a rule's nudges past this many (those least past its threshold) are only
  // counted in "omitted".
  int64_t max_nudges_per_rule = 20;
  // recommendations.generate: the recommendations past this many (the lowest scores) are only
  // counted in "omitted".
  int64_t max_recommendations = 100;
  // insights.nudges' and recommendations.generate's "history": only each id's latest entry counts.
  int64_t max_history_items = 10000;
  int64_t max_trend_pairs = 12000000;    // insights.trends: pairs of months for Theil-Sen, n (n - 1) / 2 per series
  // savings.train: (rows + p) x p^2 x (cv_folds + 1), p = columns + 1: the least-squares fits' work;
  // savings.predict on rows: rows x p^2 with intervals (their quadratic form), rows x p without.
  int64_t max_regression_work = 500000000;

  // The items a "history" array may hold (insights.nudges, recommendations.generate): the lower
  // of the history cap and the cap on any array.
  size_t history_items() const { return size_t(max_history_items < max_array_items ? max_history_items : max_array_items); }
};

// Each limit as the config and `info` name it, with the range a config may set it in: the one list
// the engine's config reader and `info` both walk.
struct LimitSpec {
  const char* name;
  int64_t Limits::*member;
  int64_t min;
  int64_t max;
};
const std::vector<LimitSpec>& limit_specs();

struct CallContext {
  const Engine& engine;
  const Limits& limits;
  bool warn_unknown_fields;
  Date today;
  // The ISO timestamp records carry (now(), below): the clock the engine hands over, read only by
  // the calls that record something; midnight of config.today when that is fixed.
  std::string (*clock)();
  bool today_fixed;
  ModelRegistry& registry;  // the engine's trained models and experiments
  // Typed arrays the host attached, named by the request as "attachment:NAME".
  const std::map<std::string, Attachment>& attachments;
  // The method's bulk numeric fields the reader packed as it read the request text, by path
  // (json_reader.hpp; packed_at below); the document holds an empty array where it did. Empty
  // when a document was given.
  const PackedArrays& packed;
  std::map<std::string, Attachment>& outputs;  // bulk results handed back without JSON text
  std::vector<Warning> warnings;
  size_t unknown_fields = 0;  // how many warn_unread has met in this call (it tells the first ones)
  int64_t contribution_months = 0;  // the goals' contributions read so far, gaps expanded (goals_handlers.cpp)
};

// A handler reads its request and writes its answer's members into the answer object the engine
// opened (json_writer.hpp); it throws NesteggError for a request it refuses.
using Handler = void (*)(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// Turns the fields a handler never read into "unknown_field" warnings (when the config wants
// them): one each for the first kMaxUnknownFieldWarnings of a call, the rest only counted (see
// call_warnings), so that an answer does not outgrow its request many times over (200 000 unknown
// keys once made 200 000 warnings, 21.6 MB from a 2.3 MB request).
void warn_unread(const Fields& fields, CallContext& ctx);
constexpr size_t kMaxUnknownFieldWarnings = 50;

// The call's warnings as the answer gives them: with the count of unknown fields past the first
// kMaxUnknownFieldWarnings, when there were more, at the end.
const std::vector<Warning>& call_warnings(CallContext& ctx);

// What the reader packed at `path` ("design.rows", "categories.rent"), or null where it did not.
const Attachment* packed_at(const CallContext& ctx, const std::string& path);

// "2026-11-24T12:34:56.789Z": now by the engine's clock, or midnight of the fixed today.
std::string now(const CallContext& ctx);

// [{"code", "message", "field"}, ...] as responses carry them.
void write_warnings(JsonWriter& out, const std::vector<Warning>& warnings);

}  // namespace nestegg
