// test-plugin-lookup.c — which plugin mig-host loads when --plugin is not
// given ($MIG_PLUGIN, then the installed path), and inspect's --json and
// --catalog, through the command line.

#include <glib.h>
#include <jansson.h>
#include <string.h>

#include "mig-host-run.h"
#include "postoffice-fixture.h"
#include "test-env.h"

// Runs mig-host with `mig_plugin` as $MIG_PLUGIN (NULL: unset) and the
// arguments (NULL-terminated); returns its exit code.
static int
run_host (const char *mig_plugin, char **out, char **err, ...)
{
   const MigHostSetting setting = {.env_name = "MIG_PLUGIN",
                                   .env_value = mig_plugin};
   va_list args;
   va_start (args, err);
   int code = mig_host_run_valist (&setting, out, err, args);
   va_end (args);
   return code;
}

// The string `key` of `object`, which must be there.
static const char *
str (json_t *object, const char *key)
{
   const char *value = report_str (object, key);
   g_assert_nonnull (value);
   return value;
}

static void
test_mig_plugin_is_loaded_and_inspect_says_so (void)
{
   g_autofree char *out = NULL;
   g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), &out, NULL, "inspect",
                              "--json", NULL),
                    ==, 0);
   json_t *root = report_parse (out);
   json_t *plugin = json_object_get (root, "plugin");
   g_assert_cmpstr (str (plugin, "path"), ==, test_env ("MMFG_PLUGIN"));
   g_assert_cmpstr (str (plugin, "found"), ==, "environment");
   g_assert_cmpstr (str (plugin, "name"), ==, "mmfguard");
   g_assert_cmpuint (json_array_size (json_object_get (root, "hooks")), >, 0);
   g_assert_cmpuint (json_array_size (json_object_get (root, "catalog")), >, 0);
   json_decref (root);

   g_clear_pointer (&out, g_free);
   g_assert_cmpint (
      run_host (test_env ("MMFG_PLUGIN"), &out, NULL, "inspect", NULL), ==, 0);
   g_autofree char *line = g_strdup_printf (
      "Plugin:       %s (from $MIG_PLUGIN)\n", test_env ("MMFG_PLUGIN"));
   g_assert_nonnull (strstr (out, line));
}

static void
test_plugin_option_beats_mig_plugin (void)
{
   g_autofree char *out = NULL;
   // $MIG_PLUGIN names a missing file; --plugin wins and it is not looked at.
   g_assert_cmpint (run_host ("/nonexistent/other.so", &out, NULL, "inspect",
                              "--json", "--plugin", test_env ("MMFG_PLUGIN"),
                              NULL),
                    ==, 0);
   json_t *root = report_parse (out);
   g_assert_cmpstr (str (json_object_get (root, "plugin"), "found"), ==,
                    "option");
   json_decref (root);
}

static void
test_mig_plugin_missing_file_is_an_error_naming_it (void)
{
   g_autofree char *err = NULL;
   // A plugin that cannot be found is unavailable: 69 (EX_UNAVAILABLE).
   g_assert_cmpint (
      run_host ("/nonexistent/other.so", NULL, &err, "inspect", NULL), ==, 69);
   g_assert_nonnull (strstr (err, "/nonexistent/other.so"));
   g_assert_nonnull (strstr (err, "MIG_PLUGIN"));
}

// Neither --plugin nor $MIG_PLUGIN: the installed plugin when it is there
// (after `meson install` or with the package), else a request for --plugin
// naming where mig-host looked.
static void
test_without_plugin_the_installed_one_or_a_clear_request (void)
{
   const char *installed = test_env ("MMFG_INSTALLED_PLUGIN");
   g_autofree char *out = NULL;
   g_autofree char *err = NULL;
   int code = run_host (NULL, &out, &err, "inspect", "--json", NULL);
   if (g_file_test (installed, G_FILE_TEST_EXISTS)) {
      g_assert_cmpint (code, ==, 0);
      json_t *root = report_parse (out);
      json_t *plugin = json_object_get (root, "plugin");
      g_assert_cmpstr (str (plugin, "found"), ==, "installed");
      g_assert_cmpstr (str (plugin, "path"), ==, installed);
      json_decref (root);
      return;
   }
   g_assert_cmpint (code, ==, 69); // no plugin: unavailable, as documented
   g_assert_nonnull (strstr (err, installed));
   g_assert_nonnull (strstr (err, "--plugin"));
   g_assert_nonnull (strstr (err, "MIG_PLUGIN"));
   g_assert_cmpstr (out, ==, "");
}

