// mmf-folder.h — the post office's MMF folder as migrate finds its files:
// listed once per pass of a run, then every account's MMF is a hash look-up
// whatever the case of its name. Listing the folder for each account made
// a re-run quadratic (58 s at 10,000 accounts).

#pragma once

#include <glib.h>

typedef struct MhMmfFolder MhMmfFolder;

// The MMF folder of `postoffice` (MAILDATA; the folder named MMF in any
// case), listed now. Never NULL: a folder that cannot be listed makes
// every look-up fail, naming why.
MhMmfFolder *mh_mmf_folder_new (const char *postoffice);
void mh_mmf_folder_free (MhMmfFolder *folder);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhMmfFolder, mh_mmf_folder_free)

// Lists the folder again: between passes a client may have created or
// removed a file. [not while look-ups run]
void mh_mmf_folder_refresh (MhMmfFolder *folder);

// The path of MMF/<hex_id>.MMF, matched ignoring case (a Linux file server
// may hold names in either case). NULL with an error naming the account's
// file when `hex_id` is not 8 hex digits, no such file is listed, the
// folder could not be listed, or two names differ only in case (which one
// the wizard would open cannot be told: neither is copied; *ambiguous is
// then TRUE). [thread-safe between refreshes]
char *mh_mmf_folder_find (const MhMmfFolder *folder, const char *hex_id,
                          gboolean *ambiguous, GError **error);

// The folder's other MMF names that are the same file as `path` (a hard
// link: the same device and inode), as paths fit to print joined by ", ";
// NULL when there is none. Nothing more than one lstat for a file with one
// link; the names' inodes are read once a pass, at the first file with
// more. [thread-safe between refreshes]
char *mh_mmf_folder_same_file (MhMmfFolder *folder, const char *path);
