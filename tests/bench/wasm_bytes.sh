#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Where the .wasm's bytes go (README "Where the bytes go"). Builds the release module (build/wasm,
# as tests/run.sh does) and the same module linked with --profiling-funcs in build/wasm-bytes
# (-DNESTEGG_WASM_PROFILING_FUNCS=ON: function names kept, code the same; the default build is not
# touched), then prints the table: each part's raw bytes and gzipped estimate, adding up to the
# release file. Arguments go to wasm_bytes.mjs: --files (per source file), --top N (largest
# functions), --json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/../setup.sh"
cd "$NESTEGG_ROOT"
install_build_deps
build_wasm >/dev/null
log "wasm build with function names (build/wasm-bytes)"
emcmake cmake -S "$NESTEGG_ROOT" -B build/wasm-bytes -DCMAKE_BUILD_TYPE=Release -DNESTEGG_WASM_PROFILING_FUNCS=ON >/dev/null
cmake --build build/wasm-bytes -j"$NESTEGG_JOBS" --target nestegg_wasm >/dev/null
log "where the .wasm's bytes go ($(date -u +%Y-%m-%d), Emscripten $(emcc --version | head -1 | sed 's/.* \([0-9][0-9.]*\).*/\1/'))"
node tests/bench/wasm_bytes.mjs --build build/wasm-bytes --release build/wasm "$@"
