// Unit tests of the configuration: every key, the defaults, and malformed
// files refused with the file, the line and the key.

#include <glib/gstdio.h>
#include <string.h>

#include "mig-plugin.h"
#include "settings.h"

static char *
write_config (const char *text)
{
   g_autoptr (GError) error = NULL;
   char *path = NULL;
   int fd = g_file_open_tmp ("mmfg-config-XXXXXX.ini", &path, &error);
   g_assert_no_error (error);
   close (fd);
   g_assert_true (g_file_set_contents (path, text, -1, NULL));
   return path;
}

static MmfgSettings *
load_ok (const char *text)
{
   g_autofree char *path = write_config (text);
   g_autoptr (GError) error = NULL;
   MmfgSettings *s = mmfg_settings_load (path, &error);
   g_assert_no_error (error);
   g_unlink (path);
   return s;
}

// Loads a bad file; returns its error message with the temp path replaced by
// "FILE" so assertions read plainly.
static char *
load_error (const char *text)
{
   g_autofree char *path = write_config (text);
   g_autoptr (GError) error = NULL;
   MmfgSettings *s = mmfg_settings_load (path, &error);
   g_assert_null (s);
   g_assert_nonnull (error);
   g_unlink (path);
   g_autoptr (GString) msg = g_string_new (error->message);
   g_string_replace (msg, path, "FILE", 0);
   return g_string_free (g_steal_pointer (&msg), FALSE);
}

static void
test_defaults (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   g_assert_cmpint (s->verdict[MMFG_CAUSE_MMF_IN_USE], ==, MIG_VERDICT_DEFER);
   g_assert_cmpint (s->verdict[MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED], ==,
                    MIG_VERDICT_BLOCK);
   g_assert_cmpint (s->verdict[MMFG_CAUSE_MMF_NOT_ON_POSTOFFICE], ==,
                    MIG_VERDICT_BLOCK);
   g_assert_cmpint (s->verdict[MMFG_CAUSE_LOCK_STATE_UNKNOWN], ==,
                    MIG_VERDICT_DEFER);
   g_assert_cmpint (s->verdict[MMFG_CAUSE_MMF_RECENTLY_ACTIVE], ==,
                    MIG_VERDICT_PROCEED);
   g_assert_cmpuint (s->idle_interval_s, ==, 3600);
   g_assert_cmpuint (s->retry_after_s, ==, 300);
   g_assert_true (s->fail_closed);
   g_assert_cmpint (s->samba, ==, MMFG_SAMBA_AUTO);
   g_assert_null (s->site_catalog_dir);
   g_assert_cmpuint (s->path_maps->len, ==, 0);
}

static void
test_every_key (void)
{
   g_autoptr (MmfgSettings) s = load_ok ("# a site's policy\n"
                                         "[policy]\n"
                                         "mmf-in-use = block\n"
                                         "mmf-recently-active = defer\n"
                                         "lock-state-unknown = defer\n"
                                         "retry-after = 120\n"
                                         "idle-minutes = 15\n"
                                         "fail-closed = false\n"
                                         "[locks]\n"
                                         "stale-after-minutes = 90\n"
                                         "[samba]\n"
                                         "mode = on\n"
                                         "smbstatus = /usr/bin/smbstatus\n"
                                         "config = /tmp/smb.conf\n"
                                         "timeout-ms = 2500\n"
                                         "[catalog]\n"
                                         "site-dir = /etc/mmfguard/catalog.d\n"
                                         "[path-map mailsrv]\n"
                                         "windows = \\\\MAILSRV\\MAILDATA\n"
                                         "local = /srv/msmail/MAILDATA\n"
                                         "[path-map drive]\n"
                                         "windows = M:\n"
                                         "local = /srv/msmail/MAILDATA\n");
   g_assert_cmpint (s->verdict[MMFG_CAUSE_MMF_IN_USE], ==, MIG_VERDICT_BLOCK);
   g_assert_cmpint (s->verdict[MMFG_CAUSE_MMF_RECENTLY_ACTIVE], ==,
                    MIG_VERDICT_DEFER);
   g_assert_cmpuint (s->retry_after_s, ==, 120);
   g_assert_cmpuint (s->idle_interval_s, ==, 15 * 60);
   g_assert_false (s->fail_closed);
   g_assert_cmpuint (s->stale_after_s, ==, 90 * 60);
   g_assert_cmpint (s->samba, ==, MMFG_SAMBA_ON);
   g_assert_cmpstr (s->smbstatus_path, ==, "/usr/bin/smbstatus");
   g_assert_cmpstr (s->samba_config, ==, "/tmp/smb.conf");
   g_assert_cmpuint (s->smbstatus_timeout_ms, ==, 2500);
   g_assert_cmpstr (s->site_catalog_dir, ==, "/etc/mmfguard/catalog.d");
   g_assert_cmpuint (s->path_maps->len, ==, 2);

   g_autofree char *unc =
      mmfg_settings_map_path (s, "\\\\mailsrv\\maildata\\MMF\\0000023A.MMF");
   g_assert_cmpstr (unc, ==, "/srv/msmail/MAILDATA/MMF/0000023A.MMF");
   g_autofree char *drive = mmfg_settings_map_path (s, "m:\\MMF\\0000023A.MMF");
   g_assert_cmpstr (drive, ==, "/srv/msmail/MAILDATA/MMF/0000023A.MMF");
   g_autofree char *local =
      mmfg_settings_map_path (s, "/srv/x/MMF/0000023A.MMF");
   g_assert_cmpstr (local, ==, "/srv/x/MMF/0000023A.MMF");
   g_assert_null (
      mmfg_settings_map_path (s, "\\\\OTHER\\SHARE\\MMF\\0000023A.MMF"));
   g_assert_null (mmfg_settings_map_path (s, "M:\\..\\..\\etc\\shadow"));
   g_assert_null (
      mmfg_settings_map_path (s, "\\\\MAILSRV\\MAILDATAX\\MMF\\A.MMF"));
   g_assert_null (mmfg_settings_map_path (s, "M:\\MMF\\..\\..\\x"));
   // Found by fuzz-settings: a rest that is not UTF-8 crashed the mapping.
   g_autofree char *raw = mmfg_settings_map_path (s, "M:\\MMF\\\xff");
   g_assert_cmpstr (raw, ==, "/srv/msmail/MAILDATA/MMF/\xff");
}

