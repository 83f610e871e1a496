// SPDX-License-Identifier: MIT
// The whole embind surface: one class, a few coarse calls. Requests and responses cross as JSON
// text so each call costs one boundary crossing (embind's invokers are slower without
// DYNAMIC_EXECUTION, which Workers forbid). Nothing throws across: errors come back as JSON.
#include <emscripten/bind.h>
#include <emscripten/emscripten.h>  // EM_JS
#include <emscripten/val.h>

#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "engine.hpp"
#include "format_text.hpp"
#include "request.hpp"

// The request and the response cross through the runtime's TextEncoder / TextDecoder instead of
// embind's std::string conversion, which walks every character in JavaScript twice each way
// (length, then copy; a NUL scan, then decode). A lone surrogate in a request string becomes
// U+FFFD, as TextEncoder makes it (embind paired it with the next character); text from
// JSON.stringify never has one (it escapes them).
// Writes `text` as UTF-8 into [dest, dest + capacity): the bytes written, or -1 when they do not fit.
EM_JS(int, nestegg_encode_utf8, (emscripten::EM_VAL text, char* dest, int capacity), {
  var s = Emval.toValue(text);
  var r = (Module.nesteggEncoder || (Module.nesteggEncoder = new TextEncoder())).encodeInto(s, HEAPU8.subarray(dest, dest + capacity));
  return r.read === s.length ? r.written : -1;
});
// A JavaScript string of the UTF-8 bytes [data, data + length) (a response: valid UTF-8, no NUL).
EM_JS(emscripten::EM_VAL, nestegg_decode_utf8, (const char* data, int length), {
  return Emval.toHandle(UTF8Decoder ? UTF8Decoder.decode(HEAPU8.subarray(data, data + length)) : UTF8ToString(data, length));
});

namespace {

// Out of memory must end as {"error":{"code":"too_large"}} (Engine::dispatch catches bad_alloc),
// but unwinding to that catch destroys the call's JSON, and nlohmann's destructor allocates (it
// flattens a container into a std::vector first): a bad_alloc inside a destructor is
// std::terminate, abort() throws a JavaScript RuntimeError that wasm's catch_all landing pads
// catch, and every further destructor aborts again, until "Maximum call stack size exceeded".
// So a reserve is held between calls: the first failed allocation of a call frees it and throws
// bad_alloc, and the unwinding allocates from it. Each call starts by taking it back. (malloc
// returns null instead of aborting because ALLOW_MEMORY_GROWTH makes ABORTING_MALLOC 0.)
constexpr size_t kOutOfMemoryReserve = size_t(4) << 20;  // destroying 100 000 array items takes 1.6 MB
char* out_of_memory_reserve = nullptr;

void on_out_of_memory() {
  std::free(out_of_memory_reserve);  // no retry: the call fails, its unwinding gets the room
  out_of_memory_reserve = nullptr;
  throw std::bad_alloc();
}

void take_out_of_memory_reserve() {
  std::set_new_handler(on_out_of_memory);
  if (!out_of_memory_reserve) out_of_memory_reserve = static_cast<char*>(std::malloc(kOutOfMemoryReserve));
}

// A long request's UTF-8 (callLong): TextEncoder.encodeInto straight into the string's buffer.
std::string utf8_of(const emscripten::val& text) {
  if (!text.isString()) return text.as<std::string>();  // embind's own refusal of a non-string
  const int length = text["length"].as<int>();
  std::string out(size_t(length), '\0');  // ASCII: one byte a character
  int written = nestegg_encode_utf8(text.as_handle(), out.data(), length);
  if (written < 0) {  // up to three bytes a UTF-16 unit
    if (length > (1 << 30) / 3) return text.as<std::string>();  // past int: embind's way
    out.resize(size_t(length) * 3);
    written = nestegg_encode_utf8(text.as_handle(), out.data(), int(out.size()));
  }
  out.resize(size_t(written));
  return out;
}

// embind's own std::string return scans the bytes for NULs in JavaScript and then hands them to
// the same TextDecoder (past 16 bytes): going straight there only drops the scan.
emscripten::val js_string(const std::string& utf8) {
  return emscripten::val::take_ownership(nestegg_decode_utf8(utf8.data(), int(utf8.size())));
}

class WasmEngine {
 public:
  // Returns "" when the config is valid (and applied), else the structured error as JSON.
  std::string configure(const std::string& config_json) {
    take_out_of_memory_reserve();
    try {
      nestegg::EngineConfig config = nestegg::parse_config(nestegg::parse_json(config_json));
      auto fresh = std::make_unique<nestegg::Engine>(std::move(config));
      if (sink_) fresh->set_log_sink(sink_);
      engine_ = std::move(fresh);
      return "";
    } catch (const nestegg::NesteggError& e) {
      return nestegg::error_text(e.error());
    } catch (const std::exception&) {
      return nestegg::error_text({nestegg::code::invalid_json, "config is not valid JSON", "config"});
    }
  }

  // A call, its request crossing as embind's std::string: the fastest way for short requests (no
  // emval handle, no property lookups). engine.js sends requests of 200 characters and more
  // through callLong instead, where TextEncoder beats embind's character loop.
  emscripten::val call(const std::string& method, const std::string& request, const std::string& request_id) {
    take_out_of_memory_reserve();
    return js_string(engine_->call(method, request, request_id));
  }

  emscripten::val call_long(const std::string& method, const emscripten::val& request, const std::string& request_id) {
    take_out_of_memory_reserve();
    return js_string(engine_->call(method, utf8_of(request), request_id));
  }

  // The typed-array path: a Float64Array copied straight into wasm memory (one memcpy, no JSON),
  // then named in a request as "attachment:NAME". Returns "" when attached, else the structured
  // error as JSON: an array wasm memory cannot hold is too_large on its field, as a call's is.
  std::string attach(const std::string& name, emscripten::val array, double rows, double cols) {
    take_out_of_memory_reserve();
    try {
      nestegg::Attachment a;
      a.rows = int64_t(rows);
      a.cols = int64_t(cols);
      a.values.resize(size_t(array["length"].as<double>()));
      emscripten::val(emscripten::typed_memory_view(a.values.size(), a.values.data())).call<void>("set", array);
      engine_->attach(name, std::move(a));
      return "";
    } catch (const std::bad_alloc&) {
      return nestegg::error_text({nestegg::code::too_large, nestegg::format_text("%.*s is larger than wasm memory can hold",
                                                                                 int(name.size()), name.data()),
                                  name});
    }
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
      .function("callLong", &WasmEngine::call_long)
      .function("setLogSink", &WasmEngine::setLogSink)
      .function("attach", &WasmEngine::attach)
      .function("clearAttachments", &WasmEngine::clearAttachments)
      .function("output", &WasmEngine::output);
}
