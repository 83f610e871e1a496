// SPDX-License-Identifier: MIT
// The normal tail from basic operations (normal_cdf.hpp) against 200-bit mpmath
// values: within the ulp bounds the header states, and the identities the callers rely on.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstdint>
#include <cstring>

#include "normal_cdf.hpp"

using namespace nestegg;

namespace {

struct Ref {
  double x, value;
};

// Generated with mpmath 1.3.0 at 200 bits: Q(z) = ncdf(-z) at the doubles given,
// each the double nearest the true value.
const Ref kUpperTail[] = {
    {0, 0.5},
    {1e-300, 0.5},
    {1e-08, 0.4999999960105772},
    {0.1, 0.460172162722971},
    {0.5, 0.3085375387259869},
    {0.7499999999999999, 0.22662735237686824},
    {0.75, 0.2266273523768682},
    {0.8248366864394328, 0.20473215772784575},
    {1, 0.15865525393145705},
    {1.5, 0.06680720126885807},
    {1.959963984540054, 0.025000000000000012},
    {2.180636572176277, 0.014605153923051957},
    {2.5, 0.006209665325776135},
    {3, 0.0013498980316300946},
    {4, 3.1671241833119924e-05},
    {5, 2.866515718791939e-07},
    {6, 9.86587645037698e-10},
    {8, 6.220960574271784e-16},
    {10, 7.619853024160525e-24},
    {15, 3.670966199312751e-51},
    {20, 2.7536241186062337e-89},
    {26, 2.4760633155033892e-149},
    {30, 4.906713927148187e-198},
    {37.5, 4.605353009581955e-308},
    {38.4, 6.4e-323},
    {0.24287457362487178, 0.4040512816023535},
    {0.11313688044337644, 0.4549610181611409},
    {0.4882008547798903, 0.31270378958099504},
    {0.05432721500065707, 0.47833723356549107},
    {0.4019115032300169, 0.3438745783072041},
    {0.2742666876844392, 0.3919398413310544},
    {0.0434991935810301, 0.48265180367417415},
    {0.38057679989206517, 0.35175864953005515},
    {0.834365231494466, 0.20203760171007967},
    {1.7257027882403682, 0.04220044808854343},
    {0.9071747030428926, 0.1821572094442564},
    {0.9541042800236964, 0.1700154299132264},
    {1.7051681755706565, 0.04408153177065712},
    {2.6104172805120855, 0.004521591973255219},
    {1.0285544125867025, 0.15184455465894534},
    {1.2522876703657828, 0.10523252998789491},
    {2.161724750412576, 0.01531969935180172},
    {2.882345120528263, 0.0019736356681429455},
    {2.048481634389372, 0.020256414918931584},
    {1.6425310679642553, 0.05023999652672386},
    {37.1689286957522, 1.0842989656129909e-302},
    {4.630393821621469, 1.8248545017605571e-06},
    {33.04639606670378, 8.762762078448304e-240},
    {13.13632502160867, 1.0194547512747797e-39},
    {8.048927917510314, 4.176120939758566e-16},
    {7.122728332742892, 5.290562747966247e-13},
    {13.796863843567703, 1.3309155434233257e-43},
    {31.5644225692011, 5.684703414246754e-219},
    {-0.3, 0.6179114221889527},
    {-1, 0.8413447460685429},
    {-1.959963984540054, 0.975},
    {-3, 0.9986501019683699},
    {-8, 0.9999999999999993},
    {-40, 1.0},
};
// Doubles between a and b (both finite, of one sign or zero): the distance in units in the last place.
int64_t ulps_apart(double a, double b) {
  int64_t ia, ib;
  std::memcpy(&ia, &a, sizeof a);
  std::memcpy(&ib, &b, sizeof b);
  return ia > ib ? ia - ib : ib - ia;
}

}  // namespace

TEST_CASE("normal_upper_tail is within its ulp bound of mpmath's, from the centre to the last subnormal") {
  for (const Ref& r : kUpperTail) {
    INFO("z = " << r.x);
    const bool cody = r.x >= 0.75 && r.x < 5.656854249492381;  // the rational's range: 8 ulp, else 4
    CHECK(ulps_apart(normal_upper_tail(r.x), r.value) <= (cody ? 8 : 4));
    CHECK(normal_cdf(-r.x) == normal_upper_tail(r.x));
  }
  CHECK(normal_upper_tail(0) == 0.5);
  CHECK(normal_upper_tail(41) == 0);
  CHECK(normal_upper_tail(INFINITY) == 0);
  CHECK(normal_upper_tail(-INFINITY) == 1);
  CHECK(std::isnan(normal_upper_tail(NAN)));
  // Monotone across the switches: series to rational at 0.75, rational to continued fraction at 4 sqrt 2.
  CHECK(normal_upper_tail(0.7499999999999999) >= normal_upper_tail(0.75));
  CHECK(normal_upper_tail(5.6568542494923797) >= normal_upper_tail(5.656854249492381));
}