static void
test_samba_modes (void)
{
   g_autoptr (MmfgSettings) off = load_ok ("[samba]\nmode = off\n");
   g_assert_cmpint (off->samba, ==, MMFG_SAMBA_OFF);
   g_autoptr (MmfgSettings) automatic = load_ok ("[samba]\nmode = AUTO\n");
   g_assert_cmpint (automatic->samba, ==, MMFG_SAMBA_AUTO);
}

static void
test_errors_name_file_line_and_key (void)
{
   struct {
      const char *text;
      const char *expected;
   } cases[] = {
      {"[policy]\nmmf-in-use = maybe\n",
       "FILE:2: [policy] mmf-in-use: “maybe” is not a verdict"},
      {"[policy]\n\nretry-after = soon\n",
       "FILE:3: [policy] retry-after: “soon” is not a whole number"},
      {"[policy]\nfail-closed = perhaps\n",
       "FILE:2: [policy] fail-closed: “perhaps” is not true or false"},
      {"[policy]\nmmf-in-uze = defer\n",
       "FILE:2: [policy] mmf-in-uze: unknown key"},
      {"[polcy]\n", "FILE:1: unknown group [polcy]"},
      {"[samba]\nmode = sometimes\n",
       "FILE:2: [samba] mode: “sometimes” is not a mode"},
      {"[samba]\ntimeout-ms = 5\n",
       "FILE:2: [samba] timeout-ms: “5” is not a whole number from 100"},
      {"[path-map x]\nwindows = M:\n",
       "[path-map x] local: a path map needs both"},
      {"[path-map x]\nwindows = M:\nlocal = relative/path\n",
       "FILE:3: [path-map x] local: “relative/path” is not an absolute"},
      {"[policy]\nthis line is wrong\n",
       "FILE:2: “this line is wrong” is neither"},
      {"[catalog]\nsite-dir =\n",
       "FILE:2: [catalog] site-dir: the value is empty"},
      {"[policy]\nretry-after = \xff\n", "FILE: not UTF-8"},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_autofree char *msg = load_error (cases[i].text);
      if (strstr (msg, cases[i].expected) == NULL)
         g_error ("case %zu: “%s” does not contain “%s”", i, msg,
                  cases[i].expected);
   }
}

static void
test_missing_file_is_an_error (void)
{
   g_autoptr (GError) error = NULL;
   g_assert_null (mmfg_settings_load ("/nonexistent/mmfguard.ini", &error));
   g_assert_nonnull (strstr (error->message, "/nonexistent/mmfguard.ini"));
}

// A [file-server] group with its credentials file in `mode`; the error
// message or NULL when it loaded.
static char *
file_server_with_credentials (guint mode, MmfgSettings **loaded)
{
   g_autofree char *auth =
      write_config ("username = admin\npassword = S3cret-Pw\n");
   g_assert_cmpint (g_chmod (auth, (int) mode), ==, 0);
   g_autofree char *text =
      g_strdup_printf ("[file-server FILESRV]\naddress = 10.0.0.5\ncredentials "
                       "= %s\ntimeout-ms = 2500\n",
                       auth);
   g_autofree char *path = write_config (text);
   g_autoptr (GError) error = NULL;
   *loaded = mmfg_settings_load (path, &error);
   g_unlink (path);
   g_unlink (auth);
   return error ? g_strdup (error->message) : NULL;
}

