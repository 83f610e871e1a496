// SPDX-License-Identifier: MIT
// JSON mapping of benchmarks.compare: request fields -> insights/peer_benchmarks.hpp's PeerInput,
// its comparisons -> the response with the source cited and the caveats. The peer table, the
// group choice and the percentile model live in the domain.
#pragma once
#include "call_context.hpp"
#include "peer_benchmarks.hpp"

namespace nestegg {

void benchmarks_compare(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// The peer-group fields `age` / `age_group` into `in` (recommendations.generate reads them too).
void read_peer_age(const Fields& f, PeerInput& in);

}  // namespace nestegg
