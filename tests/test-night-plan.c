// test-night-plan.c — the night's plan as the administrator reads it,
// through mig-host's command line on real post offices with real lock
// holders: the go / no-go line first, the accounts grouped by what they
// need, each explanation once (also when only the holder's pid differs),
// the help desk's call list (--csv, read back with Python's csv module)
// and the HTML report (--html, rendered in a real headless chromium), on
// preflight, migrate and watch.
//
// Every run uses a configuration with [samba] mode = off, so that a Samba
// server elsewhere on the machine cannot change the answers.

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

#include "lock-holder-process.h"
#include "mig-host-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

typedef struct {
   PostofficeFixture po;
   char *config; // [samba] mode = off
   char *json, *csv, *html, *out;
   GPtrArray *holders; // LockHolderProcess *
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
   f->holders = lock_holder_set_new ();
   postoffice_fixture_make_sized (&f->po, data);
   f->config = g_build_filename (f->po.root, "mmfguard.conf", NULL);
   g_assert_true (
      g_file_set_contents (f->config, "[samba]\nmode = off\n", -1, NULL));
   f->json = g_build_filename (f->po.root, "report.json", NULL);
   f->csv = g_build_filename (f->po.root, "call-list.csv", NULL);
   f->html = g_build_filename (f->po.root, "report.html", NULL);
   f->out = g_build_filename (f->po.root, "exchange", NULL);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
   (void) data;
   g_ptr_array_unref (f->holders);
   postoffice_fixture_clear (&f->po);
   g_free (f->config);
   g_free (f->json);
   g_free (f->csv);
   g_free (f->html);
   g_free (f->out);
}

// The Hex-ID of the n-th generated user (U00001 is 00000A01).
static char *
hex_of (guint n)
{
   return g_strdup_printf ("%08X", 0xA00 + n);
}

static LockHolderProcess *
hold (Fixture *f, guint n)
{
   g_autofree char *hex = hex_of (n);
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, hex);
   return lock_holder_set_start (f->holders, "msmail", mmf);
}

// mig-host COMMAND with the post office's options, --csv and --html, then
// `extra`; returns its exit code.
static int
run_host (Fixture *f, const char *command, char **out, const char *const *extra)
{
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   const char *base[] = {command,        "--plugin", test_env ("MMFG_PLUGIN"),
                         "--config",     f->config,  "--postoffice",
                         f->po.maildata, "--users",  f->po.users_csv,
                         "--csv",        f->csv,     "--html",
                         f->html};
   for (gsize i = 0; i < G_N_ELEMENTS (base); i++)
      g_ptr_array_add (argv, (char *) base[i]);
   for (gsize i = 0; extra != NULL && extra[i] != NULL; i++)
      g_ptr_array_add (argv, (char *) extra[i]);
   g_ptr_array_add (argv, NULL);
   return mig_host_runv (NULL, (const char *const *) argv->pdata, out, NULL);
}

// ---------------------------------------------------------------------------
// The call list, read the way a spreadsheet program's importer would

// The CSV file's rows as Python's csv module reads them (UTF-8 with a
// byte order mark): a JSON array of objects keyed by the header row.
static json_t *
csv_rows (const char *path)
{
   const char *script =
      "import csv, json, sys\n"
      "raw = open(sys.argv[1], 'rb').read()\n"
      "assert raw.startswith(b'\\xef\\xbb\\xbf'), 'no byte order mark'\n"
      "with open(sys.argv[1], encoding='utf-8-sig', newline='') as f:\n"
      "    rows = list(csv.DictReader(f, strict=True))\n"
      "json.dump(rows, sys.stdout)\n";
   const char *argv[] = {"python3", "-c", script, path, NULL};
   g_autofree char *out = NULL;
   g_autofree char *err = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH,
                                NULL, NULL, &out, &err, &status, &error));
   g_assert_no_error (error);
   if (!g_spawn_check_wait_status (status, NULL))
      g_error ("python3 could not read %s: %s", path, err);
   json_error_t jerror;
   json_t *rows = json_loads (out, 0, &jerror);
   g_assert_nonnull (rows);
   return rows;
}

