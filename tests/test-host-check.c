// test-host-check.c — mig-host-check (MMFG_HOST_CHECK): every rule it
// checks quotes the specification word for word; a host that breaks one
// rule (broken-host, MMFG_BROKEN_HOST) is reported for that rule and no
// other; and mig-host, through each command, breaks none.

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>

#include "host-check-rules.h"
#include "mig-host-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

// `text` as the rules quote it: comment markers, backticks and emphasis
// dropped, white space collapsed to single spaces.
static char *
normalised (const char *text)
{
   GString *out = g_string_new (NULL);
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (char **line = lines; *line != NULL; line++) {
      const char *s = *line;
      while (*s == ' ' || *s == '\t')
         s++;
      if (g_str_has_prefix (s, "//"))
         s += 2;
      for (; *s != '\0'; s++) {
         if (*s == '`' || *s == '*')
            continue;
         if (g_ascii_isspace (*s)) {
            if (out->len > 0 && out->str[out->len - 1] != ' ')
               g_string_append_c (out, ' ');
            continue;
         }
         g_string_append_c (out, *s);
      }
      if (out->len > 0 && out->str[out->len - 1] != ' ')
         g_string_append_c (out, ' ');
   }
   return g_string_free (out, FALSE);
}

static char *
read_spec (const char *name)
{
   g_autofree char *path =
      g_build_filename (test_env ("MMFG_SOURCE_ROOT"), "abi", name, NULL);
   g_autofree char *text = NULL;
   g_autoptr (GError) error = NULL;
   g_file_get_contents (path, &text, NULL, &error);
   g_assert_no_error (error);
   return normalised (text);
}

static void
test_every_rule_quotes_the_specification (void)
{
   g_autofree char *header = read_spec ("mig-plugin.h");
   g_autofree char *readme = read_spec ("README.md");
   for (int rule = 0; rule < HC_N_RULES; rule++) {
      const HcRuleRow *row = hc_rule_row (rule);
      g_autofree char *sentence = normalised (row->sentence);
      g_strchomp (sentence);
      if (strstr (header, sentence) == NULL &&
          strstr (readme, sentence) == NULL)
         g_error ("rule %s quotes \"%s\", which neither abi/mig-plugin.h nor "
                  "abi/README.md says",
                  row->id, sentence);
   }
}

// The checker's report after `run` wrote it; a new reference.
static json_t *
load_report (const char *path)
{
   json_t *report = report_load (path);
   g_assert_true (json_is_array (json_object_get (report, "violations")));
   return report;
}

static gint
compare_ids (gconstpointer a, gconstpointer b)
{
   return strcmp (*(const char *const *) a, *(const char *const *) b);
}

// The ids of the rules `report` says were broken, sorted, comma-separated.
static char *
violated_rules (json_t *report)
{
   g_autoptr (GPtrArray) ids = g_ptr_array_new ();
   size_t i;
   json_t *v;
   json_array_foreach (json_object_get (report, "violations"), i, v) {
      const char *rule = report_str (v, "rule");
      g_assert_nonnull (rule);
      g_test_message ("%s: %s", rule, report_str (v, "detail"));
      gboolean seen = FALSE;
      for (guint j = 0; j < ids->len; j++)
         seen = seen || g_str_equal (ids->pdata[j], rule);
      if (!seen)
         g_ptr_array_add (ids, (gpointer) rule);
   }
   g_ptr_array_sort (ids, compare_ids);
   g_ptr_array_add (ids, NULL);
   return g_strjoinv (",", (char **) ids->pdata);
}

typedef struct {
   char *dir;
   char *report;
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autoptr (GError) error = NULL;
   f->dir = g_dir_make_tmp ("host-check-XXXXXX", &error);
   g_assert_no_error (error);
   f->report = g_build_filename (f->dir, "report.json", NULL);
   g_setenv ("MIG_HOST_CHECK_REPORT", f->report, TRUE);
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_unsetenv ("MIG_HOST_CHECK_REPORT");
   g_unsetenv ("MIG_HOST_CHECK_VERDICT");
   g_remove (f->report);
   g_rmdir (f->dir);
   g_free (f->report);
   g_free (f->dir);
}

// Runs broken-host on the checker for `rule` (and `extra`, eg "crash",
// or NULL); its exit status
// goes to *status, its stderr to *err.
static void
run_broken_host (const char *rule, const char *extra, int *status, char **err)
{
   const char *argv[] = {test_env ("MMFG_BROKEN_HOST"),
                         test_env ("MMFG_HOST_CHECK"), rule, extra, NULL};
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                 err, status, &error);
   g_assert_no_error (error);
}

