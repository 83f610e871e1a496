// SPDX-License-Identifier: MIT
// Native CLI: `nestegg <method> [file|-] [--config file] [--log]`. Reads one JSON request (from
// the file; from stdin for "-", or with no file argument unless stdin is a terminal: then the
// request is {} and `info` or `health` answer at once), prints the JSON response on one line. Exit
// status: 0 on success, 2 when the engine answered with an error (printed on stdout, like any
// response), 1 when the command line itself is wrong. Quiet by default: call logs go to stderr
// with --log or NESTEGG_LOG_LEVEL. The only file in the native build that does I/O; the npm CLI
// (npm/bin/nestegg.mjs) keeps the same contract over the wasm build.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include <unistd.h>

#include "dispatch.hpp"
#include "engine.hpp"
#include "request.hpp"

namespace {

void usage() {
  std::string names;
  for (const auto& m : nestegg::method_table()) names += std::string("  ") + m.name + "  " + m.summary + "\n";
  std::fprintf(stderr,
               "usage: nestegg <method> [request.json | -] [--config config.json] [--log]\n"
               "Reads a JSON request (stdin when the file is '-', or missing and stdin is not a terminal;\n"
               "otherwise {}) and prints the JSON response. Exit 0 on success, 2 on a structured error.\n"
               "Call logs on stderr with --log or NESTEGG_LOG_LEVEL=debug|info|warn|error|off.\nMethods:\n%s",
               names.c_str());
}

bool slurp(const std::string& path, std::string& out) {
  if (path == "-") {
    std::ostringstream ss;
    ss << std::cin.rdbuf();
    out = ss.str();
    return true;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::string method, file, config_path;
  bool log = false;
  int positional = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") {
      usage();
      return 0;
    } else if (a == "--config" && i + 1 < argc) {
      config_path = argv[++i];
    } else if (a == "--log") {
      log = true;
    } else if (a.size() > 1 && a[0] == '-') {  // an unknown option, or --config without its file: not a request file
      std::fprintf(stderr, "nestegg: %s %s\n", a.c_str(), a == "--config" ? "needs a value" : "is not an option");
      usage();
      return 1;
    } else if (positional == 0) {
      method = a, ++positional;
    } else if (positional == 1) {
      file = a, ++positional;
    } else {
      usage();
      return 1;
    }
  }
  if (positional == 0) {  // an empty method name is still a method name: the engine answers it
    usage();
    return 1;
  }
  nestegg::EngineConfig config;
  if (!config_path.empty()) {
    std::string text;
    if (!slurp(config_path, text)) {
      std::fprintf(stderr, "nestegg: cannot read %s\n", config_path.c_str());
      return 1;
    }
    try {
      config = nestegg::parse_config(nestegg::parse_json(text));
    } catch (const nestegg::NesteggError& e) {
      std::printf("%s\n", nestegg::error_text(e.error()).c_str());
      return 2;
    } catch (const nlohmann::json::exception&) {
      std::printf("%s\n", nestegg::error_text({"invalid_json", "config is not valid JSON", "config"}).c_str());
      return 2;
    }
  }
  if (const char* level = std::getenv("NESTEGG_LOG_LEVEL"); level && *level) {  // empty: unset
    const auto parsed = nestegg::parse_log_level(level);
    if (!parsed) {
      std::fprintf(stderr, "nestegg: NESTEGG_LOG_LEVEL must be debug, info, warn, error or off\n");
      return 1;
    }
    config.log_level = *parsed;
    log = true;
  }
  std::string body;
  const bool implicit = file.empty();  // no file named: stdin unless it is a terminal
  if (implicit && !isatty(0)) file = "-";
  if (!file.empty() && !slurp(file, body)) {
    std::fprintf(stderr, "nestegg: cannot read %s\n", file.c_str());
    return 1;
  }
  // Nothing piped (or an empty pipe) with no file named: the request is {}, as for info or health.
  if (implicit && body.find_first_not_of(" \t\r\n") == std::string::npos) body = "{}";
  nestegg::Engine engine(config);
  if (log) engine.set_log_sink([](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
  const std::string response = engine.call(method, body);
  std::printf("%s\n", response.c_str());
  return response.rfind("{\"error\":", 0) == 0 ? 2 : 0;
}
