// SPDX-License-Identifier: MIT
// A bulk numeric input held as doubles, not as a JSON document of one node per number: an array
// the host handed over as a typed array (the wasm build's "attachment:NAME"), or one the request
// reader packed as it read the text (json_reader.hpp, PackedField).
#pragma once
#include <cstdint>
#include <vector>

namespace nestegg {

struct Attachment {
  std::vector<double> values;  // row-major
  int64_t rows = 0;
  int64_t cols = 0;  // 1 for a vector
};

}  // namespace nestegg
