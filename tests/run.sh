#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The whole test suite, from a bare machine: installs what is missing (apt, npm ci), builds the
# native and wasm targets, then runs
#   1. Catch2 natively (ctest), and again under AddressSanitizer + UBSan; libFuzzer over the
#      engine's call boundary for a fixed time, every answer checked against its invariants;
#   2. the npm package under Node (references, validation, API, size budget, native-vs-wasm parity),
#      on Deno and on workerd (miniflare), and from a packed tarball installed into an empty folder;
#      storage adapters and the store (fake-indexeddb, files, Workers KV, Deno KV);
#   3. the web demo in Chromium, Firefox and WebKit (storage, offline, upgrade, faults, Web Worker,
#      no request leaving the origin); screenshots are left in tests/artifacts/<engine>-*.png.
# Exit status is non-zero when anything fails. Safe to run twice.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
cd "$NESTEGG_ROOT"

install_build_deps
install_npm_deps "$NESTEGG_ROOT/tests"
install_npm_deps "$NESTEGG_ROOT/web-demo"
install_browser_deps

build_native native
log "Catch2 (native)"
ctest --test-dir build/native --output-on-failure -j"$NESTEGG_JOBS"

build_native asan -DNESTEGG_SANITIZE=ON
log "Catch2 under AddressSanitizer + UBSan"
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 build/asan/tests/nestegg_tests

install_fuzz_deps
build_native fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DNESTEGG_FUZZ=ON
log "libFuzzer over every method for ${NESTEGG_FUZZ_SECONDS:-120} s (ASan, UBSan, library assertions, answer invariants)"
run_fuzzer "${NESTEGG_FUZZ_SECONDS:-120}"

build_wasm
log "npm package: Node, Deno, workerd, packed tarball, parity with native, the determinism corpus (also in Chromium)"
node --test --test-concurrency=1 tests/js/

log "web demo in Chromium, Firefox and WebKit (screenshots in tests/artifacts/)"
node --test --test-concurrency=1 tests/browser/