// broken-host breaking `rule` ("clean": none) is reported for it alone.
static void
test_broken_host_case (Fixture *f, gconstpointer data)
{
   const char *rule = data;
   int status = 0;
   g_autofree char *err = NULL;
   run_broken_host (rule, NULL, &status, &err);
   g_autoptr (GError) error = NULL;
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
   json_t *report = load_report (f->report);
   g_autofree char *violated = violated_rules (report);
   g_assert_cmpstr (violated, ==, g_str_equal (rule, "clean") ? "" : rule);
   json_decref (report);
}

// A host that crashes after breaking a rule still leaves a valid report
// naming it: the report is rewritten whole at each new finding.
static void
test_crashed_host_leaves_a_report (Fixture *f, gconstpointer unused)
{
   (void) unused;
   int status = 0;
   g_autofree char *err = NULL;
   run_broken_host ("reserved-zero", "crash", &status, &err);
   g_assert_false (g_spawn_check_wait_status (status, NULL));
   json_t *report = load_report (f->report);
   g_autofree char *violated = violated_rules (report);
   g_assert_cmpstr (violated, ==, "reserved-zero");
   json_decref (report);
}

// get_hook (NULL) breaks string-required: get_hook's id is a string the
// host passes like any other.
static void
test_get_hook_null_is_reported (Fixture *f, gconstpointer unused)
{
   (void) unused;
   int status = 0;
   g_autofree char *err = NULL;
   run_broken_host ("string-required", "get-hook", &status, &err);
   g_assert_true (g_spawn_check_wait_status (status, NULL));
   json_t *report = load_report (f->report);
   g_autofree char *violated = violated_rules (report);
   g_assert_cmpstr (violated, ==, "string-required");
   json_t *v = json_array_get (json_object_get (report, "violations"), 0);
   g_assert_nonnull (strstr (report_str (v, "detail"), "get_hook's id"));
   json_decref (report);
}

// Without $MIG_HOST_CHECK_REPORT each broken rule, and the report at the
// last deinit, go to the host's log.
static void
test_without_report_file_the_host_log_says_it (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_unsetenv ("MIG_HOST_CHECK_REPORT");
   int status = 0;
   g_autofree char *err = NULL;
   run_broken_host ("reserved-zero", NULL, &status, &err);
   g_setenv ("MIG_HOST_CHECK_REPORT", f->report, TRUE);
   g_assert_true (g_spawn_check_wait_status (status, NULL));
   g_test_message ("%s", err);
   g_assert_nonnull (
      strstr (err, "broken-host log 3: rule reserved-zero broken"));
   g_assert_nonnull (strstr (err, "report: {\"rules_checked\""));
   g_assert_false (g_file_test (f->report, G_FILE_TEST_EXISTS));
}

typedef struct {
   Fixture base;
   PostofficeFixture po;
} HostFixture;

static void
host_set_up (HostFixture *f, gconstpointer unused)
{
   fixture_set_up (&f->base, unused);
   postoffice_fixture_make_sized (&f->po, "4 1");
}

static void
host_tear_down (HostFixture *f, gconstpointer unused)
{
   postoffice_fixture_clear (&f->po);
   fixture_tear_down (&f->base, unused);
}

// The report of a mig-host run with the checker as its plugin has no
// violation and checked at least `min_rules` rules, `must_check` among them.
static void
assert_host_clean (HostFixture *f, int min_rules, const char *must_check)
{
   json_t *report = load_report (f->base.report);
   g_autofree char *violated = violated_rules (report);
   g_assert_cmpstr (violated, ==, "");
   g_assert_cmpint (report_num (report, "rules_checked"), >=, min_rules);
   if (must_check != NULL)
      g_assert_cmpint (
         report_num (json_object_get (report, "checks_per_rule"), must_check),
         >, 0);
   json_decref (report);
}

// Runs mig-host in `cwd` (NULL: the test's folder) with the checker.
static void
run_mig_host_in (const char *cwd, const char *first, ...)
{
   g_autoptr (GPtrArray) args = g_ptr_array_new ();
   va_list ap;
   va_start (ap, first);
   for (const char *arg = first; arg != NULL; arg = va_arg (ap, const char *))
      g_ptr_array_add (args, (gpointer) arg);
   va_end (ap);
   g_ptr_array_add (args, "--plugin");
   g_ptr_array_add (args, (gpointer) test_env ("MMFG_HOST_CHECK"));
   g_ptr_array_add (args, NULL);
   const MigHostSetting setting = {.cwd = cwd};
   int code =
      mig_host_runv (&setting, (const char *const *) args->pdata, NULL, NULL);
   // No opinion defers every account (1); "proceed" may still fail (2).
   g_assert_cmpint (code, >=, 0);
   g_assert_cmpint (code, <=, 2);
}

