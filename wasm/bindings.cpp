// SPDX-License-Identifier: MIT
// The whole embind surface: one class, three coarse calls. Requests and responses cross as JSON
// text so each call costs one boundary crossing (embind's invokers are slower without
// DYNAMIC_EXECUTION, which Workers forbid). Nothing throws across: errors come back as JSON.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <memory>
#include <string>

#include "engine.hpp"
#include "request.hpp"

namespace {

class WasmEngine {
 public:
  // Returns "" when the config is valid (and applied), else the structured error as JSON.
  std::string configure(const std::string& config_json) {
    try {
      nestegg::EngineConfig config = nestegg::parse_config(nestegg::parse_json(config_json));
      auto fresh = std::make_unique<nestegg::Engine>(std::move(config));
      if (sink_) fresh->set_log_sink(sink_);
      engine_ = std::move(fresh);
      return "";
    } catch (const nestegg::NesteggError& e) {
      return nestegg::error_json(e.error()).dump();
    } catch (const std::exception&) {
      return nestegg::error_json({nestegg::code::invalid_json, "config is not valid JSON", "config"}).dump();
    }
  }

  std::string call(const std::string& method, const std::string& request, const std::string& request_id) {
    return engine_->call(method, request, request_id);
  }

  // The typed-array path: a Float64Array copied straight into wasm memory (one memcpy, no JSON),
  // then named in a request as "attachment:NAME".
  void attach(const std::string& name, emscripten::val array, double rows, double cols) {
    nestegg::Attachment a;
    a.rows = int64_t(rows);
    a.cols = int64_t(cols);
    a.values.resize(size_t(array["length"].as<double>()));
    emscripten::val(emscripten::typed_memory_view(a.values.size(), a.values.data())).call<void>("set", array);
    engine_->attach(name, std::move(a));
  }

  void clearAttachments() { engine_->clear_attachments(); }

  // A view of an output array inside wasm memory; the JS side copies it (slice) before the next call.
  emscripten::val output(const std::string& name) {
    auto it = engine_->outputs().find(name);
    if (it == engine_->outputs().end()) return emscripten::val::null();
    return emscripten::val(emscripten::typed_memory_view(it->second.values.size(), it->second.values.data()));
  }

  void setLogSink(emscripten::val fn) {
    if (fn.isNull() || fn.isUndefined()) {
      sink_ = nullptr;
    } else {
      sink_ = [fn](const std::string& line) { fn(line); };
    }
    engine_->set_log_sink(sink_);
  }

 private:
  std::unique_ptr<nestegg::Engine> engine_ = std::make_unique<nestegg::Engine>();
  nestegg::LogSink sink_;
};

}  // namespace

EMSCRIPTEN_BINDINGS(nestegg) {
  emscripten::class_<WasmEngine>("Engine")
      .constructor<>()
      .function("configure", &WasmEngine::configure)
      .function("call", &WasmEngine::call)
      .function("setLogSink", &WasmEngine::setLogSink)
      .function("attach", &WasmEngine::attach)
      .function("clearAttachments", &WasmEngine::clearAttachments)
      .function("output", &WasmEngine::output);
}
