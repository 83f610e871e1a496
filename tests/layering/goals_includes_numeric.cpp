// SPDX-License-Identifier: MIT
// Must compile: the same probe as goals_includes_engine.cpp with an include that goes the right way
// (goals -> numeric), so that probe's failure is the layering's doing and not a broken probe.
#include "annuity.hpp"
#include "goal_planner.hpp"
