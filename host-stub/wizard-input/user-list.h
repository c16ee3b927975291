// user-list.h — the migration wizard's user list (CSV), as mig-host reads it.
//
// Format (the wizard's export, Q150438, plus two columns of mig-host's own):
// - Any lines before the header row are skipped: the wizard writes the post
//   office's lines first. The header row is the first line whose first field,
//   trimmed, is SFS_UserName (any case).
// - Columns are found by header name, in any order and any case:
//     SFS_UserName        required; the account's MS Mail name.
//     SFS_FullName        optional; the full name.
//     MigrateUser         optional; Y (or empty) migrates, N skips the row
//                         (any case); anything else is a row problem.
//     Hex-ID              optional; the mailbox's 8-hex-digit id naming
//                         MMF/<Hex-ID>.MMF. Passed on as written: the plugin,
//                         not the list, decides whether it is valid.
//     Password-Recovered  optional; when the administrator recovered the
//                         password, ISO 8601: 2024-03-01T09:30:00Z, without
//                         seconds (2024-03-01T09:30Z) or a date alone
//                         (midnight). A time without a zone is taken as UTC.
//   Other columns (Obj-Class, Mode, Common-Name, ...) are read and ignored.
// - Separator: the one after SFS_UserName in the header row: a comma, a
//   semicolon (what Excel writes as CSV where the decimal mark is a comma)
//   or a tab.
// - RFC 4180 quoting: a field in double quotes may hold separators, line
//   breaks and doubled quotes (""). Lines end as the file's first line does:
//   in LF or CRLF (the two may mix), or in CR alone. Spaces (and tabs, when
//   tab is not the separator) around unquoted fields are trimmed.
// - Encoding, from the bytes: a byte order mark (UTF-8, UTF-16 or UTF-32,
//   either byte order) says it; else UTF-16 without one is told by the NULs
//   of its ASCII text; else UTF-8 when the whole file is valid UTF-8 (a NUL
//   byte does not change that); else the Windows ANSI code page given
//   (CP1252 unless told otherwise: the wizard writes the system's code page).
// - Control characters: the columns that name and decide an account
//   (SFS_UserName, MigrateUser, Hex-ID, Password-Recovered) hold none; the
//   others may hold tabs and, when quoted, line breaks. A NUL or any other
//   control character (C0, DEL, C1) anywhere else is a problem of its row:
//   the field is never cut at it.
// - A row with a wrong field (an empty name, a MigrateUser other than Y/N, a
//   time that is not ISO 8601, text that is not UTF-8, a control character)
//   does not stop the run: its account carries the problem (file, line,
//   column, reason) and is blocked. Two accounts with the same Hex-ID both
//   carry a problem naming each other.
// - Rows whose fields are all empty are skipped. A user listed twice (names
//   compared ignoring case, as MS Mail does) is an error: which row is
//   meant cannot be told.
// - Limits (the list is refused beyond them, naming the file and line):
//   MH_USER_LIST_MAX_BYTES, MH_USER_LIST_MAX_ROW_BYTES,
//   MH_USER_LIST_MAX_ACCOUNTS. An empty file is refused as such.

#pragma once

#include <glib.h>
#include <stdint.h>

// Rationale: a list is read whole into memory, so a hostile or mistaken
// file (a row of ten million commas, a disk image given as --users) must be
// refused at a bound, not read. A row of the wizard's columns holding MS
// Mail names and ids is short; the bounds are far above any such list:
// - a file of up to 64 MiB (640 bytes per account at the account limit);
#define MH_USER_LIST_MAX_BYTES ((gsize) 64 * 1024 * 1024)
// - a row of up to 64 KiB, line end not counted (also what bounds a field
//   and the number of fields in a row);
#define MH_USER_LIST_MAX_ROW_BYTES ((gsize) 64 * 1024)
// - up to 100,000 accounts (rows naming one, MigrateUser N included): ten
//   times the 10,000-account post office mig-host is measured with.
#define MH_USER_LIST_MAX_ACCOUNTS 100000u

typedef struct {
   // SFS_UserName, trimmed, valid UTF-8, never empty, no control
   // characters: in a row with a problem, bytes that are not text are
   // written as \xNN.
   char *user;
   // SFS_FullName, or NULL when the column is absent or the field empty.
   char *full_name;
   // Hex-ID as written (trimmed; escaped like `user` in a row with a
   // problem), or NULL when absent or empty.
   char *hex_id;
   // Password-Recovered as Unix seconds, 0 when absent or empty.
   int64_t password_recovered_at;
   // The line in the file where the row starts (from 1).
   unsigned line;
   // Why this account cannot be migrated as listed ("users.csv, line 7,
   // column 8 (Password-Recovered): ..."), or NULL. The host blocks it.
   char *problem;
} MhUserEntry;

typedef struct {
   // The file it was read from, as given, and made displayable.
   char *path;
   char *shown_path;
   // How the text was read: "UTF-8", "UTF-8 (with BOM)", "UTF-16
   // (little-endian)", ..., or the code page.
   char *encoding;
   // Whether it was read in the code page (not told by its bytes).
   gboolean read_in_codepage;
   // The column separator: ',', ';' or '\t'.
   char separator;
   // MhUserEntry *, in file order, rows with MigrateUser=N left out.
   GPtrArray *entries;
   // How many rows MigrateUser=N skipped.
   unsigned n_not_migrated;
   // How many rows named an account (MigrateUser=N included).
   unsigned n_rows;
   // The header row's names, in column order.
   GStrv header;
   // Private: case-folded SFS_UserName -> entry (owned by `entries`).
   GHashTable *by_name;
} MhUserList;

// Reads a user list file; `codepage` (NULL: CP1252) is the encoding of a
// file that is not UTF-8. On failure the error names the file, line and
// column, the cause, and what to change.
MhUserList *mh_user_list_load (const char *path, const char *codepage,
                               GError **error);

// Parses `len` bytes of user list text; `name` is the file name used in
// messages.
MhUserList *mh_user_list_parse_encoded (const char *data, gsize len,
                                        const char *name, const char *codepage,
                                        GError **error);

// mh_user_list_parse_encoded with CP1252 for text that is not UTF-8.
MhUserList *mh_user_list_parse (const char *data, gsize len, const char *name,
                                GError **error);

void mh_user_list_free (MhUserList *list);

// The entry whose SFS_UserName equals `user` ignoring case, or NULL.
const MhUserEntry *mh_user_list_find (const MhUserList *list, const char *user);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhUserList, mh_user_list_free)
