// SPDX-License-Identifier: MIT
// One bank-statement line, as every insights method takes it. The amount is signed the way a
// statement prints it: negative = money out (a purchase, a charge), positive = money in (salary,
// a refund). Category and account are free text and may be empty.
#pragma once
#include <string>

#include "civil_date.hpp"

namespace nestegg {

struct Transaction {
  Date date;
  double amount = 0;
  std::string description;
  std::string category;
  std::string account;
};

}  // namespace nestegg
