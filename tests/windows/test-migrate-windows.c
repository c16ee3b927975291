// test-migrate-windows.c — `mig-host.exe migrate` under Wine (or Windows),
// the Windows counterpart of tests/test-migrate.c: a post office whose MMFs
// real Windows processes (hold-file.exe) hold the way running MS Mail
// clients do, one letting go during the run.

#include <gio/gio.h>
#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "../mig-host-run.h"
#include "../migrate-run.h"
#include "../test-env.h"
#include "windows-fixture.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_decref)

typedef struct {
   WinPostoffice po;
   MigrateFiles files; // where runs write
   WinHolder *leaves;
   WinHolder *stays;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   win_postoffice_make (&f->po, 6, 1);
   migrate_files_init (&f->files, f->po.root);
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   win_holder_stop (f->leaves);
   win_holder_stop (f->stays);
   win_postoffice_clear (&f->po);
   migrate_files_clear (&f->files);
}

static WinHolder *
hold (Fixture *f, const char *mode, const char *hex_id)
{
   g_autofree char *mmf = win_postoffice_mmf (&f->po, hex_id);
   return win_holder_start (mode, mmf);
}

// mig-host.exe migrate with `extra` options; while it runs, the holder
// `f->leaves` lets go once the first pass is printed. Returns the exit code.
static int
migrate (Fixture *f, const char *const *extra)
{
   g_autoptr (GPtrArray) args =
      migrate_args (f->po.maildata, f->po.users_csv, &f->files, extra);
   MigHostProcess p;
   mig_host_start (&p, (const char *const *) args->pdata);
   if (mig_host_read_until (&p, "Pass 1:") && f->leaves != NULL) {
      win_holder_stop (f->leaves);
      f->leaves = NULL;
   }
   return mig_host_finish (&p, NULL);
}

static GPtrArray *
events_with (Fixture *f, json_int_t id, const char *user)
{
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (f->files.events, &text, NULL, NULL));
   GPtrArray *found =
      g_ptr_array_new_with_free_func ((GDestroyNotify) json_decref);
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      json_t *e = lines[i][0] != '\0' ? json_loads (lines[i], 0, NULL) : NULL;
      if (e != NULL && report_num (e, "id") == id &&
          (user == NULL || g_strcmp0 (report_str (e, "user"), user) == 0))
         g_ptr_array_add (found, e);
      else if (e != NULL)
         json_decref (e);
   }
   return found;
}

// U00002's client leaves after the first pass, U00003's stays (deny-all),
// U00006's password was recovered: the plugin defers, retries, blocks.
static void
test_holders_come_and_go (Fixture *f, gconstpointer unused)
{
   (void) unused;
   f->leaves = hold (f, "deny-write", "00000A02");
   f->stays = hold (f, "deny-all", "00000A03");
   const char *extra[] = {"--plugin", test_env ("MMFG_PLUGIN"), "--retries",
                          "2",        "--retry-delay",          "0.2",
                          NULL};
   g_assert_cmpint (migrate (f, extra), ==, 2); // one blocked
   g_autoptr (json_t) root = report_load (f->files.json);

   report_assert_outcome (root, "U00002", "migrated");
   g_assert_cmpint (report_num (report_account (root, "U00002"), "attempts"),
                    >=, 2);
   assert_copied_intact (f->po.maildata, f->files.out, "00000A02");
   report_assert_outcome (root, "U00003", "deferred");
   g_assert_cmpstr (report_str (report_account (root, "U00003"), "cause"), ==,
                    "mmf-in-use");
   g_assert_cmpint (report_num (report_account (root, "U00003"), "attempts"),
                    ==, 3);
   assert_not_copied (f->files.out, "00000A03");
   report_assert_outcome (root, "U00006", "blocked");
   g_assert_cmpstr (report_str (report_account (root, "U00006"), "cause"), ==,
                    "password-not-synchronised");
   assert_not_copied (f->files.out, "00000A06");
   const char *others[] = {"00000A01", "00000A04", "00000A05"};
   for (gsize i = 0; i < G_N_ELEMENTS (others); i++)
      assert_copied_intact (f->po.maildata, f->files.out, others[i]);
   g_assert_cmpuint (count_out_files (f->files.out), ==, 4);
   g_autoptr (GPtrArray) summary = events_with (f, 10068, NULL);
   g_assert_cmpuint (summary->len, ==, 1);
   g_assert_cmpstr (report_str (g_ptr_array_index (summary, 0), "description"),
                    ==,
                    "Migration summary: 6 accounts; 4 migrated, 1 deferred, "
                    "1 blocked, 0 failed.");
}

