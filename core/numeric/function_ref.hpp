// SPDX-License-Identifier: MIT
// A reference to a callable that the callee only calls while it runs: what an optimiser needs of
// its objective. std::function owns a copy behind a type-erased manager, and each lambda given to
// one put a vtable, a manager and the lambda's RTTI name (its whole mangled signature) into the
// .wasm; here a call is one indirect call through a plain function pointer, and nothing else is
// generated. It binds lvalues only, so a temporary lambda that would die before the call does not
// compile: name it first.
#pragma once
#include <type_traits>
#include <utility>

namespace nestegg {

template <class Signature>
class FunctionRef;

template <class R, class... Args>
class FunctionRef<R(Args...)> {
 public:
  template <class F, class = std::enable_if_t<!std::is_same_v<std::remove_cv_t<F>, FunctionRef>>>
  FunctionRef(F& f)  // NOLINT(google-explicit-constructor): stands where a callable is expected
      : object_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, Args... args) -> R { return (*static_cast<F*>(o))(std::forward<Args>(args)...); }) {}

  // A const temporary would bind to F& above (F deduced const) and die before the call.
  template <class F>
  FunctionRef(const F&&) = delete;

  R operator()(Args... args) const { return call_(object_, std::forward<Args>(args)...); }

 private:
  void* object_;
  R (*call_)(void*, Args...);
};

}  // namespace nestegg
