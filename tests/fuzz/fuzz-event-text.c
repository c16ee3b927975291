// fuzz-event-text.c — the wizard's event description (event-text.h) over any
// bytes. The text is the host's event log line: it embeds a user name and a
// path that an MS Mail user or administrator chose.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

#include "event-text.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   // The parser takes a C string: the input up to its first NUL, copied so
   // that ASan sees the exact end of it.
   g_autofree char *text = g_strndup ((const char *) data, size);

   MmfgEventText out;
   memset (&out, 0xa5, sizeof out); // the parser must set every field
   gboolean found = mmfg_event_text_parse (text, &out);
   if (!found) {
      FUZZ_CHECK (out.event_id == 0 && out.user == NULL && out.path == NULL);
      return 0;
   }
   FUZZ_CHECK (out.event_id == 7000 || out.event_id == 7007);
   // Values come back trimmed; an empty one would be NULL instead.
   FUZZ_CHECK (out.user == NULL || out.user[0] != '\0');
   FUZZ_CHECK (out.path == NULL || out.path[0] != '\0');
   FUZZ_CHECK (out.user == NULL || strlen (out.user) <= strlen (text));
   FUZZ_CHECK (out.path == NULL || strlen (out.path) <= strlen (text));
   mmfg_event_text_clear (&out);
   FUZZ_CHECK (out.event_id == 0 && out.user == NULL && out.path == NULL);
   return 0;
}
