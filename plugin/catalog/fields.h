// fields.h — the values an entry's @FIELD@ placeholders are filled with, and
// the rendering of an entry into the host's buffer.

#pragma once

#include <glib.h>

#include "catalog.h"

// What a field that nobody set renders as, so that text never shows a raw
// @FIELD@. explain.c sets the same word for values it does not know.
#define MMFG_FIELD_UNKNOWN "unknown"

// A set of FIELD -> value pairs. Values are sanitised when rendered.
typedef struct MmfgFields MmfgFields;

MmfgFields *mmfg_fields_new (void);
void mmfg_fields_free (MmfgFields *fields);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgFields, mmfg_fields_free)
// Sets FIELD (upper case, eg "USER") to a copy of value; NULL value unsets.
void mmfg_fields_set (MmfgFields *fields, const char *name, const char *value);
void mmfg_fields_set_printf (MmfgFields *fields, const char *name,
                             const char *format, ...) G_GNUC_PRINTF (3, 4);
const char *mmfg_fields_get (const MmfgFields *fields, const char *name);

// Renders the entry's subject, a blank line, and its body with placeholders
// replaced by sanitised values (control characters and terminal escapes
// removed; values are never used as format strings). Writes at most `size`
// bytes including the NUL, cut at a UTF-8 boundary, and returns the length the
// whole text needs, excluding the NUL (snprintf-style). `buf` may be NULL if
// size is 0.
gsize mmfg_fields_render (const MmfgCatalogEntry *entry,
                          const MmfgFields *fields, char *buf, gsize size);

// Fields without a value render as MMFG_FIELD_UNKNOWN; a '@' that does not
// start a @NAME@ (NAME of A-Z, 0-9, _) stays as it is.

// A copy of `value` with control characters (C0, DEL, C1) and terminal escape
// sequences (ESC [ ... final, OSC/DCS/APC/PM/SOS strings up to BEL or ST,
// their C1 forms, other ESC sequences) removed and invalid UTF-8 replaced by
// U+FFFD. Newlines and tabs are kept only when `keep_newlines`; otherwise
// each becomes one space, so words on either side stay apart. NULL gives "".
char *mmfg_sanitise (const char *value, gboolean keep_newlines);

// The distinct NAMEs of the @NAME@ placeholders in `text`, in order of first
// use; NULL-terminated, free with g_strfreev. For the catalog check.
char **mmfg_fields_placeholders (const char *text);
