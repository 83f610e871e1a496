// SPDX-License-Identifier: MIT
#include "engine.hpp"

#include <algorithm>
#include <new>

#include "dispatch.hpp"
#include "json_reader.hpp"
#include "request.hpp"

namespace nestegg {

nlohmann::json error_json(const Error& e) {
  return object({{"error", object({{"code", e.code}, {"message", e.message}, {"field", e.field}})}});
}

std::string error_text(const Error& e) {
  return error_json(e).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Every key must be a known limit and hold a number: a typo ("max_path") or a null (JSON.stringify's
// NaN) would otherwise leave the default in force without a word, unlike the rest of the config.
static Limits parse_limits(const Fields& f, const nlohmann::json& given) {
  for (const auto& [name, value] : given.items())
    if (value.is_null())
      fail_at(code::wrong_type, f.at(name), " must be a whole number, got null");
  Limits l;
  for (const LimitSpec& spec : limit_specs()) l.*spec.member = f.integer_or(spec.name, l.*spec.member, spec.min, spec.max);
  for (const std::string& unknown : f.unread())
    fail_at(code::invalid_value, unknown, " is not a known limit");
  return l;
}

EngineConfig parse_config(const nlohmann::json& config) {
  EngineConfig c;
  const Fields f(config, "config");
  const std::string level = f.choice_or("log_level", "info", {"debug", "info", "warn", "error", "off"});
  c.log_level = *parse_log_level(level);
  c.today = f.optional_date("today");
  c.warn_unknown_fields = f.boolean_or("warn_unknown_fields", true);
  if (const auto limits = f.optional_object("limits")) c.limits = parse_limits(*limits, f.value("limits"));
  if (const auto features = f.optional_object("features")) {
    const Fields& flags = *features;
    for (const auto& [name, value] : f.value("features").items()) {
      if (!find_method(name)) fail_at(code::invalid_value, FieldPath("config.features", name), " is not a method that can be switched");
      c.features[name] = flags.boolean_or(name.c_str(), true);
    }
  }
  for (const auto& unknown : f.unread()) {
    fail_at(code::invalid_value, unknown, " is not a known setting");
  }
  return c;
}

Engine::Engine(EngineConfig config) : config_(std::move(config)), started_(std::chrono::steady_clock::now()) {
  logger_.set_level(config_.log_level);
}

bool Engine::method_enabled(std::string_view name) const {
  auto it = config_.features.find(std::string(name));
  return it == config_.features.end() || it->second;
}

double Engine::uptime_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

Date Engine::today() const {
  if (config_.today) return *config_.today;
  using namespace std::chrono;
  const int64_t days = duration_cast<hours>(system_clock::now().time_since_epoch()).count() / 24;
  return civil_from_days(days);
}

static nlohmann::json parse_body(std::string_view text, const Limits& limits, const PackedRequest& packed) {
  if (int64_t(text.size()) > limits.max_request_bytes) {
    fail(code::too_large, "", "request is %zu bytes; the limit is %lld", text.size(),
         static_cast<long long>(limits.max_request_bytes));
  }
  try {
    // Refuses nesting and values past their limits as it reads.
    return read_json(text, limits.max_json_depth, &packed, limits.max_json_values);
  } catch (const nlohmann::json::parse_error& e) {
    fail(code::invalid_json, "", "request is not valid JSON (syntax error near byte %zu)", e.byte);
  }
}

std::string Engine::dispatch(std::string_view method, const nlohmann::json* parsed, std::string_view text,
                             std::string_view request_id) {
  const auto t0 = std::chrono::steady_clock::now();
  const MethodSpec* spec = find_method(method);
  std::optional<Error> failure;
  std::string answer;
  try {
    if (!spec) {
      // Echoed up to 200 bytes: a 10 MB name made a 10 MB message.
      fail(code::unknown_method, "method", "unknown method '%.*s%s'; call 'info' for the list", int(std::min<size_t>(method.size(), 200)),
           method.data(), method.size() > 200 ? "..." : "");
    }
    if (!method_enabled(spec->name)) {
      fail(code::disabled, "method", "%s is switched off in this engine's features", spec->name);
    }
    PackedArrays packed;  // the method's bulk numeric fields, read as doubles
    nlohmann::json request =
        parsed ? *parsed : parse_body(text, config_.limits, PackedRequest{spec->packed, config_.limits.max_array_items, packed});
    struct Release {  // on every way out, errors included
      nlohmann::json& doc;
      ~Release() { release_json(doc); }
    } release{request};
    outputs_.clear();
    CallContext ctx{*this,     config_.limits, config_.warn_unknown_fields, today(), utc_timestamp_now,
                    config_.today.has_value(), registry_, attachments_, packed, outputs_, {}};
    JsonWriter out(answer);
    out.begin_object();
    spec->handler(request, ctx, out);
    if (!call_warnings(ctx).empty()) write_warnings(out.key("warnings"), ctx.warnings);
    out.end_object();
  } catch (const NesteggError& e) {
    failure = e.error();
  } catch (const std::bad_alloc&) {
    failure = Error{code::too_large, "the request needs more memory than the engine can have", ""};
  } catch (const std::exception& e) {
    failure = Error{code::internal, std::string("internal error: ") + e.what(), ""};
  }
  if (failure) answer = error_text(*failure);  // what a handler had written so far is dropped
  const std::string error_code = failure ? failure->code : std::string();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::string label = spec ? spec->name : "unknown";
  metrics_.record(label, seconds, error_code);
  const LogLevel level = error_code.empty() ? LogLevel::info : error_code == code::internal ? LogLevel::error : LogLevel::warn;
  if (logger_.enabled(level)) {  // the line's fields only when someone reads them
    nlohmann::json fields = object({{"method", label}, {"ms", seconds * 1000}, {"ok", error_code.empty()}});
    if (!request_id.empty()) fields["request_id"] = std::string(request_id);
    if (failure) fields["error"] = error_json(*failure)["error"];
    logger_.log(level, "call", fields);
  }
  return answer;
}

std::string Engine::call(std::string_view method, std::string_view request_json, std::string_view request_id) {
  try {
    return dispatch(method, nullptr, request_json, request_id);
  } catch (...) {  // only memory for the error's own text could run out here; keep the promise anyway
    return R"({"error":{"code":"internal","field":"","message":"response could not be serialised"}})";
  }
}

nlohmann::json Engine::call_json(std::string_view method, const nlohmann::json& request, std::string_view request_id) {
  return nlohmann::json::parse(dispatch(method, &request, {}, request_id));
}

}  // namespace nestegg
