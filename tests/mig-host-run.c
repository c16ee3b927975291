// mig-host-run.c — see mig-host-run.h.

#include "mig-host-run.h"

#include <string.h>

#include "test-env.h"

// The program, `args`, the NULL: argv for GSubprocess.
static GPtrArray *
host_argv (const char *const *args)
{
   GPtrArray *argv = g_ptr_array_new ();
   g_ptr_array_add (argv, (char *) test_env ("MMFG_MIG_HOST"));
   for (gsize i = 0; args != NULL && args[i] != NULL; i++)
      g_ptr_array_add (argv, (char *) args[i]);
   g_ptr_array_add (argv, NULL);
   return argv;
}

static char *
text_of (GBytes *bytes)
{
   gsize len = 0;
   const char *data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;
   return g_strndup (data != NULL ? data : "", len);
}

static int
exit_code (GSubprocess *process)
{
   g_assert_true (g_subprocess_get_if_exited (process)); // never a crash
   return g_subprocess_get_exit_status (process);
}

int
mig_host_runv (const MigHostSetting *setting, const char *const *args,
               char **out, char **err)
{
   static const MigHostSetting as_the_test = {0};
   const MigHostSetting *s = setting != NULL ? setting : &as_the_test;
   GSubprocessFlags flags =
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE;
   if (s->stdin_text != NULL)
      flags |= G_SUBPROCESS_FLAGS_STDIN_PIPE;
   g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (flags);
   if (s->cwd != NULL)
      g_subprocess_launcher_set_cwd (launcher, s->cwd);
   if (s->env_name != NULL && s->env_value != NULL)
      g_subprocess_launcher_setenv (launcher, s->env_name, s->env_value, TRUE);
   else if (s->env_name != NULL)
      g_subprocess_launcher_unsetenv (launcher, s->env_name);

   g_autoptr (GPtrArray) argv = host_argv (args);
   g_autoptr (GError) error = NULL;
   g_autoptr (GSubprocess) process = g_subprocess_launcher_spawnv (
      launcher, (const char *const *) argv->pdata, &error);
#ifdef G_OS_WIN32
   // Under Wine, in a prefix just made, GLib's spawn helper once failed to
   // start mig-host at all ("Invalid argument"): mig-host never ran, so
   // starting it again hides nothing it did. Twice more at most.
   for (int retry = 0;
        process == NULL && retry < 2 &&
        g_error_matches (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED);
        retry++) {
      g_test_message ("starting mig-host failed (%s); starting it again",
                      error->message);
      g_clear_error (&error);
      process = g_subprocess_launcher_spawnv (
         launcher, (const char *const *) argv->pdata, &error);
   }
#endif
   g_assert_no_error (error);
   g_autoptr (GBytes) in =
      s->stdin_text != NULL
         ? g_bytes_new_static (s->stdin_text, strlen (s->stdin_text))
         : NULL;
   g_autoptr (GBytes) out_bytes = NULL;
   g_autoptr (GBytes) err_bytes = NULL;
   g_subprocess_communicate (process, in, NULL, &out_bytes, &err_bytes, &error);
   g_assert_no_error (error);
   g_autofree char *o = text_of (out_bytes);
   g_autofree char *e = text_of (err_bytes);
   g_test_message ("mig-host %s\nstdout:\n%s\nstderr:\n%s",
                   args != NULL && args[0] != NULL ? args[0] : "", o, e);
   int code = exit_code (process);
   if (out != NULL)
      *out = g_steal_pointer (&o);
   if (err != NULL)
      *err = g_steal_pointer (&e);
   return code;
}

int
mig_host_run_valist (const MigHostSetting *setting, char **out, char **err,
                     va_list args)
{
   g_autoptr (GPtrArray) list = g_ptr_array_new ();
   for (const char *a = va_arg (args, const char *); a != NULL;
        a = va_arg (args, const char *))
      g_ptr_array_add (list, (char *) a);
   g_ptr_array_add (list, NULL);
   return mig_host_runv (setting, (const char *const *) list->pdata, out, err);
}

int
mig_host_run (char **out, char **err, ...)
{
   va_list args;
   va_start (args, err);
   int code = mig_host_run_valist (NULL, out, err, args);
   va_end (args);
   return code;
}

void
mig_host_start (MigHostProcess *p, const char *const *args)
{
   g_autoptr (GPtrArray) argv = host_argv (args);
   g_autoptr (GError) error = NULL;
   p->process = g_subprocess_newv ((const char *const *) argv->pdata,
                                   G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
   g_assert_no_error (error);
   p->lines =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (p->process));
   p->read = g_string_new (NULL);
}

char *
mig_host_read_line (MigHostProcess *p)
{
   g_autoptr (GError) error = NULL;
   char *line =
      g_data_input_stream_read_line_utf8 (p->lines, NULL, NULL, &error);
   g_assert_no_error (error);
   if (line != NULL)
      g_string_append_printf (p->read, "%s\n", line);
   return line;
}

gboolean
mig_host_read_until (MigHostProcess *p, const char *prefix)
{
   for (;;) {
      g_autofree char *line = mig_host_read_line (p);
      if (line == NULL)
         return FALSE;
      if (prefix != NULL && g_str_has_prefix (line, prefix))
         return TRUE;
   }
}

int
mig_host_finish (MigHostProcess *p, char **rest)
{
   gsize before = p->read->len;
   mig_host_read_until (p, NULL);
   g_autoptr (GError) error = NULL;
   g_subprocess_wait (p->process, NULL, &error);
   g_assert_no_error (error);
   g_test_message ("mig-host stdout:\n%s", p->read->str);
   int code = exit_code (p->process);
   if (rest != NULL)
      *rest = g_strdup (p->read->str + before);
   g_clear_object (&p->lines);
   g_clear_object (&p->process);
   g_string_free (g_steal_pointer (&p->read), TRUE);
   return code;
}

guint
output_count (const char *text, const char *needle)
{
   guint n = 0;
   for (const char *p = strstr (text, needle); p != NULL;
        p = strstr (p + 1, needle))
      n++;
   return n;
}

json_t *
report_load (const char *path)
{
   g_autofree char *text = NULL;
   g_autoptr (GError) error = NULL;
   if (!g_file_get_contents (path, &text, NULL, &error))
      g_error ("cannot read the report: %s", error->message);
   return report_parse (text);
}

json_t *
report_parse (const char *text)
{
   json_error_t jerr;
   json_t *root = json_loads (text, 0, &jerr);
   if (root == NULL)
      g_error ("not JSON (%s, line %d): %s", jerr.text, jerr.line, text);
   return root;
}

json_t *
report_account (json_t *report, const char *user)
{
   size_t i;
   json_t *a;
   json_array_foreach (json_object_get (report, "accounts"), i, a) {
      if (g_strcmp0 (report_str (a, "user"), user) == 0)
         return a;
   }
   g_error ("no account %s in the report", user);
   return NULL;
}

const char *
report_str (json_t *object, const char *key)
{
   return json_string_value (json_object_get (object, key));
}

json_int_t
report_num (json_t *object, const char *key)
{
   return json_integer_value (json_object_get (object, key));
}

void
report_assert_outcome (json_t *report, const char *user, const char *outcome)
{
   json_t *a = report_account (report, user);
   if (g_strcmp0 (report_str (a, "outcome"), outcome) != 0)
      g_error ("%s: outcome %s, expected %s (cause %s)", user,
               report_str (a, "outcome"), outcome, report_str (a, "cause"));
}
