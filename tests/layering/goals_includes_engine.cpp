// SPDX-License-Identifier: MIT
// Must NOT compile: a domain (goals) reaching up into the engine. tests/CMakeLists.txt builds this
// against nestegg_goals alone and expects the compiler to miss the header.
#include "engine.hpp"