static json_t *
csv_row_of (json_t *rows, const char *user)
{
   for (size_t i = 0; i < json_array_size (rows); i++) {
      json_t *row = json_array_get (rows, i);
      if (strcmp (json_string_value (json_object_get (row, "user")), user) == 0)
         return row;
   }
   g_error ("the call list has no row for %s", user);
   return NULL;
}

static const char *
cell (json_t *row, const char *column)
{
   json_t *v = json_object_get (row, column);
   g_assert_true (json_is_string (v));
   return json_string_value (v);
}

// ---------------------------------------------------------------------------
// The HTML report in a real browser

static gboolean
chromium_run (const char *html, const char *what, char **dom)
{
   const char *program = g_getenv ("MMFG_CHROMIUM");
   g_autofree char *found =
      g_find_program_in_path (program != NULL ? program : "chromium");
   if (found == NULL) {
      g_test_skip (
         "chromium cannot start: it is not installed (Debian: apt-get "
         "install chromium; scripts/setup installs it)");
      return FALSE;
   }
   g_autofree char *profile = g_dir_make_tmp ("mmfg-chromium-XXXXXX", NULL);
   g_assert_nonnull (profile);
   g_autofree char *data_dir = g_strconcat ("--user-data-dir=", profile, NULL);
   g_autofree char *url = g_filename_to_uri (html, NULL, NULL);
   const char *argv[] = {found,
                         "--headless",
                         "--no-sandbox",
                         "--disable-gpu",
                         "--disable-background-networking",
                         "--disable-component-update",
                         "--disable-sync",
                         "--no-first-run",
                         "--window-size=1100,1400",
                         data_dir,
                         what,
                         url,
                         NULL};
   g_autofree char *err = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   gboolean ran = g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, dom,
                                &err, &status, &error);
   g_autofree char *rm = g_strdup_printf ("rm -rf '%s'", profile);
   (void) !system (rm);
   if (!ran || !g_spawn_check_wait_status (status, NULL)) {
      g_autofree char *why = g_strdup_printf (
         "chromium cannot start (%s): %s", found,
         error != NULL ? error->message : (err != NULL ? err : "?"));
      g_test_skip (why);
      return FALSE;
   }
   return TRUE;
}

// The page as chromium built it (its DOM after the script ran), or NULL
// when chromium cannot start (the test is then skipped, saying why).
static char *
chromium_dom (const char *html)
{
   g_autofree char *dom = NULL;
   if (!chromium_run (html, "--dump-dom", &dom))
      return NULL;
   g_assert_nonnull (strstr (dom, "</html>"));
   return g_steal_pointer (&dom);
}

// The page after clicking the account table's headings, in order: a copy
// of it with a script that does the clicks (numbered from 1).
static char *
chromium_dom_after_clicks (const char *html, const char *dir,
                           const int *columns)
{
   g_autofree char *page = NULL;
   g_assert_true (g_file_get_contents (html, &page, NULL, NULL));
   GString *clicks = g_string_new ("<script>");
   for (gsize i = 0; columns[i] != 0; i++)
      g_string_append_printf (clicks,
                              "document.querySelector('#accounts thead "
                              "th:nth-child(%d)').click();",
                              columns[i]);
   g_string_append (clicks, "</script></body>");
   g_autoptr (GString) clicked = g_string_new (page);
   g_assert_cmpuint (g_string_replace (clicked, "</body>", clicks->str, 1), ==,
                     1);
   g_string_free (clicks, TRUE);
   g_autofree char *copy = g_build_filename (dir, "clicked.html", NULL);
   g_assert_true (g_file_set_contents (copy, clicked->str, -1, NULL));
   return chromium_dom (copy);
}

// The user of the account table's first row.
static char *
first_account (const char *dom)
{
   const char *row = strstr (dom, "<tr class=\"account\"><td>");
   g_assert_nonnull (row);
   row += strlen ("<tr class=\"account\"><td>");
   return g_strndup (row, strchr (row, '<') - row);
}

