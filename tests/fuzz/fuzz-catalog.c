// fuzz-catalog.c — catalog text (catalog.h mmfg_catalog_parse) over any
// bytes, then what the plugin does with a catalog it accepted: every entry
// looked up by its keys and rendered. A site catalog is written by whoever
// administers the migration host; it must not be able to crash the host.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

#include "catalog.h"
#include "fields.h"

// The name decides the language of entries whose id line has none.
#define FILE_NAME "site.de.catalog"

static void
check_entry (const MmfgCatalog *catalog, const MmfgCatalogEntry *e,
             const MmfgFields *fields)
{
   FUZZ_CHECK (e->message_id != NULL && strlen (e->message_id) == 32);
   FUZZ_CHECK (e->lang != NULL && e->source != NULL && e->cause != NULL);
   FUZZ_CHECK (e->subject != NULL && e->body != NULL);
   FUZZ_CHECK (e->defined_by != NULL && e->documentation != NULL);

   // Duplicates are refused, so each entry is the answer to its own keys.
   const char *const langs[] = {e->lang, NULL};
   FUZZ_CHECK (mmfg_catalog_lookup (catalog, e->source, e->event_id, e->cause,
                                    langs) == e);
   FUZZ_CHECK (mmfg_catalog_lookup (catalog, e->source, e->event_id, NULL,
                                    langs) != NULL);
   FUZZ_CHECK (mmfg_catalog_handles (catalog, e->source, e->event_id));
   (void) mmfg_catalog_entry_verdict (e);

   // Rendered whole and into a buffer too small, as a host's may be.
   gsize need = mmfg_fields_render (e, fields, NULL, 0);
   g_autofree char *whole = g_malloc (need + 1);
   FUZZ_CHECK (mmfg_fields_render (e, fields, whole, need + 1) == need);
   FUZZ_CHECK (strlen (whole) == need);
   FUZZ_CHECK (g_utf8_validate (whole, -1, NULL));
   char small[17];
   FUZZ_CHECK (mmfg_fields_render (e, fields, small, sizeof small) == need);
   FUZZ_CHECK (g_utf8_validate (small, -1, NULL));
   FUZZ_CHECK (strncmp (small, whole, strlen (small)) == 0);

   g_auto (GStrv) names = mmfg_fields_placeholders (e->body);
   FUZZ_CHECK (names != NULL);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgCatalog) catalog =
      mmfg_catalog_parse ((const char *) data, size, FILE_NAME, &error);
   if (catalog == NULL) {
      FUZZ_CHECK (error != NULL && error->domain == MMFG_CATALOG_ERROR);
      FUZZ_CHECK (g_str_has_prefix (error->message, FILE_NAME ":"));
   } else {
      FUZZ_CHECK (error == NULL);
      // Values a hostile user or client machine could carry.
      g_autoptr (MmfgFields) fields = mmfg_fields_new ();
      mmfg_fields_set (fields, "USER",
                       "%n%s\x1b]0;owned\x07\xc2\x9b"
                       "31m");
      mmfg_fields_set (fields, "MMF_PATH", "M:\\MMF\\\xff\xfe.MMF\r\n");
      for (guint i = 0; i < mmfg_catalog_size (catalog); i++)
         check_entry (catalog, mmfg_catalog_nth (catalog, i), fields);
   }

   // The locale list goes with the catalog; fed the input's first line.
   g_autofree char *first =
      g_strndup ((const char *) data, MIN (size, (size_t) 256));
   first[strcspn (first, "\n")] = '\0';
   g_auto (GStrv) langs = mmfg_catalog_langs_for_locale (first);
   guint n = g_strv_length (langs);
   FUZZ_CHECK (n >= 1 && g_strv_contains ((const char *const *) langs, "en"));
   return 0;
}
