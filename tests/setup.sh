#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Sourced by tests/run.sh and web-demo/run.sh: installs what is missing and builds both targets.
# Safe to run again: installs are skipped when present, builds are incremental.
set -euo pipefail

NESTEGG_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NESTEGG_JOBS="${NESTEGG_JOBS:-$(nproc 2>/dev/null || echo 2)}"
export NODE_PATH=/usr/share/nodejs  # Emscripten 3.1.6 on Debian finds acorn only there

log() { printf '\n== %s\n' "$*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

install_apt() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  if [ ${#missing[@]} -gt 0 ]; then
    log "apt: installing ${missing[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

install_build_deps() {
  # Node may come from elsewhere than Debian (its npm inside): ask apt only when there is none.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then install_apt nodejs npm; fi
  install_apt cmake g++ make emscripten libeigen3-dev nlohmann-json3-dev catch2
}

# clang and its libFuzzer runtime for the fuzzing step (tests/fuzz/).
install_fuzz_deps() {
  install_apt clang libclang-rt-14-dev
}

# The fuzzer from its seeds (regenerated from the repository's requests) and the corpus it grew on
# earlier runs here (build/fuzz/corpus); a crash, a broken invariant or a call over 10 s stops it
# with the input saved in tests/artifacts/fuzz-*.
run_fuzzer() {  # $1: seconds
  local dir="$NESTEGG_ROOT/build/fuzz"
  node "$NESTEGG_ROOT/tests/fuzz/make_seeds.mjs" "$dir/seeds" "$dir/requests.dict"
  mkdir -p "$dir/corpus" "$NESTEGG_ROOT/tests/artifacts"
  if ! "$dir/tests/fuzz_engine" -max_total_time="$1" -timeout=10 -rss_limit_mb=2048 -dict="$dir/requests.dict" \
       -artifact_prefix="$NESTEGG_ROOT/tests/artifacts/fuzz-" -print_final_stats=1 "$dir/corpus" "$dir/seeds" \
       >"$dir/last.log" 2>&1; then
    tail -n 80 "$dir/last.log"
    return 1
  fi
  grep -E '^(INFO: seed corpus|#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb)' "$dir/last.log" || true
}

# The three browser engines of tests/browser/, all Debian's (no browser download): Chromium
# (playwright-core drives it), Firefox ESR (puppeteer-core, over WebDriver BiDi) and WebKitGTK's
# WebKitWebDriver + MiniBrowser (selenium-webdriver), which needs a display: Xvfb, started by the
# tests. About 1.2 GB with Mesa.
install_browser_deps() {
  install_apt chromium firefox-esr webkit2gtk-driver xvfb fonts-dejavu-core
}

# npm ci only when the lockfile changed since the last install (npm ci always wipes node_modules).
install_npm_deps() {
  local dir="$1"
  local stamp="$dir/node_modules/.nestegg-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    log "npm ci in ${dir#$NESTEGG_ROOT/}"
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
    cp "$dir/package-lock.json" "$stamp"
  fi
}

build_native() {  # $1: build dir name, rest: extra cmake args
  local dir="$NESTEGG_ROOT/build/$1"; shift
  log "native build (${dir#$NESTEGG_ROOT/})"
  cmake -S "$NESTEGG_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
  cmake --build "$dir" -j"$NESTEGG_JOBS"
}

build_wasm() {
  local dir="$NESTEGG_ROOT/build/wasm"
  log "wasm build (build/wasm, npm package staged in build/wasm/npm)"
  install_npm_deps "$NESTEGG_ROOT/npm"  # esbuild, which bundles the Node entry (npm/scripts/stage.mjs)
  emcmake cmake -S "$NESTEGG_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$dir" -j"$NESTEGG_JOBS"
}
