// SPDX-License-Identifier: MIT
// Training options as requests give them: savings.train's own fields, an A/B experiment's
// variants (each an option set, applied when a user of the variant trains), and the same
// variants read back by savings.import. One reader for all three, so an experiment the registry
// holds is one savings.experiment would have accepted, however it got there.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "call_context.hpp"
#include "model_registry.hpp"
#include "request.hpp"
#include "savings_model.hpp"

namespace nestegg {

inline constexpr size_t kMaxName = 200;  // user, model, experiment and target names

struct ParsedTrainOptions {
  FeatureSpec spec;
  TrainOptions train;
};

// The options in `f` over `base` (a variant's over the request's); refuses what train refuses.
ParsedTrainOptions read_train_options(const Fields& f, ParsedTrainOptions base = {});

// An experiment's variants: 2 to 16 (checked by the caller's array read), each with a unique
// `name` (1-64 characters), a `weight` (1e-6 to 1e6, default 1) and `options` that
// read_train_options accepts, kept as canonical JSON text. `at` names the array ("variants",
// "snapshot.experiments.x.variants"). With a context, options a variant does not use are warned
// about (unknown_field), as a request's are.
Experiment read_variants(const nlohmann::json& variants, const FieldPath& at, CallContext* ctx = nullptr);

}  // namespace nestegg
