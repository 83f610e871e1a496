#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Main job on built-in sample data: installs what is missing, builds the wasm package and the
# offline-first demo, prints the worked plan for the sample household (the same requests the
# page makes), then serves the demo on a localhost port it prints (PORT=8080 by default).
# Open it and press "Load the sample household". Pass a household JSON file to print your own
# plan; --no-serve stops after the plan. Safe to run twice.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../tests/setup.sh"
serve=1
args=()
for a in "$@"; do
  if [ "$a" = --no-serve ]; then serve=0; else args+=("$a"); fi
done
install_build_deps
install_npm_deps "$NESTEGG_ROOT/web-demo"
build_wasm >/dev/null
printf '\n'
node "$NESTEGG_ROOT/web-demo/plan.mjs" "${args[@]}"
printf '\n'
node "$NESTEGG_ROOT/web-demo/build.mjs"
if [ "$serve" = 1 ]; then
  exec node "$NESTEGG_ROOT/web-demo/serve.mjs" "$NESTEGG_ROOT/build/web-demo"
fi