// The page's text between id="ID"'s opening tag and the next "<".
static char *
element_text (const char *dom, const char *id)
{
   g_autofree char *marker = g_strdup_printf ("id=\"%s\"", id);
   const char *at = strstr (dom, marker);
   g_assert_nonnull (at);
   const char *start = strchr (at, '>') + 1;
   const char *end = strchr (start, '<');
   return g_strndup (start, end - start);
}

// ---------------------------------------------------------------------------

// The target: 300 accounts, 50 of them held by real lock holders (each its
// own pid), one password recovered. The report fits on 150 lines, starts
// with the go / no-go line, lists every held account on its own line with
// its own pid and full name, and says the explanation of the 50 once.
static void
test_preflight_300_accounts_50_held (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autoptr (GPtrArray) pids = g_ptr_array_new_with_free_func (g_free);
   for (guint n = 2; n <= 51; n++)
      g_ptr_array_add (pids,
                       g_strdup_printf ("pid %" G_GINT64_FORMAT " ",
                                        lock_holder_process_pid (hold (f, n))));
   g_autofree char *out = NULL;
   const char *extra[] = {"--json", f->json, NULL};
   g_assert_cmpint (run_host (f, "preflight", &out, extra), ==, 2);
   g_test_message ("%s", out);
   g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
   g_assert_cmpuint (g_strv_length (lines), <=, 150);
   g_assert_cmpstr (lines[0], ==,
                    "NO-GO: 50 accounts held by their users, 1 blocked "
                    "(password-not-synchronised); 249 may proceed.");
   // Each held account on its own line, with its own holder.
   for (guint i = 0; i < pids->len; i++) {
      const char *pid = g_ptr_array_index (pids, i);
      g_assert_cmpuint (output_count (out, pid), >=, 1);
   }
   g_assert_nonnull (strstr (out, "Ask to log off Microsoft Mail (50):"));
   g_assert_nonnull (strstr (out, "   U00002    User 2 "));
   g_assert_nonnull (strstr (out, "Ask to log on once with the recovered "
                                  "password, then log off (1):"));
   g_assert_nonnull (strstr (out, "   U00300    User 300 "));
   // One explanation for the 50 held, one for the password.
   g_assert_cmpuint (output_count (out, "What to do:"), ==, 2);
   g_assert_nonnull (strstr (out, "The same for 49 more accounts: U00003, "));
   g_assert_null (strstr (out, "(the user list)"));
   g_assert_null (strstr (out, "(the post office)"));
   g_assert_nonnull (strstr (out, "By cause: mmf-in-use 50, "
                                  "password-not-synchronised 1."));

   // The JSON keeps every account's own detail, with its full name.
   json_t *root = report_load (f->json);
   json_t *accounts = json_object_get (root, "accounts");
   g_assert_cmpuint (json_array_size (accounts), ==, 300);
   for (size_t i = 0; i < json_array_size (accounts); i++) {
      json_t *a = json_array_get (accounts, i);
      g_autofree char *name = g_strdup_printf ("User %zu", i + 1);
      g_assert_cmpstr (report_str (a, "full_name"), ==, name);
   }
   g_assert_nonnull (
      strstr (report_str (report_account (root, "U00007"), "text"), "U00007"));
   json_decref (root);

   // The call list: the 51 someone must act on.
   json_t *rows = csv_rows (f->csv);
   g_assert_cmpuint (json_array_size (rows), ==, 51);
   json_t *held = csv_row_of (rows, "U00002");
   g_assert_cmpstr (cell (held, "full_name"), ==, "User 2");
   g_assert_cmpstr (cell (held, "verdict"), ==, "defer");
   g_assert_cmpstr (cell (held, "cause"), ==, "mmf-in-use");
   g_assert_cmpstr (cell (held, "action"), ==, "log-off");
   g_assert_nonnull (
      strstr (cell (held, "what_to_ask"), "exit Microsoft Mail"));
   // "pid 4242 " -> "4242"
   g_autofree char *pid2 = g_strdup ((const char *) pids->pdata[0] + 4);
   g_assert_cmpstr (cell (held, "holder_pid"), ==, g_strstrip (pid2));
   g_assert_cmpstr (cell (held, "holder_program"), ==, "lock-holder");
   json_t *recovered = csv_row_of (rows, "U00300");
   g_assert_cmpstr (cell (recovered, "verdict"), ==, "block");
   g_assert_cmpstr (cell (recovered, "action"), ==, "log-on-once");
   g_assert_nonnull (strstr (cell (recovered, "what_to_ask"), "log on"));
   json_decref (rows);

   // The page, in a real browser: the go / no-go and every account.
   g_autofree char *dom = chromium_dom (f->html);
   if (dom == NULL)
      return;
   g_autofree char *go = element_text (dom, "go-no-go");
   g_assert_cmpstr (go, ==, lines[0]);
   for (guint n = 1; n <= 300; n++) {
      g_autofree char *row = g_strdup_printf (
         "<tr class=\"account\"><td>U%05u</td><td>User %u</td>", n, n);
      g_assert_nonnull (strstr (dom, row));
   }
   g_assert_cmpuint (output_count (dom, "class=\"why\""), ==, 2);
   g_assert_null (strstr (dom, "<script src"));
   g_assert_null (strstr (dom, "<link"));
   g_autofree char *first = first_account (dom);
   g_assert_cmpstr (first, ==, "U00001"); // run order

   // Sortable: by verdict (block first), by full name numerically, and
   // reversed on a second click.
   g_autofree char *by_verdict =
      chromium_dom_after_clicks (f->html, f->po.root, (const int[]){3, 0});
   g_autofree char *blocked = first_account (by_verdict);
   g_assert_cmpstr (blocked, ==, "U00300");
   g_autofree char *by_name =
      chromium_dom_after_clicks (f->html, f->po.root, (const int[]){2, 0});
   const char *two = strstr (by_name, "<td>User 2</td>");
   const char *ten = strstr (by_name, "<td>User 10</td>");
   g_assert_true (two != NULL && ten != NULL && two < ten);
   g_autofree char *reversed =
      chromium_dom_after_clicks (f->html, f->po.root, (const int[]){2, 2, 0});
   g_autofree char *last = first_account (reversed);
   g_assert_cmpstr (last, ==, "U00300");
}

