// postoffice-path.h — checking the --postoffice argument.
//
// The host checks only what a user can get wrong on the command line (no
// such folder, the parent of MAILDATA given instead of MAILDATA itself, a
// name that is not UTF-8); what is wrong inside a post office is the
// plugin's to find and explain.

#pragma once

#include <glib.h>

// Returns the absolute path of the MAILDATA folder `dir`, or NULL with an
// error naming it and saying what to give instead.
char *mig_postoffice_path (const char *dir, GError **error);
