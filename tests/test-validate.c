// test-validate.c — `mig-host validate` through its command line: mmfguard
// passes the conformance suite; the deliberately broken plugin
// (tests/broken-plugin) fails exactly the six cases it breaks.

#include <glib.h>
#include <glib/gstdio.h>
#include <jansson.h>
#include <string.h>
#ifndef G_OS_WIN32
#include <sys/wait.h>
#endif

#include "test-env.h"

// Runs `mig-host validate [extra] PLUGIN --json FILE`; returns the exit
// code and the parsed JSON.
static json_t *
validate (const char *plugin, const char *only, int *exit_code, char **out)
{
   g_autoptr (GError) error = NULL;
   g_autofree char *dir = g_dir_make_tmp ("test-validate-XXXXXX", &error);
   g_assert_no_error (error);
   g_autofree char *json = g_build_filename (dir, "validate.json", NULL);
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   g_ptr_array_add (argv, (char *) test_env ("MMFG_MIG_HOST"));
   g_ptr_array_add (argv, "validate");
   // A case that crashes is reported as crashed only if its process ends
   // within the limit; under Wine on a busy machine a crash of a 32-bit
   // process once took longer than the default 20 s and read as a hang.
   g_ptr_array_add (argv, "--timeout");
   g_ptr_array_add (argv, "90");
   g_ptr_array_add (argv, "--json");
   g_ptr_array_add (argv, json);
   if (only != NULL) {
      g_ptr_array_add (argv, "--only");
      g_ptr_array_add (argv, (char *) only);
   }
   g_ptr_array_add (argv, (char *) plugin);
   g_ptr_array_add (argv, NULL);
   int status = 0;
   g_autofree char *err = NULL;
   g_spawn_sync (NULL, (char **) argv->pdata, NULL, 0, NULL, NULL, out, &err,
                 &status, &error);
   g_assert_no_error (error);
   g_test_message ("stdout:\n%s\nstderr:\n%s", *out, err);
#ifdef G_OS_WIN32
   *exit_code = status; // on Windows, the exit code itself
#else
   g_assert_true (WIFEXITED (status));
   *exit_code = WEXITSTATUS (status);
#endif
   json_error_t jerr;
   json_t *root = json_load_file (json, 0, &jerr);
   if (root == NULL)
      g_error ("cannot read %s: %s", json, jerr.text);
   g_unlink (json);
   g_rmdir (dir);
   return root;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
   return g_strcmp0 (*(const char *const *) a, *(const char *const *) b);
}

// The names of the cases with `result`, sorted, comma-separated.
static char *
cases_with (json_t *root, const char *result)
{
   g_autoptr (GPtrArray) names = g_ptr_array_new ();
   size_t i;
   json_t *c;
   json_array_foreach (json_object_get (root, "cases"), i, c) {
      if (g_strcmp0 (json_string_value (json_object_get (c, "result")),
                     result) == 0)
         g_ptr_array_add (
            names, (char *) json_string_value (json_object_get (c, "case")));
   }
   g_ptr_array_sort (names, compare_names);
   g_ptr_array_add (names, NULL);
   return g_strjoinv (",", (char **) names->pdata);
}

static const char *
detail_of (json_t *root, const char *name)
{
   size_t i;
   json_t *c;
   json_array_foreach (json_object_get (root, "cases"), i, c) {
      if (g_strcmp0 (json_string_value (json_object_get (c, "case")), name) ==
          0)
         return json_string_value (json_object_get (c, "detail"));
   }
   g_error ("no case %s", name);
   return NULL;
}

static void
test_mmfguard_passes (void)
{
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = validate (test_env ("MMFG_PLUGIN"), NULL, &code, &out);
   g_autofree char *failed = cases_with (root, "FAIL");
   g_autofree char *skipped = cases_with (root, "skip");
   g_assert_cmpstr (failed, ==, "");
#ifdef G_OS_WIN32
   // POSIX record locks are a Unix matter: the two cases Windows skips.
   g_assert_cmpstr (skipped, ==, "client-holder-text-agrees,host-held-lock");
#else
   g_assert_cmpstr (skipped, ==, "");
#endif
   g_assert_cmpint (code, ==, 0);
   g_assert_cmpuint (json_array_size (json_object_get (root, "cases")), >=, 18);
   // The table names every case and the load time.
   g_assert_nonnull (strstr (out, "concurrent-calls"));
   g_assert_nonnull (strstr (detail_of (root, "load-time"), "ms"));
   json_decref (root);
}

// mig-host-check answers as a well-behaved plugin does while it checks the
// host: the conformance suite finds nothing wrong with it (its own report of
// what validate's hostile calls break goes to a file nobody reads).
static void
test_host_checker_passes (void)
{
   g_autofree char *dir = g_dir_make_tmp ("validate-checker-XXXXXX", NULL);
   g_assert_nonnull (dir);
   g_autofree char *report = g_build_filename (dir, "report.json", NULL);
   g_setenv ("MIG_HOST_CHECK_REPORT", report, TRUE);
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = validate (test_env ("MMFG_HOST_CHECK"), NULL, &code, &out);
   g_unsetenv ("MIG_HOST_CHECK_REPORT");
   g_autofree char *failed = cases_with (root, "FAIL");
   g_assert_cmpstr (failed, ==, "");
   g_assert_cmpint (code, ==, 0);
   json_decref (root);
   g_remove (report);
   g_rmdir (dir);
}

