// test-fields.c — values are sanitised and never formats; rendering is
// snprintf-style and cuts only between characters.

#include <glib.h>
#include <string.h>

#include "fields.h"

static void
check_sanitise (const char *in, gboolean keep_newlines, const char *want)
{
   g_autofree char *got = mmfg_sanitise (in, keep_newlines);
   g_assert_cmpstr (got, ==, want);
   g_assert_true (g_utf8_validate (got, -1, NULL));
}

static void
test_sanitise_removes_terminal_escapes (void)
{
   check_sanitise ("\x1b[31mJSMITH\x1b[0m", FALSE, "JSMITH");
   check_sanitise ("a\x1b[1;2;38;5;196mb", FALSE, "ab");
   // OSC: set the window title, ended by BEL or by ST (ESC \).
   check_sanitise ("x\x1b]0;pwned\x07y", FALSE, "xy");
   check_sanitise ("x\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\y", FALSE,
                   "xlinky");
   // An OSC that never ends swallows the rest, as a terminal would.
   check_sanitise ("x\x1b]0;title", FALSE, "x");
   check_sanitise ("x\x1bP+q\x1b\\y", FALSE, "xy"); // DCS
   check_sanitise ("x\x1b(By", FALSE, "xy");        // charset
   check_sanitise ("x\x1b"
                   "cy",
                   FALSE, "xy"); // reset
   check_sanitise ("x\x1b", FALSE, "x");
}

static void
test_sanitise_removes_control_characters (void)
{
   check_sanitise ("a\x01\x02\x7f"
                   "b\rc",
                   FALSE, "abc");
   // C1 controls, as UTF-8: NEL, CSI (with its parameters), OSC string.
   check_sanitise ("a\xc2\x85"
                   "b",
                   FALSE, "ab");
   check_sanitise ("a\xc2\x9b"
                   "31mb",
                   FALSE, "ab");
   check_sanitise ("a\xc2\x9d"
                   "0;t\x07"
                   "b",
                   FALSE, "ab");
   check_sanitise ("a\xc2\x9d"
                   "0;t\xc2\x9c"
                   "b",
                   FALSE, "ab");
   check_sanitise ("line1\nline2\tx", FALSE, "line1 line2 x");
   check_sanitise ("line1\nline2\tx", TRUE, "line1\nline2\tx");
   check_sanitise (NULL, FALSE, "");
}

static void
test_sanitise_replaces_invalid_utf8 (void)
{
   check_sanitise ("M\xfcller", FALSE, "M\xef\xbf\xbdller");
   check_sanitise ("\xc3", FALSE, "\xef\xbf\xbd");
   check_sanitise ("\xc0\xaf", FALSE, "\xef\xbf\xbd\xef\xbf\xbd");
   check_sanitise ("Müller ✓", FALSE, "Müller ✓");
   check_sanitise ("\x9b"
                   "31m",
                   FALSE,
                   "\xef\xbf\xbd"
                   "31m");
}

static MmfgCatalogEntry
entry (const char *subject, const char *body)
{
   MmfgCatalogEntry e = {.message_id = "0123456789abcdef0123456789abcdef",
                         .lang = "en",
                         .subject = subject,
                         .body = body};
   return e;
}

static char *
render (const MmfgCatalogEntry *e, const MmfgFields *f)
{
   gsize needed = mmfg_fields_render (e, f, NULL, 0);
   char *buf = g_malloc (needed + 1);
   g_assert_cmpuint (mmfg_fields_render (e, f, buf, needed + 1), ==, needed);
   g_assert_cmpuint (strlen (buf), ==, needed);
   return buf;
}

static void
test_render_fills_placeholders (void)
{
   g_autoptr (MmfgFields) f = mmfg_fields_new ();
   mmfg_fields_set (f, "USER", "JSMITH");
   mmfg_fields_set_printf (f, "HOLDER_PID", "%d", 4242);
   MmfgCatalogEntry e = entry ("Mail of @USER@ is open",
                               "Process @HOLDER_PID@ holds it.\n"
                               "Mail me@example.org, @not a field@, @@.\n"
                               "Unset: @MMF_PATH@.");
   g_autofree char *text = render (&e, f);
   g_assert_cmpstr (text, ==,
                    "Mail of JSMITH is open\n\n"
                    "Process 4242 holds it.\n"
                    "Mail me@example.org, @not a field@, @@.\n"
                    "Unset: " MMFG_FIELD_UNKNOWN ".");
   mmfg_fields_set (f, "USER", NULL);
   g_assert_null (mmfg_fields_get (f, "USER"));
}

static void
test_values_are_never_formats (void)
{
   g_autoptr (MmfgFields) f = mmfg_fields_new ();
   mmfg_fields_set (f, "USER", "%n%s%s%x%p");
   mmfg_fields_set (f, "HOLDER", "\x1b[2J@USER@\nsecond line");
   MmfgCatalogEntry e = entry ("@USER@", "@HOLDER@ %s");
   g_autofree char *text = render (&e, f);
   // A value is not searched for placeholders again, and newlines in values
   // cannot forge lines of the text.
   g_assert_cmpstr (text, ==, "%n%s%s%x%p\n\n@USER@ second line %s");
}