// Names a spreadsheet or a browser would take for commands: the call list
// quotes them per RFC 4180 and defuses formulas with an apostrophe; the
// page shows them as text; the browser renders it and takes a picture.
static void
test_hostile_names_in_csv_and_html (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *text = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (f->po.users_csv, &text, &len, NULL));
   g_autoptr (GString) users = g_string_new_len (text, len);
   g_string_replace (users, "U00001,User 1,",
                     "\"=cmd|' /C calc'!A0\",\"Smith, \"\"Jo\"\"\",", 1);
   g_string_replace (users, "U00002,User 2,",
                     "+SUM(1),\"Two\r\nLines <b>bold</b> & <script>x()"
                     "</script>\",",
                     1);
   g_string_replace (users, "U00004,User 4,", "@U4,-Four,", 1);
   g_assert_true (
      g_file_set_contents (f->po.users_csv, users->str, users->len, NULL));
   hold (f, 1);
   hold (f, 2);
   g_autofree char *out = NULL;
   g_assert_cmpint (run_host (f, "preflight", &out, NULL), ==, 2);
   g_assert_true (
      g_str_has_prefix (out, "NO-GO: 2 accounts held by their users, 1 blocked "
                             "(password-not-synchronised); 1 may proceed.\n"));

   json_t *rows = csv_rows (f->csv);
   g_assert_cmpuint (json_array_size (rows), ==, 3);
   json_t *one = csv_row_of (rows, "'=cmd|' /C calc'!A0");
   g_assert_cmpstr (cell (one, "full_name"), ==, "Smith, \"Jo\"");
   json_t *two = csv_row_of (rows, "'+SUM(1)");
   g_assert_nonnull (strstr (cell (two, "full_name"), "Two"));
   g_assert_nonnull (strstr (cell (two, "full_name"), "\nLines <b>"));
   json_t *four = csv_row_of (rows, "'@U4");
   g_assert_cmpstr (cell (four, "full_name"), ==, "'-Four");
   g_assert_cmpstr (cell (four, "action"), ==, "log-on-once");
   json_decref (rows);
   // Every line of the file ends in CR LF, quoted line breaks included.
   g_autofree char *csv = NULL;
   g_assert_true (g_file_get_contents (f->csv, &csv, NULL, NULL));
   for (const char *p = strchr (csv, '\n'); p != NULL; p = strchr (p + 1, '\n'))
      g_assert_cmpint (p[-1], ==, '\r');

   g_autofree char *dom = chromium_dom (f->html);
   if (dom == NULL)
      return;
   // Shown as text, never run or rendered as markup.
   g_assert_nonnull (strstr (dom, "Lines &lt;b&gt;bold&lt;/b&gt; &amp; "
                                  "&lt;script&gt;x()&lt;/script&gt;"));
   g_assert_null (strstr (dom, "<b>bold</b>"));
   g_assert_cmpuint (output_count (dom, "<script>"), ==, 1); // the sorter
   g_assert_nonnull (strstr (dom, "<td>Smith, \"Jo\"</td>"));
   g_autofree char *go = element_text (dom, "go-no-go");
   g_assert_true (g_str_has_prefix (go, "NO-GO: 2 accounts held"));
   // The two held accounts' texts differ in their names, full names and
   // pids, and so in where their lines wrap: one explanation.
   g_assert_cmpuint (output_count (dom, "class=\"why\""), ==, 2);
   // Rendered to a picture once (the file is kept with the test's log when
   // MMFG_KEEP_SCREENSHOT names where).
   const char *keep = g_getenv ("MMFG_KEEP_SCREENSHOT");
   g_autofree char *png =
      keep != NULL ? g_strdup (keep)
                   : g_build_filename (f->po.root, "report.png", NULL);
   g_autofree char *shot = g_strconcat ("--screenshot=", png, NULL);
   g_autofree char *ignored = NULL;
   if (!chromium_run (f->html, shot, &ignored))
      return;
   GStatBuf st;
   g_assert_cmpint (g_stat (png, &st), ==, 0);
   g_assert_cmpint (st.st_size, >, 10000);
}

