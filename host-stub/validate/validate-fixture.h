// validate-fixture.h — a tiny post office the conformance cases ask about,
// so that a plugin has real files to answer on (and text to write).
//
// MAILDATA/ with the wizard's folders, GLB files for one user, and one MMF
// (MMF/00000A01.MMF, 4 KiB, dated two days back); 00000B0B has no MMF.

#pragma once

#include "mig-plugin.h"

#include <glib.h>

#define MH_VALIDATE_HEX_PRESENT "00000A01"
#define MH_VALIDATE_HEX_MISSING "00000B0B"

typedef struct {
   char *root;
   char *maildata;
   char *mmf_present; // MAILDATA/MMF/00000A01.MMF
   char *mmf_missing; // MAILDATA/MMF/00000B0B.MMF (absent)
} MhValidateFixture;

gboolean mh_validate_fixture_make (MhValidateFixture *f, GError **error);
void mh_validate_fixture_clear (MhValidateFixture *f);
