// display-text.h — make untrusted text safe to print on a terminal.
//
// User lists, plugin answers and file names come from outside; their bytes
// must never reach a terminal as escape sequences or as invalid UTF-8.

#pragma once

#include <glib.h>
#include <stdio.h>

typedef enum {
   MH_DISPLAY_ONE_LINE = 0,
   // Keep line breaks and tabs (multi-line plugin text); every other control
   // character is still escaped.
   MH_DISPLAY_KEEP_LINES = 1 << 0,
} MhDisplayFlags;

// Returns a newly allocated copy of `len` bytes of `text` (len < 0: up to the
// NUL) in which invalid UTF-8 bytes are written as \xNN and control and
// invisible format characters (C0, DEL, C1, bidi overrides) as \xNN or
// \u{NNNN}. A backslash is kept as is. `text` may be NULL (gives "").
char *mh_display_text (const char *text, gssize len, MhDisplayFlags flags);

// The same for a file name, which may be in any encoding.
char *mh_display_path (const char *path);

// Appends `text` (plugin text, may span lines) made safe as
// mh_display_text does with MH_DISPLAY_KEEP_LINES, each non-empty line
// indented by `indent` spaces and ended by "\n".
void mh_display_append_block (GString *out, const char *text, int indent);

// mh_display_append_block, printed on `out`.
void mh_display_print_block (FILE *out, const char *text, int indent);
