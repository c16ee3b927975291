// fuzz-target.h — what every fuzz target shares: the libFuzzer entry points
// (declared here because the project builds with -Wmissing-prototypes) and
// the check that turns a broken invariant into a crash the fuzzer keeps.
//
// Each fuzz-<parser>.c is linked either with libFuzzer (-Dfuzzing=true, see
// scripts/fuzz) or with replay-main.c, which runs it once over every file of
// its committed corpus: the same code is a fuzzer and a regression test.

#pragma once

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);
// Defined once, in fuzz-glib.c, for every target: it makes GLib's criticals
// and warnings fatal.
int LLVMFuzzerInitialize (int *argc, char ***argv);

// Rationale: abort(), not g_assert(): g_assert vanishes under
// G_DISABLE_ASSERT, and both libFuzzer and the replay runner must see a
// broken invariant as a crash whatever the build.
#define FUZZ_CHECK(cond)                                                       \
   do {                                                                        \
      if (!(cond)) {                                                           \
         fprintf (stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
                  #cond);                                                      \
         abort ();                                                             \
      }                                                                        \
   } while (0)
