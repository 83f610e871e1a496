// SPDX-License-Identifier: MIT
#include "call_context.hpp"

#include "request.hpp"

namespace nestegg {

void warn_unread(const Fields& fields, CallContext& ctx) {
  if (!ctx.warn_unknown_fields) return;
  for (const auto& path : fields.unread()) {
    ctx.warnings.push_back({"unknown_field", path + " is not a field of this method; it was ignored", path});
  }
}

nlohmann::json warnings_json(const std::vector<Warning>& warnings) {
  nlohmann::json out = nlohmann::json::array();
  for (const Warning& w : warnings) out.push_back(object({{"code", w.code}, {"message", w.message}, {"field", w.field}}));
  return out;
}

}  // namespace nestegg