static void
test_broken_plugin_fails_exactly_its_cases (void)
{
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = validate (test_env ("MMFG_BROKEN_PLUGIN"), NULL, &code, &out);
   g_autofree char *failed = cases_with (root, "FAIL");
#ifdef G_OS_WIN32
   const char *client_case = ""; // a client's POSIX lock: skipped on Windows
#else
   const char *client_case = "client-holder-text-agrees,";
#endif
   g_autofree char *expected =
      g_strconcat (client_case,
                   "error-text-empty,findings-agree,invalid-hex-id-refused,"
                   "known-values-only,null-arguments,other-config-refused,"
                   "output-tail-untouched,struct-size-nonzero-tail,"
                   "text-buffer-small,"
                   "unknown-hook-ids",
                   NULL);
   g_assert_cmpstr (failed, ==, expected);
   g_assert_cmpint (code, ==, 2);
   // A crash is reported as one, in its own case only.
   g_assert_nonnull (strstr (detail_of (root, "null-arguments"), "crashed"));
   g_assert_nonnull (
      strstr (detail_of (root, "unknown-hook-ids"), "pre-migrate/1x"));
   g_assert_nonnull (
      strstr (detail_of (root, "text-buffer-small"), "wrote past"));
   g_assert_nonnull (
      strstr (detail_of (root, "findings-agree"), "without a cause"));
   const char *known = detail_of (root, "known-values-only");
   g_assert_nonnull (strstr (known, "bits ABI 1."));
   g_assert_nonnull (strstr (known, "log messages at a level"));
   g_assert_nonnull (
      strstr (detail_of (root, "error-text-empty"), "left the text"));
   g_assert_nonnull (strstr (detail_of (root, "invalid-hex-id-refused"),
                             "hex id NULL: proceed"));
   g_assert_nonnull (strstr (detail_of (root, "output-tail-untouched"),
                             "tail of a longer answer"));
#ifndef G_OS_WIN32
   g_assert_nonnull (strstr (detail_of (root, "client-holder-text-agrees"),
                             "not in the text"));
#endif
   json_decref (root);
}

static void
test_only_runs_the_cases_named (void)
{
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root =
      validate (test_env ("MMFG_BROKEN_PLUGIN"),
                "get-hook-null,init-reference-counted", &code, &out);
   g_assert_cmpuint (json_array_size (json_object_get (root, "cases")), ==, 2);
   g_autofree char *passed = cases_with (root, "pass");
   g_assert_cmpstr (passed, ==, "get-hook-null,init-reference-counted");
   g_assert_cmpint (code, ==, 0);
   json_decref (root);
}

// Runs `mig-host validate PLUGIN` and returns its exit code; *out and *err
// get what it printed.
static int
validate_plain (const char *plugin, char **out, char **err)
{
   const char *argv[] = {test_env ("MMFG_MIG_HOST"), "validate", plugin, NULL};
   int status = 0;
   g_autoptr (GError) error = NULL;
   g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, out, err, &status,
                 &error);
   g_assert_no_error (error);
#ifdef G_OS_WIN32
   return status;
#else
   g_assert_true (WIFEXITED (status));
   return WEXITSTATUS (status);
#endif
}

// What is not a plugin at all is one tool error (69), said once, naming
// the file: not every case failing "cannot load plugin".
static void
test_unloadable_plugin_is_one_error (void)
{
   g_autoptr (GError) error = NULL;
   g_autofree char *dir = g_dir_make_tmp ("test-validate-XXXXXX", &error);
   g_assert_no_error (error);
   g_autofree char *missing = g_build_filename (dir, "missing.so", NULL);
   g_autofree char *text = g_build_filename (dir, "notes.txt", NULL);
   g_assert_true (g_file_set_contents (text, "not a plugin\n", -1, NULL));
   const char *paths[] = {missing, dir, text, test_env ("MMFG_MIG_HOST")};
   for (gsize i = 0; i < G_N_ELEMENTS (paths); i++) {
      g_autofree char *out = NULL, *err = NULL;
      g_test_message ("validate %s", paths[i]);
      g_assert_cmpint (validate_plain (paths[i], &out, &err), ==, 69);
      g_autofree char *base = g_path_get_basename (paths[i]);
      g_assert_nonnull (strstr (err, base));
      g_assert_null (strstr (out, "CASE"));
      // One line of error, not one per case.
      g_auto (GStrv) lines = g_strsplit (g_strstrip (err), "\n", -1);
      g_assert_cmpuint (g_strv_length (lines), ==, 1);
   }
   g_unlink (text);
   g_rmdir (dir);
}

// A plugin that offers no pre-migrate/1 fails its case, whatever else it
// passes: a host could not tell it from one with nothing to say.
static void
test_no_pre_migrate_fails (void)
{
   int code = -1;
   g_autofree char *out = NULL;
   json_t *root = validate (test_env ("MMFG_NO_PRE_MIGRATE_PLUGIN"),
                            "pre-migrate-offered", &code, &out);
   g_autofree char *failed = cases_with (root, "FAIL");
   g_assert_cmpstr (failed, ==, "pre-migrate-offered");
   g_assert_nonnull (
      strstr (detail_of (root, "pre-migrate-offered"), "pre-migrate/1"));
   g_assert_cmpint (code, ==, 2);
   json_decref (root);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/validate/mmfguard-passes", test_mmfguard_passes);
   g_test_add_func ("/validate/host-checker-passes", test_host_checker_passes);
   g_test_add_func ("/validate/broken-plugin-fails-exactly-its-cases",
                    test_broken_plugin_fails_exactly_its_cases);
   g_test_add_func ("/validate/only-runs-the-cases-named",
                    test_only_runs_the_cases_named);
   g_test_add_func ("/validate/no-pre-migrate-fails",
                    test_no_pre_migrate_fails);
   g_test_add_func ("/validate/unloadable-plugin-is-one-error",
                    test_unloadable_plugin_is_one_error);
   return g_test_run ();
}
