// event-text.h — recognising a migration wizard event from its logged text.
//
// The wizard's templates (Q168606):
//   7000: Could not migrate PAB file for account: {user}. PAB (MMF)Path
//   '{path}'. 7007: Could not migrate MMF file for Account: {user}. MMF Path
//   '{path}'.
// and the Exchange 5.5 equivalents 151/135. Real text is wrapped over lines,
// re-spaced, cut, or differs in case; this parser copes with all of that.

#pragma once

#include <glib.h>

typedef struct {
   guint event_id; // 0 when not recognised
   char *user;     // owned; NULL when absent
   char *path;     // owned; NULL when absent (or cut before the path)
} MmfgEventText;

// Recognises `description` (any length, any bytes). Returns FALSE and leaves
// `out` zeroed when it is none of the known templates.
gboolean mmfg_event_text_parse (const char *description, MmfgEventText *out);
void mmfg_event_text_clear (MmfgEventText *text);