static void
test_file_server_group (void)
{
   MmfgSettings *s = NULL;
   g_autofree char *none = file_server_with_credentials (0600, &s);
   g_assert_null (none);
   const MmfgFileServerConfig *c = mmfg_settings_file_server (s, "filesrv");
   g_assert_nonnull (c);
   g_assert_cmpstr (c->name, ==, "FILESRV");
   g_assert_cmpstr (c->address, ==, "10.0.0.5");
   g_assert_cmpuint (c->timeout_ms, ==, 2500);
   g_assert_false (c->kerberos);
   g_assert_null (mmfg_settings_file_server (s, "OTHER"));
   mmfg_settings_free (s);
}

static void
test_credentials_readable_by_others_are_refused (void)
{
   MmfgSettings *s = NULL;
   g_autofree char *error = file_server_with_credentials (0644, &s);
   g_assert_null (s);
   g_assert_nonnull (error);
   g_test_message ("%s", error);
   g_assert_nonnull (strstr (error, "[file-server FILESRV] credentials"));
   g_assert_nonnull (strstr (error, "mode 0644"));
   g_assert_nonnull (strstr (error, "chmod 600 "));
   // The file is named, its content never.
   g_assert_null (strstr (error, "S3cret-Pw"));
}

static void
test_file_server_needs_a_way_to_log_on (void)
{
   g_autofree char *e1 = load_error ("[file-server FILESRV]\naddress = x\n");
   g_assert_nonnull (strstr (e1, "credentials = FILE"));
   g_autofree char *e2 =
      load_error ("[file-server FILESRV]\nkerberos = true\ncredentials = /x\n");
   g_assert_nonnull (strstr (e2, "not both"));
   g_autofree char *e3 =
      load_error ("[file-server FILESRV]\ncredentials = relative.auth\n");
   g_assert_nonnull (strstr (e3, "not an absolute path"));
   g_autofree char *e4 =
      load_error ("[file-server FILESRV]\nkerberos = true\npassword = x\n");
   g_assert_nonnull (strstr (e4, "unknown key"));
   g_autoptr (MmfgSettings) k =
      load_ok ("[file-server FILESRV]\nkerberos = true\n");
   g_assert_true (mmfg_settings_file_server (k, "FILESRV")->kerberos);
}

// The example configuration installed beside the plugin loads, and says
// exactly the defaults.
static void
test_example_configuration_is_the_defaults (void)
{
   g_autofree char *path = g_build_filename (
      g_getenv ("MMFG_SOURCE_ROOT"), "plugin", "core", "mmfguard.conf", NULL);
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSettings) example = mmfg_settings_load (path, &error);
   g_assert_no_error (error);
   g_autoptr (MmfgSettings) defaults = mmfg_settings_load (NULL, NULL);
   for (int c = 0; c < MMFG_CAUSE_COUNT; c++)
      g_assert_cmpint (example->verdict[c], ==, defaults->verdict[c]);
   g_assert_cmpuint (example->retry_after_s, ==, defaults->retry_after_s);
   g_assert_cmpuint (example->idle_interval_s, ==, defaults->idle_interval_s);
   g_assert_cmpint (example->fail_closed, ==, defaults->fail_closed);
   g_assert_cmpuint (example->stale_after_s, ==, defaults->stale_after_s);
   g_assert_cmpint (example->samba, ==, defaults->samba);
   g_assert_cmpstr (example->smbstatus_path, ==, defaults->smbstatus_path);
   g_assert_cmpuint (example->smbstatus_timeout_ms, ==,
                     defaults->smbstatus_timeout_ms);
   g_assert_cmpuint (example->path_maps->len, ==, 0);
   g_assert_cmpuint (example->file_servers->len, ==, 0);
}

static void
test_trailing_comment_is_explained (void)
{
   g_autofree char *e =
      load_error ("[policy]\nidle-minutes = 60   # minutes\n");
   g_assert_nonnull (strstr (e, "FILE:2: [policy] idle-minutes"));
   g_assert_nonnull (strstr (e, "a # comment must stand on a line of its own"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/settings/defaults", test_defaults);
   g_test_add_func ("/settings/example-is-defaults",
                    test_example_configuration_is_the_defaults);
   g_test_add_func ("/settings/trailing-comment",
                    test_trailing_comment_is_explained);
   g_test_add_func ("/settings/file-server", test_file_server_group);
   g_test_add_func ("/settings/file-server-credentials-mode",
                    test_credentials_readable_by_others_are_refused);
   g_test_add_func ("/settings/file-server-logon",
                    test_file_server_needs_a_way_to_log_on);
   g_test_add_func ("/settings/every-key", test_every_key);
   g_test_add_func ("/settings/samba-modes", test_samba_modes);
   g_test_add_func ("/settings/errors-name-file-line-and-key",
                    test_errors_name_file_line_and_key);
   g_test_add_func ("/settings/missing-file-is-an-error",
                    test_missing_file_is_an_error);
   return g_test_run ();
}
