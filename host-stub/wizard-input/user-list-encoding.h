// user-list-encoding.h — the encoding of a user list, told from its bytes.
//
// A byte order mark is believed first (UTF-8, UTF-16 or UTF-32, either byte
// order); then UTF-16 without one, told by the NULs of its ASCII text;
// then UTF-8 when every byte is, NULs aside (a NUL is a problem of its row,
// no reason to read the file in a code page); else the code page given.

#pragma once

#include <glib.h>

// A user list's text, as UTF-8 but for the bytes of damaged rows (NULs
// among them: `len` is the truth).
typedef struct {
   const char *text; // the input's own bytes, or `owned`
   gsize len;
   char *owned;               // a conversion, or NULL
   const char *encoding;      // as shown: "UTF-16 (little-endian)", ...
   gboolean read_in_codepage; // converted from the code page given
} MhUserListText;

// Decodes `len` bytes of the file `name` into `out`, whose text may point
// into `data` (valid while `data` is). `codepage` is for text that is none
// of the Unicode forms; "UTF-8" takes such text as UTF-8 as it is. On
// failure the error names the file, the line and the encoding: a data error,
// or a usage error for a code page this system cannot convert from.
gboolean mh_user_list_decode (const char *data, gsize len, const char *name,
                              const char *codepage, MhUserListText *out,
                              GError **error);

// Frees what `d` owns.
void mh_user_list_text_clear (MhUserListText *d);

// The line (from 1) at byte `offset` of text in `iconv_name` (NULL: an
// encoding of single bytes), for messages.
unsigned mh_user_list_line_at (const char *data, gsize offset,
                               const char *iconv_name);