#define run_mig_host(...) run_mig_host_in (NULL, __VA_ARGS__)

static void
test_mig_host_preflight_keeps_every_rule (HostFixture *f, gconstpointer unused)
{
   (void) unused;
   run_mig_host ("preflight", "--postoffice", f->po.maildata, "--users",
                 f->po.users_csv, NULL);
   assert_host_clean (f, 20, "batch-postoffice");
}

// Given a relative post office, mig-host passes the plugin an absolute one.
static void
test_mig_host_resolves_a_relative_postoffice (HostFixture *f,
                                              gconstpointer unused)
{
   (void) unused;
   run_mig_host_in (f->po.root, "preflight", "--postoffice", "MAILDATA",
                    "--users", "users.csv", NULL);
   assert_host_clean (f, 20, "postoffice-absolute");
}

static void
test_mig_host_migrate_keeps_every_rule (HostFixture *f, gconstpointer data)
{
   g_setenv ("MIG_HOST_CHECK_VERDICT", data, TRUE);
   g_autofree char *out = g_build_filename (f->po.root, "out", NULL);
   run_mig_host ("migrate", "--postoffice", f->po.maildata, "--users",
                 f->po.users_csv, "--out", out, "--retries", "1",
                 "--retry-delay", "0.01", "--jobs", "3", NULL);
   // Proceeding, the recovered password's copy fails and on-error is asked.
   assert_host_clean (
      f, 20, g_str_equal (data, "proceed") ? "inserts" : "batch-end-once");
}

static void
test_mig_host_watch_keeps_every_rule (HostFixture *f, gconstpointer unused)
{
   (void) unused;
   run_mig_host ("watch", "--timeout", "1", "--postoffice", f->po.maildata,
                 "--users", f->po.users_csv, NULL);
   assert_host_clean (f, 20, "batch-open");
}

static void
test_mig_host_explain_keeps_every_rule (HostFixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   run_mig_host ("explain", "--event", "7007", "--insert", "U00002", "--insert",
                 mmf, "--postoffice", f->po.maildata, "--users",
                 f->po.users_csv, NULL);
   assert_host_clean (f, 15, "inserts");
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/host-check/every-rule-quotes-the-specification",
                    test_every_rule_quotes_the_specification);
   g_test_add ("/host-check/broken-host/clean", Fixture, "clean",
               fixture_set_up, test_broken_host_case, fixture_tear_down);
   for (int rule = 0; rule < HC_N_RULES; rule++) {
      const char *id = hc_rule_row (rule)->id;
      g_autofree char *name =
         g_strdup_printf ("/host-check/broken-host/%s", id);
      g_test_add (name, Fixture, id, fixture_set_up, test_broken_host_case,
                  fixture_tear_down);
   }
   g_test_add ("/host-check/crashed-host-leaves-a-report", Fixture, NULL,
               fixture_set_up, test_crashed_host_leaves_a_report,
               fixture_tear_down);
   g_test_add ("/host-check/get-hook-null-is-reported", Fixture, NULL,
               fixture_set_up, test_get_hook_null_is_reported,
               fixture_tear_down);
   g_test_add ("/host-check/without-report-file-the-host-log-says-it", Fixture,
               NULL, fixture_set_up,
               test_without_report_file_the_host_log_says_it,
               fixture_tear_down);
   g_test_add ("/host-check/mig-host/preflight", HostFixture, NULL, host_set_up,
               test_mig_host_preflight_keeps_every_rule, host_tear_down);
   g_test_add ("/host-check/mig-host/preflight-relative-postoffice",
               HostFixture, NULL, host_set_up,
               test_mig_host_resolves_a_relative_postoffice, host_tear_down);
   g_test_add ("/host-check/mig-host/migrate-no-opinion", HostFixture,
               "no-opinion", host_set_up,
               test_mig_host_migrate_keeps_every_rule, host_tear_down);
   g_test_add ("/host-check/mig-host/migrate-proceed", HostFixture, "proceed",
               host_set_up, test_mig_host_migrate_keeps_every_rule,
               host_tear_down);
   g_test_add ("/host-check/mig-host/watch", HostFixture, NULL, host_set_up,
               test_mig_host_watch_keeps_every_rule, host_tear_down);
   g_test_add ("/host-check/mig-host/explain", HostFixture, NULL, host_set_up,
               test_mig_host_explain_keeps_every_rule, host_tear_down);
   return g_test_run ();
}