// migrate ends with the same plan and writes the same files.
static void
test_migrate_writes_the_plan (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = hold (f, 2);
   g_autofree char *out = NULL;
   const char *extra[] = {"--out",  f->out,  "--retries", "0",
                          "--json", f->json, NULL};
   g_assert_cmpint (run_host (f, "migrate", &out, extra), ==, 2);
   g_assert_nonnull (strstr (out, "\nNOT DONE: 1 account held by its user, 1 "
                                  "blocked (password-not-synchronised); 2 "
                                  "migrated.\n"));
   g_assert_nonnull (strstr (out, "Ask to log off Microsoft Mail (1):\n"
                                  "   U00002    User 2 "));
   json_t *root = report_load (f->json);
   g_assert_cmpstr (report_str (report_account (root, "U00002"), "full_name"),
                    ==, "User 2");
   json_decref (root);
   json_t *rows = csv_rows (f->csv);
   g_assert_cmpuint (json_array_size (rows), ==, 2);
   g_assert_cmpstr (cell (csv_row_of (rows, "U00002"), "verdict"), ==,
                    "deferred");
   g_assert_cmpstr (cell (csv_row_of (rows, "U00004"), "verdict"), ==,
                    "blocked");
   json_decref (rows);
   g_autofree char *html = NULL;
   g_assert_true (g_file_get_contents (f->html, &html, NULL, NULL));
   g_assert_nonnull (strstr (html, "class=\"no-go\">NOT DONE: "));
   lock_holder_process_stop_and_assert_intact (h);
}

