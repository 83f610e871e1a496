// SPDX-License-Identifier: MIT
// JSON text to an nlohmann::json document, by a small recursive-descent reader instead of
// nlohmann's lexer and parser. Same grammar, same documents, same errors: what nlohmann accepts
// this accepts and builds the same document from (value types included: 7 is unsigned, -7
// signed, 7.0 a double; a repeated key keeps its last value; a UTF-8 BOM is skipped; a NUL byte
// between tokens ends the input), what it refuses this refuses with the same byte offset
// (tests/unit/json_reader_test.cpp fuzzes the two against each other).
//
// Why: reading requests was most of a small call's time in wasm. nlohmann's lexer copies every
// byte into a token buffer and reads every number with a fraction through strtod, which in the
// wasm build's libc (musl) does multi-precision arithmetic in software long doubles: ~1.3 us for
// a 17-digit number. Here numbers are read where they stand (decimal_fast_path's exact readers,
// integers without strtod, what those decline by exact_decimal's big-decimal reader: no strtod and
// no software long double in the .wasm), arrays are built at their final size, and nlohmann's parser templates
// no longer reach the .wasm.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "attachment.hpp"

namespace nestegg {

// A bulk numeric field a method reads, at a fixed path of object keys from the request's root
// ("design.rows"); a key "*" stands for any one key ("categories.*": each member of categories).
// The reader reads such an array straight into doubles (an Attachment) when it is exactly what
// the method accepts: numbers within [lo, hi] (a matrix: equal-length rows of them), at most
// `max_items` of them (a matrix: rows, and numbers in a row), nested within the depth limit.
// The document then holds an empty array there. Anything else (a string, a null, a ragged row, a value out of range, an
// empty array, too many items) is read into the document as ever, so the handler's own checks
// answer it with their usual errors: packing changes the cost of a call, never its answer.
// Why: 100 000 rows x 20 columns as a document are 2 million nodes and 100 000 arrays, built,
// copied into a matrix and torn down; packed they are one vector (a monthly series of 400 amounts:
// 5-8 % less a number in wasm, tests/bench/bench_json_boundary.mjs).
struct PackedField {
  const char* path;  // dotted object keys; null ends a list of them
  bool matrix;       // an array of equal-length arrays of numbers, else an array of numbers
  double lo, hi;
};

// What was packed, by the path it was found at: its keys joined by dots ("categories.rent"; a key
// holding a dot is never packed, so the path names one place). At most kMaxPackedArrays of them
// (no method takes more than 64 series): past that a request's arrays are read into the document,
// and a repeated key costs a scan of at most that many.
struct PackedArray {
  std::string path;
  Attachment data;
};
using PackedArrays = std::vector<PackedArray>;
inline constexpr size_t kMaxPackedArrays = 64;

struct PackedRequest {
  const PackedField* fields;  // ended by a null path; null for none
  int64_t max_items;
  PackedArrays& out;
};

// Throws nlohmann::json::parse_error (id 101, `byte` as nlohmann counts it: one past the byte
// where the reading failed, the length plus one at an unexpected end), NesteggError not_finite
// for a number no double can hold (1e400), and NesteggError too_large when arrays and objects
// nest deeper than `max_depth` or the document holds more than `max_values` values and keys
// (every number, string, literal, array, object and object key at any depth; a packed field's
// numbers are not in the document), named by the field where the count ran out.
nlohmann::json read_json(std::string_view text, int64_t max_depth, const PackedRequest* packed = nullptr,
                         int64_t max_values = INT64_MAX);

// Empties `doc` (it becomes null) without nlohmann's destructor walk: that walk moves every item
// of every array onto a stack of its own to avoid recursion, a third of the cost of a request of
// 400 numbers natively. This recursion is bounded by the depth the reader allowed.
void release_json(nlohmann::json& doc) noexcept;

}  // namespace nestegg