// Without a plugin every account is attempted, as the stock wizard does: the
// held one fails with the wizard's 7007, the unsynchronised one with 7007
// and 7000, with the wizard's texts and the Windows paths.
static void
test_without_plugin_held_accounts_log_7007 (Fixture *f, gconstpointer unused)
{
   (void) unused;
   f->stays = hold (f, "deny-write", "00000A03");
   const char *extra[] = {"--no-plugin", "--retries", "0", NULL};
   g_assert_cmpint (migrate (f, extra), ==, 2);
   g_autoptr (json_t) root = report_load (f->files.json);
   report_assert_outcome (root, "U00003", "failed");
   g_assert_cmpstr (report_str (report_account (root, "U00003"), "host_cause"),
                    ==, "mmf-held");
   report_assert_outcome (root, "U00006", "failed");
   g_assert_cmpstr (report_str (report_account (root, "U00006"), "host_cause"),
                    ==, "password-not-synchronised");
   report_assert_outcome (root, "U00001", "migrated");
   assert_copied_intact (f->po.maildata, f->files.out, "00000A01");
   assert_not_copied (f->files.out, "00000A03");

   g_autofree char *p3 = win_postoffice_mmf (&f->po, "00000A03");
   g_autofree char *p6 = win_postoffice_mmf (&f->po, "00000A06");
   g_autofree char *d3 = g_strdup_printf (
      "Could not migrate MMF file for Account: U00003. MMF Path '%s'.", p3);
   g_autofree char *d6 = g_strdup_printf (
      "Could not migrate PAB file for account: U00006. PAB (MMF)Path '%s'.",
      p6);
   g_autoptr (GPtrArray) held = events_with (f, 7007, "U00003");
   g_assert_cmpuint (held->len, ==, 1);
   g_assert_cmpstr (report_str (g_ptr_array_index (held, 0), "description"), ==,
                    d3);
   g_assert_cmpstr (report_str (g_ptr_array_index (held, 0), "type"), ==,
                    "error");
   g_autoptr (GPtrArray) pab = events_with (f, 7000, "U00006");
   g_assert_cmpuint (pab->len, ==, 1);
   g_assert_cmpstr (report_str (g_ptr_array_index (pab, 0), "description"), ==,
                    d6);
   g_autoptr (GPtrArray) all_7007 = events_with (f, 7007, NULL);
   g_assert_cmpuint (all_7007->len, ==, 2);
}

static gint
compare_strings (gconstpointer a, gconstpointer b)
{
   return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

// --jobs 4 reaches the same outcomes as one account at a time.
static void
test_jobs_4_same_outcomes_as_jobs_1 (Fixture *f, gconstpointer unused)
{
   (void) unused;
   f->stays = hold (f, "deny-write", "00000A04");
   char *outcomes[2] = {NULL, NULL};
   const char *jobs[] = {"1", "4"};
   for (int run = 0; run < 2; run++) {
      const char *extra[] = {"--plugin",  test_env ("MMFG_PLUGIN"),
                             "--retries", "0",
                             "--jobs",    jobs[run],
                             NULL};
      g_assert_cmpint (migrate (f, extra), ==, 2);
      g_autoptr (json_t) root = report_load (f->files.json);
      // In user order: accounts are reported as they finish.
      g_autoptr (GPtrArray) items = g_ptr_array_new_with_free_func (g_free);
      size_t i;
      json_t *a;
      json_array_foreach (json_object_get (root, "accounts"), i, a)
         g_ptr_array_add (items,
                          g_strdup_printf ("%s=%s/%s ", report_str (a, "user"),
                                           report_str (a, "outcome"),
                                           report_str (a, "cause")));
      g_ptr_array_sort (items, compare_strings);
      g_ptr_array_add (items, NULL);
      outcomes[run] = g_strjoinv ("", (char **) items->pdata);
   }
   g_assert_cmpstr (outcomes[1], ==, outcomes[0]);
   g_assert_nonnull (strstr (outcomes[0], "U00004=deferred/mmf-in-use"));
   g_free (outcomes[0]);
   g_free (outcomes[1]);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(path, fn)                                                          \
   g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
   ADD ("/windows/migrate/holders-come-and-go", test_holders_come_and_go);
   ADD ("/windows/migrate/without-plugin-held-accounts-log-7007",
        test_without_plugin_held_accounts_log_7007);
   ADD ("/windows/migrate/jobs-4-same-outcomes-as-jobs-1",
        test_jobs_4_same_outcomes_as_jobs_1);
   return g_test_run ();
}
