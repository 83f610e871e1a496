#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Main job on built-in sample data. Until the browser demo lands (issue: storage + web demo), it
# installs what is missing, builds the wasm package and prints a worked plan for the sample
# household through it: goals, savings prediction, spending forecasts and the cash-flow outlook.
# Pass a household JSON file to plan your own. Safe to run twice.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/setup.sh"
install_build_deps
build_wasm >/dev/null
printf '\n'
node "$NESTEGG_ROOT/web-demo/plan.mjs" "$@"
