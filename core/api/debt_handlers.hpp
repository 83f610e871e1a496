// SPDX-License-Identifier: MIT
// JSON mapping of the debt methods: request fields -> the planning domain's structs, its outcomes
// -> response fields. The simulation and the strategies live in planning/debt_plan.
#pragma once
#include <cmath>
#include <vector>

#include "call_context.hpp"
#include "debt_plan.hpp"

namespace nestegg {

void debt_plan(const nlohmann::json& request, CallContext& ctx, JsonWriter& out);

// The "debts" array as debt.plan reads it (also investment.readiness): names default to
// "Debt 1", "Debt 2", ... and must be unique; amounts are taken to the cent.
std::vector<Debt> read_debts(const Fields& f, CallContext& ctx, size_t min_items);
// A warning `negative_amortization` on debts[i].minimum_payment for each debt flagged.
void warn_negative_amortization(const std::vector<Debt>& debts, const std::vector<uint8_t>& flagged, CallContext& ctx);

// An amount in whole cents, rounded half away from zero (README "Conventions").
inline int64_t to_whole_cents(double amount) { return int64_t(std::llround(amount * 100.0)); }

}  // namespace nestegg