static void
test_render_is_snprintf_style (void)
{
   g_autoptr (MmfgFields) f = mmfg_fields_new ();
   mmfg_fields_set (f, "USER", "Jürgen");
   MmfgCatalogEntry e = entry ("ü@USER@", "body");
   // "üJürgen\n\nbody": ü is 2 bytes, so 2 + 7 + 2 + 4.
   const gsize whole = 15;
   g_assert_cmpuint (mmfg_fields_render (&e, f, NULL, 0), ==, whole);

   char buf[32];
   memset (buf, 'X', sizeof buf);
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, 0), ==, whole);
   g_assert_cmpint (buf[0], ==, 'X'); // size 0: nothing written

   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, 1), ==, whole);
   g_assert_cmpstr (buf, ==, "");

   // Two bytes of room hold one byte of text, but ü needs two: cut before.
   memset (buf, 'X', sizeof buf);
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, 2), ==, whole);
   g_assert_cmpstr (buf, ==, "");
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, 3), ==, whole);
   g_assert_cmpstr (buf, ==, "ü");
   // "üJü" is 5 bytes; with 5 of room (4 of text) the second ü is cut.
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, 5), ==, whole);
   g_assert_cmpstr (buf, ==, "üJ");
   g_assert_cmpint (buf[3], ==, '\0');
   g_assert_cmpint (buf[4], ==, 'X'); // never beyond the cut
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, whole), ==, whole);
   g_assert_cmpstr (buf, ==, "üJürgen\n\nbod");
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, whole + 1), ==, whole);
   g_assert_cmpstr (buf, ==, "üJürgen\n\nbody");

   // Every size: valid UTF-8, a prefix of the whole, NUL within size.
   for (gsize size = 1; size <= whole + 1; size++) {
      memset (buf, 'X', sizeof buf);
      mmfg_fields_render (&e, f, buf, size);
      gsize n = strlen (buf);
      g_assert_cmpuint (n, <, size);
      g_assert_true (g_utf8_validate (buf, -1, NULL));
      g_assert_true (strncmp (buf, "üJürgen\n\nbody", n) == 0);
      g_assert_cmpuint (size - 1 - n, <=, 1); // cut by at most a char
   }
   g_assert_cmpuint (mmfg_fields_render (NULL, f, buf, sizeof buf), ==, 0);
   g_assert_cmpstr (buf, ==, "");
}

static void
test_placeholders_lists_names_once (void)
{
   g_auto (GStrv) names = mmfg_fields_placeholders (
      "@USER@ and @MMF_PATH@ and @USER@; me@example.org @lower@ @A1_B@@C@");
   const char *const want[] = {"USER", "MMF_PATH", "A1_B", "C", NULL};
   g_assert_cmpstrv (names, want);
   g_auto (GStrv) none = mmfg_fields_placeholders (NULL);
   g_assert_cmpuint (g_strv_length (none), ==, 0);
}

static void
test_huge_value_renders_whole (void)
{
   g_autoptr (MmfgFields) f = mmfg_fields_new ();
   g_autofree char *big = g_strnfill (64 * 1024, 'A');
   mmfg_fields_set (f, "USER", big);
   MmfgCatalogEntry e = entry ("@USER@", "b");
   char buf[64];
   g_assert_cmpuint (mmfg_fields_render (&e, f, buf, sizeof buf), ==,
                     64 * 1024 + 3);
   g_assert_cmpuint (strlen (buf), ==, sizeof buf - 1);
}

