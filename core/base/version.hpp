// SPDX-License-Identifier: MIT
#pragma once

#ifndef NESTEGG_VERSION
#define NESTEGG_VERSION "0.0.0-dev"
#endif

namespace nestegg {
inline constexpr const char* kVersion = NESTEGG_VERSION;
}
