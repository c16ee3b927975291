// test-message-table.c — the Event Log message table compiled into
// mmfguard.dll reads back the way the Event Viewer reads it: the DLL loaded
// as a data file, FormatMessageW from the module with the event's inserts.
// make-mc.py's table (MMFG_MESSAGE_INSERTS) says which id and which inserts
// each catalog entry got; the test goes by that table, not by copies of it.

#include <glib.h>
#include <string.h>
#include <windows.h>

// The catalog id of "MSExchangeMig 7007: the mail file is open in a client".
#define MMF_IN_USE_7007 "22326775a20a40f8bff6ed77d5199ac6"

typedef struct {
   HMODULE dll;
   guint event_id;
   char **fields; // insert names, %1 first
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   const char *path = g_getenv ("MMFG_PLUGIN");
   g_assert_nonnull (path);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (path, -1, NULL, NULL, NULL);
   f->dll = LoadLibraryExW (wide, NULL, LOAD_LIBRARY_AS_DATAFILE);
   g_assert_nonnull (f->dll);

   g_autofree char *table = NULL;
   g_assert_true (g_file_get_contents (g_getenv ("MMFG_MESSAGE_INSERTS"),
                                       &table, NULL, NULL));
   g_auto (GStrv) lines = g_strsplit (table, "\n", -1);
   for (char **l = lines; *l != NULL; l++) {
      g_auto (GStrv) cols = g_strsplit (*l, "\t", -1);
      if (g_strv_length (cols) == 4 && strcmp (cols[1], "en") == 0 &&
          strcmp (cols[2], MMF_IN_USE_7007) == 0) {
         f->event_id = (guint) g_ascii_strtoull (cols[0], NULL, 10);
         f->fields = g_strsplit (cols[3], ",", -1);
      }
   }
   g_assert_nonnull (f->fields);
   // The first four hex digits of the catalog id, as make-mc.py promises.
   g_assert_cmpuint (f->event_id, ==, 0x2232);
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   FreeLibrary (f->dll);
   g_strfreev (f->fields);
}

// The value each insert gets: recognisable, and holding a '%' that must
// come out as it went in (inserts are never format strings).
static char *
value_of (const char *field)
{
   if (strcmp (field, "USER") == 0)
      return g_strdup ("U00003");
   if (strcmp (field, "MMF_PATH") == 0)
      return g_strdup ("C:\\MAILDATA\\MMF\\00000A03.MMF");
   return g_strdup_printf ("<%s 100%%>", field);
}

static char *
format (const Fixture *f, WORD language)
{
   guint n = g_strv_length (f->fields);
   g_autoptr (GPtrArray) wide = g_ptr_array_new_with_free_func (g_free);
   for (guint i = 0; i < n; i++) {
      g_autofree char *v = value_of (f->fields[i]);
      g_ptr_array_add (wide, g_utf8_to_utf16 (v, -1, NULL, NULL, NULL));
   }
   wchar_t buf[8192];
   DWORD len = FormatMessageW (
      FORMAT_MESSAGE_FROM_HMODULE | FORMAT_MESSAGE_ARGUMENT_ARRAY, f->dll,
      f->event_id, MAKELANGID (language, SUBLANG_DEFAULT), buf,
      G_N_ELEMENTS (buf), (va_list *) wide->pdata);
   if (len == 0)
      g_error ("FormatMessageW(%u) failed: error %lu", f->event_id,
               (unsigned long) GetLastError ());
   return g_utf16_to_utf8 (buf, len, NULL, NULL, NULL);
}

static void
test_7007_reads_back_with_inserts (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *text = format (f, LANG_ENGLISH);
   g_test_message ("%s", text);
   g_assert_nonnull (strstr (text,
                             "MSExchangeMig 7007: the mail file of U00003 "
                             "is open in a client"));
   g_assert_nonnull (strstr (text, "C:\\MAILDATA\\MMF\\00000A03.MMF"));
   g_assert_nonnull (strstr (text, "What to do:"));
   // Inserts landed whole (a '%' in a value is not a format), and none is
   // left as %n or @FIELD@.
   g_assert_nonnull (strstr (text, "<HOLDER_PID 100%>"));
   for (const char *p = strchr (text, '%'); p != NULL; p = strchr (p + 1, '%'))
      g_assert_false (g_ascii_isdigit (p[1]));
   g_assert_null (strchr (text, '@'));
}

static void
test_7007_has_german_text (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *text = format (f, LANG_GERMAN);
   g_test_message ("%s", text);
   g_assert_nonnull (strstr (text, "U00003"));
   g_assert_null (strstr (text, "What to do:"));
   g_assert_nonnull (strstr (text, "Was zu tun ist:"));
   g_assert_true (g_utf8_validate (text, -1, NULL));
}

static void
test_unknown_id_is_not_found (Fixture *f, gconstpointer unused)
{
   (void) unused;
   wchar_t buf[256];
   // 7007 itself is the wizard's id, not one of ours.
   DWORD len = FormatMessageW (FORMAT_MESSAGE_FROM_HMODULE |
                                  FORMAT_MESSAGE_IGNORE_INSERTS,
                               f->dll, 7007, 0, buf, G_N_ELEMENTS (buf), NULL);
   g_assert_cmpuint (len, ==, 0);
   g_assert_cmpuint (GetLastError (), ==, ERROR_MR_MID_NOT_FOUND);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add ("/message-table/7007-reads-back-with-inserts", Fixture, NULL,
               fixture_set_up, test_7007_reads_back_with_inserts,
               fixture_tear_down);
   g_test_add ("/message-table/7007-has-german-text", Fixture, NULL,
               fixture_set_up, test_7007_has_german_text, fixture_tear_down);
   g_test_add ("/message-table/unknown-id-is-not-found", Fixture, NULL,
               fixture_set_up, test_unknown_id_is_not_found, fixture_tear_down);
   return g_test_run ();
}