// Filled-in values push lines past 76 columns: they are rewrapped within
// their paragraph, numbered steps keep their hanging indent, table rows and
// every word stay as they were.
static void
test_long_values_are_rewrapped (void)
{
   MmfgCatalogEntry entry = {
      .subject = "Subject line",
      .body =
         "The administrator recovered the password at @WHEN@, and the\n"
         "mail file last changed at @WHEN@, before that. Only a logon with\n"
         "the client rewrites it.\n"
         "\n"
         "  File:          @PATH@\n"
         "\n"
         "1. Check that @PATH@ has changed after\n"
         "   @WHEN@.\n",
   };
   g_autoptr (MmfgFields) f = mmfg_fields_new ();
   mmfg_fields_set (f, "WHEN",
                    "2026-11-24 07:18:17 Central European Summer Time");
   mmfg_fields_set (
      f, "PATH",
      "/srv/msmail/postoffices/CORPNET/PO1/MAILDATA/MMF/0000023A.MMF");
   char buf[2048];
   mmfg_fields_render (&entry, f, buf, sizeof buf);
   g_auto (GStrv) lines = g_strsplit (buf, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      if (g_str_has_prefix (lines[i], "  File:"))
         continue;
      g_assert_cmpint (g_utf8_strlen (lines[i], -1), <=, 76);
      if (i > 0 && g_str_has_prefix (lines[i - 1], "1. "))
         g_assert_true (g_str_has_prefix (lines[i], "   ") &&
                        lines[i][3] != ' ');
   }
   g_assert_nonnull (strstr (
      buf, "  File:          "
           "/srv/msmail/postoffices/CORPNET/PO1/MAILDATA/MMF/0000023A.MMF\n"));
   // No word lost or split: the text reads the same with spaces normalised.
   g_autofree char *flat = g_strdup (buf);
   g_strdelimit (flat, "\n", ' ');
   g_autoptr (GRegex) spaces = g_regex_new (" +", 0, 0, NULL);
   g_autofree char *norm =
      g_regex_replace_literal (spaces, flat, -1, 0, " ", 0, NULL);
   g_assert_nonnull (
      strstr (norm, "before that. Only a logon with the client rewrites it."));
   g_assert_nonnull (strstr (norm,
                             "1. Check that "
                             "/srv/msmail/postoffices/CORPNET/PO1/MAILDATA/MMF/"
                             "0000023A.MMF has changed after 2026-11-24"));
}

// What is not known is left out: a fallback in the entry's own words, a
// parenthesis dropped with the space before it, a table row dropped whole.
static void
test_unknown_values_are_left_out (void)
{
   g_autoptr (MmfgFields) f = mmfg_fields_new ();
   mmfg_fields_set (f, "MMF_PATH", "/po/MMF/00000A02.MMF");
   mmfg_fields_set (f, "FULL_NAME", MMFG_FIELD_UNKNOWN);
   MmfgCatalogEntry e =
      entry ("Mail of @USER|the account@",
             "The MMF of @USER|the account@ (@FULL_NAME@) is open.\n"
             "\n"
             "  File:          @MMF_PATH@ (logged as @HOST_PATH@)\n"
             "  Client:        @HOLDER_CLIENT@\n"
             "  Checked:       now\n"
             "Last: @CHECKED_AT@.");
   g_autofree char *text = render (&e, f);
   g_assert_cmpstr (text, ==,
                    "Mail of the account\n\n"
                    "The MMF of the account is open.\n"
                    "\n"
                    "  File:          /po/MMF/00000A02.MMF\n"
                    "  Checked:       now\n"
                    "Last: " MMFG_FIELD_UNKNOWN ".");
   mmfg_fields_set (f, "USER", "JSMITH");
   mmfg_fields_set (f, "HOST_PATH", "M:\\MMF\\00000A02.MMF");
   g_autofree char *known = render (&e, f);
   g_assert_nonnull (strstr (known, "Mail of JSMITH\n"));
   g_assert_nonnull (strstr (known, "(logged as M:\\MMF\\00000A02.MMF)"));
   // A table all of whose rows are left out leaves one blank line, not two.
   MmfgCatalogEntry table = entry ("S", "Intro.\n"
                                        "\n"
                                        "  Path:   @HOST_PATH@\n"
                                        "  Holder: @HOLDER_CLIENT@\n"
                                        "\n"
                                        "What to do:");
   g_autoptr (MmfgFields) none = mmfg_fields_new ();
   g_autofree char *collapsed = render (&table, none);
   g_assert_cmpstr (collapsed, ==, "S\n\nIntro.\n\nWhat to do:");
   g_auto (GStrv) names = mmfg_fields_placeholders (e.body);
   const char *const want[] = {"USER",      "FULL_NAME",     "MMF_PATH",
                               "HOST_PATH", "HOLDER_CLIENT", "CHECKED_AT",
                               NULL};
   g_assert_cmpstrv (names, want);
}

int
main (int argc, char *argv[])
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/fields/long-values-are-rewrapped",
                    test_long_values_are_rewrapped);
   g_test_add_func ("/fields/unknown-values-are-left-out",
                    test_unknown_values_are_left_out);
   g_test_add_func ("/fields/sanitise-removes-terminal-escapes",
                    test_sanitise_removes_terminal_escapes);
   g_test_add_func ("/fields/sanitise-removes-control-characters",
                    test_sanitise_removes_control_characters);
   g_test_add_func ("/fields/sanitise-replaces-invalid-utf8",
                    test_sanitise_replaces_invalid_utf8);
   g_test_add_func ("/fields/render-fills-placeholders",
                    test_render_fills_placeholders);
   g_test_add_func ("/fields/values-are-never-formats",
                    test_values_are_never_formats);
   g_test_add_func ("/fields/render-is-snprintf-style",
                    test_render_is_snprintf_style);
   g_test_add_func ("/fields/placeholders-lists-names-once",
                    test_placeholders_lists_names_once);
   g_test_add_func ("/fields/huge-value-renders-whole",
                    test_huge_value_renders_whole);
   return g_test_run ();
}