// watch: the lines it prints name the account's full name, and say no
// "since -" when the holder's start is unknown; it ends with the plan.
static void
test_watch_writes_the_plan (Fixture *f, gconstpointer data)
{
   (void) data;
   LockHolderProcess *h = hold (f, 3);
   g_autofree char *out = NULL;
   const char *extra[] = {"--interval", "0.1", "--timeout", "0.3", NULL};
   g_assert_cmpint (run_host (f, "watch", &out, extra), ==, 1);
   g_assert_nonnull (strstr (out, " U00003 (User 3) held (mmf-in-use): pid "));
   g_assert_null (strstr (out, "since -"));
   g_assert_nonnull (strstr (out, "\nNOT CLEAR: 1 account held by its user, "
                                  "1 blocked (password-not-synchronised); 2 "
                                  "clear.\n"));
   json_t *rows = csv_rows (f->csv);
   g_assert_cmpuint (json_array_size (rows), ==, 2);
   g_assert_cmpstr (cell (csv_row_of (rows, "U00003"), "action"), ==,
                    "log-off");
   json_decref (rows);
   g_autofree char *html = NULL;
   g_assert_true (g_file_get_contents (f->html, &html, NULL, NULL));
   g_assert_nonnull (strstr (html, "<td>U00001</td><td>User 1</td>"));
   lock_holder_process_stop_and_assert_intact (h);
}

// explain's JSON names the account's full name; --verbose's table gives
// the reason where no holder is, never "(the user list)".
static void
test_explain_and_verbose_name_the_account (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   const char *explain[] = {
      "explain",      "--plugin", test_env ("MMFG_PLUGIN"),
      "--config",     f->config,  "--event",
      "7007",         "--insert", "U00002",
      "--insert",     mmf,        "--postoffice",
      f->po.maildata, "--users",  f->po.users_csv,
      "--json",       f->json,    NULL};
   g_assert_cmpint (mig_host_runv (NULL, explain, NULL, NULL), ==, 0);
   json_t *root = report_load (f->json);
   json_t *account = json_object_get (root, "account");
   g_assert_cmpstr (report_str (account, "full_name"), ==, "User 2");
   json_decref (root);

   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (f->po.users_csv, &text, NULL, NULL));
   g_autoptr (GString) users = g_string_new (text);
   g_string_replace (users, "00000A02,\r\n", "00000A02,last tuesday\r\n", 1);
   g_assert_true (g_file_set_contents (f->po.users_csv, users->str, -1, NULL));
   g_autofree char *out = NULL;
   const char *verbose[] = {"--verbose", NULL};
   g_assert_cmpint (run_host (f, "preflight", &out, verbose), ==, 2);
   g_test_message ("%s", out);
   g_assert_null (strstr (out, "(the user list)"));
   g_autoptr (GRegex) row =
      g_regex_new ("^U00002 +block +user-list-row +\\S.*last tuesday",
                   G_REGEX_MULTILINE, 0, NULL);
   g_assert_true (g_regex_match (row, out, 0, NULL));
   // The go / no-go line ends the verbose report.
   g_assert_nonnull (strstr (out, "\nNO-GO: 1 account blocked ("));
   g_assert_nonnull (strstr (out, "blocked (user-list-row)"));
   // On the call list the administrator is the one to act.
   json_t *rows = csv_rows (f->csv);
   json_t *row2 = csv_row_of (rows, "U00002");
   g_assert_cmpstr (cell (row2, "action"), ==, "admin");
   g_assert_cmpstr (cell (row2, "cause"), ==, "user-list-row");
   g_assert_true (
      g_str_has_prefix (cell (row2, "what_to_ask"), "Nothing to ask the user"));
   g_assert_nonnull (strstr (cell (row2, "reason"), "last tuesday"));
   json_decref (rows);
   g_assert_nonnull (strstr (out, "; 1 may proceed.\n"));
}

// Nothing held, nothing blocked: the one line says go.
static void
test_all_clear_says_go (Fixture *f, gconstpointer data)
{
   (void) data;
   g_autofree char *out = NULL;
   g_assert_cmpint (run_host (f, "preflight", &out, NULL), ==, 0);
   g_assert_true (g_str_has_prefix (out, "GO: all 3 accounts may proceed.\n"));
   json_t *rows = csv_rows (f->csv);
   g_assert_cmpuint (json_array_size (rows), ==, 0);
   json_decref (rows);

   // No account to migrate is nothing vouched for: never a go, and not an
   // exit 0 either; the list is refused at the start (65).
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (f->po.users_csv, &text, NULL, NULL));
   g_autoptr (GString) users = g_string_new (text);
   g_string_replace (users, ",Y,", ",N,", 0);
   g_assert_true (g_file_set_contents (f->po.users_csv, users->str, -1, NULL));
   g_autofree char *none = NULL;
   g_assert_cmpint (run_host (f, "preflight", &none, NULL), ==, 65);
   g_assert_null (strstr (none, "GO:"));
}

