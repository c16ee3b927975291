// test-host-check-windows.c — mig-host-check.dll under Wine (or Windows):
// mig-host.exe, loading it in place of mmfguard.dll, keeps every rule it
// checks through preflight and explain, and the report is written as on
// Linux.

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>

#include "../mig-host-run.h"
#include "../test-env.h"
#include "windows-fixture.h"

typedef struct {
   WinPostoffice po;
   char *report;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   win_postoffice_make (&f->po, 3, 1);
   f->report = g_build_filename (f->po.root, "host-check.json", NULL);
   g_setenv ("MIG_HOST_CHECK_REPORT", f->report, TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_unsetenv ("MIG_HOST_CHECK_REPORT");
   g_remove (f->report);
   win_postoffice_clear (&f->po);
   g_free (f->report);
}

static void
assert_clean (Fixture *f)
{
   json_t *report = report_load (f->report);
   json_t *violations = json_object_get (report, "violations");
   g_assert_true (json_is_array (violations));
   size_t i;
   json_t *v;
   json_array_foreach (violations, i, v) {
      g_test_message ("%s: %s", report_str (v, "rule"),
                      report_str (v, "detail"));
   }
   g_assert_cmpuint (json_array_size (violations), ==, 0);
   g_assert_cmpint (report_num (report, "rules_checked"), >=, 15);
   json_decref (report);
}

static void
test_preflight_and_explain_keep_every_rule (Fixture *f, gconstpointer unused)
{
   (void) unused;
   const char *plugin = test_env ("MMFG_HOST_CHECK");
   int code =
      mig_host_run (NULL, NULL, "preflight", "--plugin", plugin, "--postoffice",
                    f->po.maildata, "--users", f->po.users_csv, NULL);
   g_assert_cmpint (code, ==, 1); // no opinion: every account deferred
   assert_clean (f);
   g_remove (f->report);
   g_autofree char *mmf = win_postoffice_mmf (&f->po, "00000A02");
   code = mig_host_run (NULL, NULL, "explain", "--plugin", plugin, "--event",
                        "7007", "--insert", "U00002", "--insert", mmf, NULL);
   g_assert_cmpint (code, >=, 0);
   assert_clean (f);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add ("/host-check-windows/preflight-and-explain", Fixture, NULL,
               fixture_set_up, test_preflight_and_explain_keep_every_rule,
               fixture_tear_down);
   return g_test_run ();
}
