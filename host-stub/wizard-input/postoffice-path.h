// postoffice-path.h — checking the --postoffice argument (and reading the
// --users list that goes with it).
//
// The host checks only what a user can get wrong on the command line (no
// such folder, the parent of MAILDATA given instead of MAILDATA itself, a
// name that is not UTF-8); what is wrong inside a post office is the
// plugin's to find and explain.

#pragma once

#include "wizard-input/user-list.h"

#include <glib.h>

// Returns the absolute path of the MAILDATA folder `dir`, or NULL with an
// error naming it and saying what to give instead.
char *mh_postoffice_path (const char *dir, GError **error);

// TRUE when the folder `path` lacks a post office's layout entirely:
// nothing named GLB or MMF, in any case. A folder holding either is a post
// office, however damaged, and the plugin's to judge; so is one that cannot
// be listed.
gboolean mh_postoffice_lacks_layout (const char *path);

// What --postoffice and --users give together: the checked MAILDATA folder
// (as mh_postoffice_path) and the user list read from `users_csv` in
// `codepage` when it is not UTF-8 (--users-encoding; NULL: CP1252), both
// newly allocated. A list without a Hex-ID column (no account could be
// found on the post office) or without any account is an error
// (MH_HOST_ERROR_DATA). On failure sets `error` (the folder's first) and
// leaves `path` and `list` untouched.
gboolean mh_postoffice_load (const char *dir, const char *users_csv,
                             const char *codepage, char **path,
                             MhUserList **list, GError **error);

// `path` with every link and ".." resolved, also when its last components
// do not exist yet (a file or folder to be created). Newly allocated.
char *mh_postoffice_resolve (const char *path);

// TRUE when `path` (existing or to be made) is the folder `postoffice` or
// lies inside it: by name with links resolved (without case where the file
// system ignores it), and on Linux by the folders' identity too (a bind
// mount). *same is TRUE when it is the post office itself.
gboolean mh_postoffice_contains (const char *postoffice, const char *path,
                                 gboolean *same);