// ---------------------------------------------------------------------------
// German throughout: mig-host's own lines follow --locale like the
// plugin's text. Proper names, paths, cause ids and command names stay.

static const char *const english_words[] = {
   "account", "accounts",    "migrated",   "deferred",    "blocked",
   "proceed", "See",         "What to do", "holder",      "since",
   "held",    "clear",       "after",      "post office", "Why",
   "steps",   "Retry after", "Message id", "Found",       "Pass",
   "the",     "not",         "and",        "waiting",     "Ask",
   "Nothing", "Every",       NULL};

// The English words found in `text` (whole words, any case; a word inside
// a cause id or program name such as lock-holder is not one), one line.
static char *
english_in (const char *text)
{
   GString *found = g_string_new (NULL);
   for (gsize i = 0; english_words[i] != NULL; i++) {
      g_autofree char *pattern =
         g_strdup_printf ("(?<![\\w-])%s(?![\\w-])", english_words[i]);
      g_autoptr (GMatchInfo) m = NULL;
      g_autoptr (GRegex) re = g_regex_new (pattern, G_REGEX_CASELESS, 0, NULL);
      if (g_regex_match (re, text, 0, &m)) {
         gint at = 0;
         g_match_info_fetch_pos (m, 0, &at, NULL);
         const char *b = text + at;
         while (b > text && b[-1] != '\n')
            b--;
         const char *e = strchr (text + at, '\n');
         g_string_append_printf (found, "\"%s\" in: %.*s\n", english_words[i],
                                 (int) (e != NULL ? e - b : (long) strlen (b)),
                                 b);
      }
   }
   return g_string_free (found, FALSE);
}

// The text a person reads: the generated full names ("User 2") and, for
// inspect, the plugin's own description and catalog rows (its data, in
// every language it has) left out.
static char *
readable (const char *text)
{
   g_autoptr (GRegex) names = g_regex_new ("User [0-9]+", 0, 0, NULL);
   g_autofree char *no_names =
      g_regex_replace_literal (names, text, -1, 0, "", 0, NULL);
   g_autoptr (GRegex) plugin_data = g_regex_new (
      "^Beschreibung:.*$|^Katalog:(.|\\n)*", G_REGEX_MULTILINE, 0, NULL);
   g_autofree char *no_data =
      g_regex_replace_literal (plugin_data, no_names, -1, 0, "", 0, NULL);
   // The HTML's tags, style and script.
   g_autoptr (GRegex) markup =
      g_regex_new ("<style>.*?</style>|<script>.*?</script>|<[^>]*>",
                   G_REGEX_DOTALL, 0, NULL);
   return g_regex_replace_literal (markup, no_data, -1, 0, " ", 0, NULL);
}