static void
test_catalog_filters_one_event (void)
{
   g_autofree char *all = NULL;
   g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), &all, NULL, "inspect",
                              "--json", "--catalog", NULL),
                    ==, 0);
   json_t *everything = report_parse (all);
   g_assert_null (json_object_get (everything, "plugin")); // catalog only
   json_t *catalog = json_object_get (everything, "catalog");
   size_t n_7007 = 0;
   size_t i;
   json_t *e;
   json_array_foreach (catalog, i, e) {
      if (json_integer_value (json_object_get (e, "event")) == 7007)
         n_7007++;
   }
   g_assert_cmpuint (n_7007, >, 0);
   g_assert_cmpuint (n_7007, <, json_array_size (catalog));

   // --catalog=7007 and --catalog 7007 give exactly those entries.
   const char *const forms[][2] = {{"--catalog=7007", NULL},
                                   {"--catalog", "7007"}};
   for (gsize f = 0; f < G_N_ELEMENTS (forms); f++) {
      g_autofree char *out = NULL;
      g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), &out, NULL,
                                 "inspect", "--json", forms[f][0], forms[f][1],
                                 NULL),
                       ==, 0);
      json_t *root = report_parse (out);
      json_t *some = json_object_get (root, "catalog");
      g_assert_cmpuint (json_array_size (some), ==, n_7007);
      json_array_foreach (some, i, e) {
         g_assert_cmpint (json_integer_value (json_object_get (e, "event")), ==,
                          7007);
         g_assert_cmpuint (strlen (str (e, "message_id")), ==, 32);
      }
      json_decref (root);
   }

   // The text form: the catalog alone, only 7007's rows, and their count.
   g_autofree char *text = NULL;
   g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), &text, NULL, "inspect",
                              "--catalog=7007", NULL),
                    ==, 0);
   g_assert_null (strstr (text, "Hooks:"));
   g_assert_true (g_str_has_prefix (text, "Catalog:\n"));
   g_assert_null (strstr (text, "\n  7000 "));
   g_autofree char *count =
      g_strdup_printf ("  %zu entries for event 7007\n", n_7007);
   g_assert_true (g_str_has_suffix (text, count));
   json_decref (everything);

   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), NULL, &err, "inspect",
                              "--catalog=seven", NULL),
                    ==, 64);
   g_assert_nonnull (strstr (err, "seven"));
}

static void
test_preflight_and_explain_use_mig_plugin (void)
{
   PostofficeFixture po;
   postoffice_fixture_make (&po, 3, NULL);
   g_autofree char *json = g_build_filename (po.root, "report.json", NULL);
   g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), NULL, NULL, "preflight",
                              "--postoffice", po.maildata, "--users",
                              po.users_csv, "--json", json, NULL),
                    ==, 0);
   json_t *root = report_load (json);
   json_t *plugin = json_object_get (root, "plugin");
   g_assert_cmpstr (str (plugin, "path"), ==, test_env ("MMFG_PLUGIN"));
   g_assert_cmpuint (json_array_size (json_object_get (root, "accounts")), ==,
                     3);
   json_decref (root);

   g_autofree char *out = NULL;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&po, "00000A01");
   g_assert_cmpint (run_host (test_env ("MMFG_PLUGIN"), &out, NULL, "explain",
                              "--event", "7007", "--insert", "U00001",
                              "--insert", mmf, NULL),
                    !=, 2);
   g_assert_nonnull (strstr (out, "7007"));
   postoffice_fixture_clear (&po);
}

static void
test_migrate_no_plugin_and_plugin_contradict (void)
{
   g_autofree char *err = NULL;
   g_assert_cmpint (run_host (NULL, NULL, &err, "migrate", "--no-plugin",
                              "--plugin", test_env ("MMFG_PLUGIN"),
                              "--postoffice", "/tmp", "--users", "/tmp/u.csv",
                              "--out", "/tmp/out", NULL),
                    ==, 64);
   g_assert_nonnull (strstr (err, "--no-plugin"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/plugin-lookup/mig-plugin-is-loaded-and-inspect-says-so",
                    test_mig_plugin_is_loaded_and_inspect_says_so);
   g_test_add_func ("/plugin-lookup/plugin-option-beats-mig-plugin",
                    test_plugin_option_beats_mig_plugin);
   g_test_add_func (
      "/plugin-lookup/mig-plugin-missing-file-is-an-error-naming-it",
      test_mig_plugin_missing_file_is_an_error_naming_it);
   g_test_add_func (
      "/plugin-lookup/without-plugin-the-installed-one-or-a-clear-request",
      test_without_plugin_the_installed_one_or_a_clear_request);
   g_test_add_func ("/plugin-lookup/catalog-filters-one-event",
                    test_catalog_filters_one_event);
   g_test_add_func ("/plugin-lookup/preflight-and-explain-use-mig-plugin",
                    test_preflight_and_explain_use_mig_plugin);
   g_test_add_func ("/plugin-lookup/migrate-no-plugin-and-plugin-contradict",
                    test_migrate_no_plugin_and_plugin_contradict);
   return g_test_run ();
}
