// SPDX-License-Identifier: MIT
#include "stable_order.hpp"

#include <algorithm>

namespace nestegg {

std::vector<uint32_t> stable_order(size_t n, FunctionRef<bool(uint32_t, uint32_t)> before) {
  std::vector<uint32_t> a(n), b(n);
  for (size_t i = 0; i < n; ++i) a[i] = uint32_t(i);
  // Runs of `width` merged in pairs, from 1 up; on a tie the left run's item goes first.
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      const size_t mid = std::min(lo + width, n), hi = std::min(lo + 2 * width, n);
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) b[k++] = before(a[j], a[i]) ? a[j++] : a[i++];
      while (i < mid) b[k++] = a[i++];
      while (j < hi) b[k++] = a[j++];
    }
    a.swap(b);
  }
  return a;
}

}  // namespace nestegg