static char *
run_all (Fixture *f, const char *locale)
{
   GString *all = g_string_new (NULL);
   const char *const loc[] = {"--locale", locale, NULL};
   g_autofree char *name = g_strconcat ("exchange-", locale, NULL);
   g_autofree char *out_dir = g_build_filename (f->po.root, name, NULL);
   g_autofree char *events = g_strconcat (out_dir, ".events", NULL);
   const char *const migrate[] = {"--locale", locale,      "--out",
                                  out_dir,    "--retries", "0",
                                  "--events", events,      NULL};
   const char *const watch[] = {"--locale", locale, "--timeout", "1", NULL};
   const char *const *extra[] = {loc, migrate, watch};
   const char *const commands[] = {"preflight", "migrate", "watch"};
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      g_autofree char *out = NULL;
      run_host (f, commands[i], &out, extra[i]);
      g_autofree char *page = NULL;
      g_assert_true (g_file_get_contents (f->html, &page, NULL, NULL));
      if (strcmp (locale, "C") != 0)
         g_assert_nonnull (strstr (page, "<html lang=\"de\">"));
      g_string_append_printf (all, "%s\n%s\n", out, page);
      // The preflight's page also as a browser shows it (its DOM after the
      // script ran); without chromium the file's text is checked alone.
      g_autofree char *dom = i == 0 ? chromium_dom (f->html) : NULL;
      if (dom != NULL)
         g_string_append_printf (all, "%s\n", dom);
   }
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *explain = NULL, *inspect = NULL;
   mig_host_run (&explain, NULL, "explain", "--plugin",
                 test_env ("MMFG_PLUGIN"), "--locale", locale, "--event",
                 "7007", "--insert", "U00002", "--insert", mmf, NULL);
   mig_host_run (&inspect, NULL, "inspect", "--plugin",
                 test_env ("MMFG_PLUGIN"), "--locale", locale, NULL);
   // The events migrate logged, explained from the log.
   g_autofree char *from_log = NULL;
   mig_host_run (&from_log, NULL, "explain", "--plugin",
                 test_env ("MMFG_PLUGIN"), "--locale", locale, "--log", events,
                 NULL);
   g_assert_nonnull (strstr (from_log, "MSExchangeMig"));
   g_string_append_printf (all, "%s\n%s\n%s\n", explain, inspect, from_log);
   g_autofree char *raw = g_string_free (all, FALSE);
   return readable (raw);
}

// One account held, one without an MMF, one password recovered; the rest
// free. The German run has none of the English run's words.
static void
test_german_run_has_no_english (Fixture *f, gconstpointer data)
{
   (void) data;
   hold (f, 2);
   g_autofree char *missing = postoffice_fixture_mmf_of (&f->po, "00000A04");
   g_assert_cmpint (g_unlink (missing), ==, 0);
   g_autofree char *english = run_all (f, "C");
   g_autofree char *found_in_english = english_in (english);
   // The list finds English where there is some.
   for (gsize i = 0; english_words[i] != NULL; i++)
      if (strcmp (english_words[i], "Found") != 0 &&
          strcmp (english_words[i], "Pass") != 0 &&
          strcmp (english_words[i], "Nothing") != 0 &&
          strcmp (english_words[i], "Every") != 0) {
         g_autofree char *key =
            g_strdup_printf ("\"%s\" in:", english_words[i]);
         g_assert_nonnull (strstr (found_in_english, key));
      }
   g_assert_true (g_str_has_prefix (english, "NO-GO: "));
   g_autofree char *german = run_all (f, "de_DE.UTF-8");
   g_autofree char *found = english_in (german);
   if (found[0] != '\0')
      g_test_message ("English in the German run:\n%s", found);
   g_assert_cmpstr (found, ==, "");
   g_assert_true (g_str_has_prefix (german, "KEINE FREIGABE: "));
   g_assert_nonnull (strstr (german, "Was zu tun ist"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_setenv ("TZ", "UTC", TRUE);
#define ADD(path, data, fn)                                                    \
   g_test_add (path, Fixture, data, fixture_set_up, fn, fixture_tear_down)
   ADD ("/night-plan/preflight-300-accounts-50-held", "300 1",
        test_preflight_300_accounts_50_held);
   ADD ("/night-plan/hostile-names-in-csv-and-html", "4 1",
        test_hostile_names_in_csv_and_html);
   ADD ("/night-plan/migrate-writes-the-plan", "4 1",
        test_migrate_writes_the_plan);
   ADD ("/night-plan/watch-writes-the-plan", "4 1", test_watch_writes_the_plan);
   ADD ("/night-plan/all-clear-says-go", "3 0", test_all_clear_says_go);
   ADD ("/night-plan/explain-and-verbose-name-the-account", "3 1",
        test_explain_and_verbose_name_the_account);
   ADD ("/night-plan/german-run-has-no-english", "6 1",
        test_german_run_has_no_english);
#undef ADD
   return g_test_run ();
}
