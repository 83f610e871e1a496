// SPDX-License-Identifier: MIT
#include "train_options.hpp"

#include "error.hpp"
#include "format_text.hpp"

namespace nestegg {

ParsedTrainOptions read_train_options(const Fields& f, ParsedTrainOptions base) {
  ParsedTrainOptions o = std::move(base);
  o.spec.target = f.text_or("target", o.spec.target, 1, kMaxName);
  if (f.has("features")) o.spec.tokens = f.texts("features", 0, 64);
  o.train.fit.ridge = f.number_or("ridge", o.train.fit.ridge, Range{0, 1e6});
  o.train.fit.intercept = f.boolean_or("intercept", o.train.fit.intercept);
  o.train.fit.solver = f.choice_or("solver", o.train.fit.solver.c_str(), {"auto", "qr", "normal"});
  o.train.cv_folds = int(f.integer_or("cv_folds", o.train.cv_folds, 0, 20));
  try {
    validate_features(o.spec);
  } catch (const NesteggError& e) {  // re-home the field under this object's path
    Error err = e.error();
    err.field = f.path(err.field);
    throw NesteggError(err);
  }
  return o;
}

Experiment read_variants(const nlohmann::json& variants, const FieldPath& at, CallContext* ctx) {
  Experiment e;
  for (size_t i = 0; i < variants.size(); ++i) {
    const FieldPath here = at[i];
    const Fields vf(variants[i], here);
    Variant v;
    v.name = vf.text("name", 1, 64);
    v.weight = vf.number_or("weight", 1, Range{1e-6, 1e6});
    const nlohmann::json* given = vf.optional_value("options");
    const nlohmann::json options = given ? *given : nlohmann::json::object();
    const Fields of(options, FieldPath(here.text(), "options"));
    read_train_options(of);  // validated now, not at training time
    if (ctx) warn_unread(of, *ctx);
    v.options = of.read_members().dump();  // what was warned about as ignored is not kept either
    for (const Variant& other : e.variants) {
      if (other.name == v.name) fail_at(code::invalid_value, FieldPath(here.text(), "name"), " repeats '%.*s'", int(v.name.size()), v.name.data());
    }
    if (ctx) warn_unread(vf, *ctx);
    e.variants.push_back(std::move(v));
  }
  return e;
}

}  // namespace nestegg
