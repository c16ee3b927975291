// test-event-text.c — the wizard's 7000/7007 descriptions are recognised
// however they were wrapped, spaced, cased or cut, and nothing else is.

#include <glib.h>
#include <string.h>

#include "event-text.h"

typedef struct {
   const char *name;
   const char *text;
   guint event_id;
   const char *user;
   const char *path;
} Case;

static const Case cases[] = {
   {"7000 as in KB Q168606, wrapped inside the path",
    "Could not migrate PAB file for account: JSMITH. PAB (MMF)Path '\\\\SRV\\"
    "MAILDATA\\MMF\\\n  0000023A.MMF'.",
    7000, "JSMITH", "\\\\SRV\\MAILDATA\\MMF\\0000023A.MMF"},
   {"7007 on one line",
    "Could not migrate MMF file for Account: JSMITH. MMF Path "
    "'M:\\MMF\\0000023A.MMF'.",
    7007, "JSMITH", "M:\\MMF\\0000023A.MMF"},
   {"7007 wrapped inside a keyword and re-spaced",
    "  Could   not mig\r\nrate MMF  file for\n\tAccount :   JSMITH .  MMF\n"
    "Path   ' \\\\SRV\\MAILDATA\\MMF\\0000023A.MMF ' .",
    7007, "JSMITH", "\\\\SRV\\MAILDATA\\MMF\\0000023A.MMF"},
   {"7000 with 7007's spelling of the keywords",
    "could not migrate pab file for Account: jsmith. PAB (MMF) Path "
    "'M:\\MMF\\0000023A.MMF'.",
    7000, "jsmith", "M:\\MMF\\0000023A.MMF"},
   {"7007 in upper case",
    "COULD NOT MIGRATE MMF FILE FOR ACCOUNT: JSMITH. MMF PATH "
    "'M:\\MMF\\0000023A.MMF'.",
    7007, "JSMITH", "M:\\MMF\\0000023A.MMF"},
   {"7007 with the KB's placeholder, wrapped at a space in it",
    "Could not migrate MMF file for Account: <user account>. MMF Path '<path\n"
    "  to MMF file>'.",
    7007, "<user account>", "<pathto MMF file>"},
   {"7007 after an exporter's prefix",
    "Event ID: 7007 Source: MSExchangeMig Description: Could not migrate MMF "
    "file for Account: Jane Smith. MMF Path 'M:\\MMF\\0000023A.MMF'.",
    7007, "Jane Smith", "M:\\MMF\\0000023A.MMF"},
   {"7007 cut inside the path",
    "Could not migrate MMF file for Account: JSMITH. MMF Path '\\\\SRV\\MAIL",
    7007, "JSMITH", NULL},
   {"7007 cut after a whole path, before the closing quote",
    "Could not migrate MMF file for Account: JSMITH. MMF Path "
    "'M:\\MMF\\0000023A.MMF",
    7007, "JSMITH", "M:\\MMF\\0000023A.MMF"},
   {"7007 cut before the path",
    "Could not migrate MMF file for Account: JSMITH. MMF Pa", 7007, "JSMITH",
    NULL},
   {"7000 cut after the keyword", "Could not migrate PAB file for acc", 7000,
    NULL, NULL},
   {"7007 with an unquoted path",
    "Could not migrate MMF file for Account: JSMITH. MMF Path "
    "M:\\MMF\\0000023A.MMF.",
    7007, "JSMITH", "M:\\MMF\\0000023A.MMF"},
   {"7007 with a quote inside the path",
    "Could not migrate MMF file for Account: OBRIEN. MMF Path "
    "'\\\\SRV\\O'Brien\\MMF\\0000023A.MMF'.",
    7007, "OBRIEN", "\\\\SRV\\O'Brien\\MMF\\0000023A.MMF"},
   {"Exchange 5.5's wording (151/135) reads as 7007",
    "Could not migrate MMF file for user JSMITH. MMF Path "
    "'M:\\MMF\\0000023A.MMF'.",
    7007, "JSMITH", "M:\\MMF\\0000023A.MMF"},
};

static void
test_recognises_the_templates (void)
{
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      const Case *c = &cases[i];
      MmfgEventText t;
      if (!mmfg_event_text_parse (c->text, &t))
         g_error ("%s: not recognised", c->name);
      g_test_message ("%s", c->name);
      g_assert_cmpuint (t.event_id, ==, c->event_id);
      g_assert_cmpstr (t.user, ==, c->user);
      g_assert_cmpstr (t.path, ==, c->path);
      mmfg_event_text_clear (&t);
      g_assert_null (t.user);
   }
}

static void
test_rejects_other_text (void)
{
   static const char *const garbage[] = {
      "",
      "Could not migrate",
      "Could not migrate shared folders.",
      "The migration wizard completed.",
      "could not\x01 migrate \xff\xfe MMF",
      "'''''''''''''''''''''",
      "@@@@ %n%s%s%s",
   };
   for (gsize i = 0; i < G_N_ELEMENTS (garbage); i++) {
      MmfgEventText t;
      memset (&t, 0x55, sizeof t); // the parser must zero it
      g_assert_false (mmfg_event_text_parse (garbage[i], &t));
      g_assert_cmpuint (t.event_id, ==, 0);
      g_assert_null (t.user);
      g_assert_null (t.path);
   }
   MmfgEventText t;
   g_assert_false (mmfg_event_text_parse (NULL, &t));
   g_assert_cmpuint (t.event_id, ==, 0);
}

static void
test_survives_64k_input (void)
{
   // 64 KiB of spaces and newlines around a real event, then 64 KiB of a
   // path that never ends: linear work, no crash, sane results.
   GString *s = g_string_new (NULL);
   for (int i = 0; i < 64 * 1024; i++)
      g_string_append_c (s, i % 80 ? ' ' : '\n');
   g_string_append (s, "Could not migrate MMF file for Account: JSMITH. MMF "
                       "Path '");
   for (int i = 0; i < 64 * 1024; i++)
      g_string_append_c (s, "ABCD\\"[i % 5]);
   MmfgEventText t;
   g_assert_true (mmfg_event_text_parse (s->str, &t));
   g_assert_cmpuint (t.event_id, ==, 7007);
   g_assert_cmpstr (t.user, ==, "JSMITH");
   g_assert_null (t.path); // cut, and not a whole .MMF path
   mmfg_event_text_clear (&t);
   g_string_free (s, TRUE);

   // 64 KiB of the keyword over and over, and random bytes.
   GString *k = g_string_new (NULL);
   while (k->len < 64 * 1024)
      g_string_append (k, "could not migrate ");
   g_assert_false (mmfg_event_text_parse (k->str, &t));
   g_string_free (k, TRUE);

   GRand *rand = g_rand_new_with_seed (7);
   char *junk = g_malloc (64 * 1024 + 1);
   for (int round = 0; round < 20; round++) {
      for (gsize i = 0; i < 64 * 1024; i++)
         junk[i] = (char) g_rand_int_range (rand, 1, 256);
      junk[64 * 1024] = '\0';
      if (mmfg_event_text_parse (junk, &t))
         mmfg_event_text_clear (&t);
   }
   g_free (junk);
   g_rand_free (rand);
}

int
main (int argc, char *argv[])
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/event-text/recognises-the-templates",
                    test_recognises_the_templates);
   g_test_add_func ("/event-text/rejects-other-text", test_rejects_other_text);
   g_test_add_func ("/event-text/survives-64k-input", test_survives_64k_input);
   return g_test_run ();
}
