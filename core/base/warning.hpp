// SPDX-License-Identifier: MIT
// A warning a method gives alongside its answer: the answer stands, but the caller should know
// (a feature left out, a fold skipped). The same three facts as an error.
#pragma once
#include <string>

namespace nestegg {

struct Warning {
  std::string code;     // stable, machine-readable: "constant_feature"
  std::string message;  // for people; wording may change
  std::string field;    // dotted path of the input it is about; empty when none
};

}  // namespace nestegg
