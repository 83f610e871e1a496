// SPDX-License-Identifier: MIT
// The exact decimal conversions against glibc, which reads and prints exactly (multi-precision):
// decimal_text_to_double against strtod bit for bit, format_general / format_fixed against
// snprintf's %.Ng / %.Nf byte for byte, on random numbers and on the hard cases: points exactly
// halfway between two doubles (printed to 800 digits), 20 to 800 digits, subnormals, the edges of
// overflow to infinity and of underflow to zero, and ties in printing.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "exact_decimal.hpp"
#include "money.hpp"

using nestegg::decimal_text_to_double;
using nestegg::format_fixed;
using nestegg::format_general;

namespace {

uint64_t bits(double x) {
  uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

void reads_as_strtod(const std::string& s) {
  INFO(s);
  CHECK(bits(decimal_text_to_double(s.data(), s.data() + s.size())) == bits(std::strtod(s.c_str(), nullptr)));
}

void prints_as_snprintf(double x, int precision, bool general) {
  char format[16], expected[1200];
  std::snprintf(format, sizeof format, general ? "%%.%dg" : "%%.%df", precision);
  std::snprintf(expected, sizeof expected, format, x);
  INFO(format << " of " << std::hexfloat << x);
  CHECK((general ? format_general(x, precision) : format_fixed(x, precision)) == expected);
}

// A JSON number: a sign, `count` digits (no leading zero), maybe a point, maybe an exponent.
std::string random_number(std::mt19937_64& rng, int count, int max_exponent) {
  std::string s = rng() % 2 ? "-" : "";
  s += char('1' + rng() % 9);
  for (int i = 1; i < count; ++i) s += char('0' + rng() % 10);
  const size_t sign = s[0] == '-' ? 1 : 0;
  if (rng() % 2 && count > 1) s.insert(sign + 1 + rng() % (count - 1), ".");
  if (rng() % 2) s += "e" + std::to_string(int64_t(rng() % (2 * max_exponent + 1)) - max_exponent);
  return s;
}

}  // namespace

TEST_CASE("decimal text reads as glibc's strtod: random numbers of 1 to 60 digits") {
  std::mt19937_64 rng(17);
  for (int i = 0; i < 300000; ++i) reads_as_strtod(random_number(rng, 1 + int(rng() % (i % 10 == 0 ? 60 : 25)), 350));
  for (int i = 0; i < 2000; ++i) reads_as_strtod(random_number(rng, 20 + int(rng() % 780), 400));
}

TEST_CASE("decimal text reads as glibc's strtod: halfway points, their neighbours and the edges") {
  std::mt19937_64 rng(18);
  char text[1200];
  for (int i = 0; i < 20000; ++i) {
    // Halfway between a random double and the next: exact in long double (64-bit significand on
    // x86-64), printed with every digit; then the same a little above and a little below.
    uint64_t b = rng() & 0x7FEFFFFFFFFFFFFF;
    if (i % 4 == 0) b &= 0x000FFFFFFFFFFFFF;  // subnormals
    double x;
    std::memcpy(&x, &b, sizeof x);
    const long double mid = (static_cast<long double>(x) + std::nextafter(x, INFINITY)) / 2;
    std::snprintf(text, sizeof text, "%.780Le", mid);
    reads_as_strtod(text);
    std::string s = text;
    const size_t e = s.find('e');
    reads_as_strtod(s.substr(0, e) + "1" + s.substr(e));     // above: a digit past the halfway point
    std::string below = s.substr(0, e);
    while (below.back() == '0') below.pop_back();
    if (below.back() != '.') {
      --below.back();
      reads_as_strtod(below + "9999" + s.substr(e));           // below
    }
  }
  for (const char* s :
       {"0", "-0", "0.000", "0e999999", "1e-999999", "1e999999", "-1e400", "4.9406564584124654e-324",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125",
        "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125000000000000000000000000001",
        "2.2250738585072011e-308", "2.2250738585072014e-308", "1.7976931348623157e308", "1.7976931348623158e308",
        "1.7976931348623158079e308", "1.7976931348623159e308", "17976931348623158079372897140530341507993413271003782693617377898044496829276475094664901797758720709633028641669288791094655554785194040263065748867150582068190890200070838367627385484581771153176447573027006985099187464747727437041919542616716467547932286722917542106432151986008437765219183014473117.5e0",
        "9007199254740993", "9007199254740993.0000000000000000000000000000000000001", "9007199254740992.9999999999999999",
        "0.1000000000000000055511151231257827021181583404541015625", "0.1000000000000000055511151231257827021181583404541015624",
        "0.1000000000000000055511151231257827021181583404541015626", "123456789012345678901234567890", "1"}) {
    reads_as_strtod(s);
  }
  reads_as_strtod("1" + std::string(400, '0') + "e-400");   // 1, from 401 digits
  reads_as_strtod("0." + std::string(300, '0') + "1e300");   // 0.1, after 300 zeros
  reads_as_strtod(std::string(900, '9') + "e-900");          // past 800 digits: the dropped ones count
  reads_as_strtod("1" + std::string(310, '0'));              // 1e310: infinity
  // Exponents past any double, brought back by the digits' own point: 1e9 and 1.5e-7 exactly.
  reads_as_strtod("0." + std::string(999990, '0') + "1e1000000");
  reads_as_strtod("15" + std::string(999999, '0') + "e-1000006");
  reads_as_strtod("1e" + std::string(30, '0') + "5");         // an exponent written with 31 digits
  reads_as_strtod("1e-99999999999999999999");
  reads_as_strtod("-1e99999999999999999999");
}

TEST_CASE("doubles print as glibc's snprintf %.Ng and %.Nf") {
  std::mt19937_64 rng(19);
  for (int i = 0; i < 300000; ++i) {
    double x;
    const uint64_t b = rng();
    if (i % 3 == 0) std::memcpy(&x, &b, sizeof x);  // any double, NaN and infinities included
    else if (i % 3 == 1) x = double(int64_t(rng() % 2000001) - 1000000) / double(1 + rng() % 1000);  // money-like
    else x = std::ldexp(double(rng() % 100000), int(rng() % 80) - 60);  // short binary fractions: ties
    const bool general = rng() % 2;
    if (!general && std::fabs(x) > 1e30) continue;  // %f of a huge number: long, and tested below
    prints_as_snprintf(x, int(rng() % 18), general);
  }
  for (double x : {0.0, -0.0, 0.5, 1.5, 2.5, -2.5, 0.125, 0.25, 0.05, 0.15, 0.35, 1e21, 1e-5, 1e-4, 123456789012.0,
                   9.9999999999e5, 9.5, 99.5, 0.0095, 1e100, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308,
                   -HUGE_VAL, HUGE_VAL, std::nan("")}) {
    for (int precision : {0, 1, 2, 3, 9, 10, 17, 30}) {
      prints_as_snprintf(x, precision, true);
      prints_as_snprintf(x, precision, false);
    }
  }
}

TEST_CASE("money in a sentence is the cent to_cents gives, two decimals, never -0.00") {
  // Exact binary halves of a cent: printf's %.2f rounds them half to even, money half away from zero.
  CHECK(nestegg::money_text(0.125) == "0.13");
  CHECK(nestegg::money_text(-0.125) == "-0.13");
  CHECK(nestegg::money_text(5999.625) == "5999.63");
  CHECK(nestegg::money_text(625) == "625.00");
  CHECK(nestegg::money_text(-0.001) == "0.00");
  CHECK(nestegg::money_text(1e12) == "1000000000000.00");
  // Against glibc's %.2f of the rounded value, over random amounts of up to 1e9 with sub-cent parts.
  std::mt19937_64 rng(7);
  char expected[64];
  for (int i = 0; i < 100000; ++i) {
    const double x = double(int64_t(rng() % 2000000000001) - 1000000000000) / 1000.0;
    const double cents = nestegg::to_cents(x);
    std::snprintf(expected, sizeof expected, "%.2f", cents);
    REQUIRE(nestegg::money_text(x) == expected);
  }
}
