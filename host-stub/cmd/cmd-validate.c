// cmd-validate.c — `mig-host validate PLUGIN`: the ABI conformance suite, in
// the spirit of clap-validator.
//
// Every case (validate-cases.h) runs in a subprocess: mig-host re-executes
// itself as `mig-host validate --case NAME PLUGIN`, so a plugin that crashes
// or hangs fails that case only. Each subprocess has a time limit; its exit
// status is the case's result and its output the detail. A table (case,
// result, detail, time) is printed, and the exit status is 0 only when no
// case failed.

#include "cli.h"
#include "cmd/commands.h"
#include "display-text.h"
#include "report/report-output.h"
#include "validate/validate-cases.h"

#include "mig-plugin.h"

#include <glib/gi18n-lib.h>
#include <gio/gio.h>
#include <string.h>
#ifdef G_OS_WIN32
#include <windows.h>
#endif

enum {
   DEFAULT_TIMEOUT_S = 20,
};

typedef struct {
   char *case_name; // hidden: run this one case here
   char *config;
   char *only; // a comma-separated list of cases to run
   double timeout_s;
   char *json;
   char **rest;
} Options;

typedef struct {
   const MhValidateCaseInfo *info;
   const char *result; // "pass", "FAIL", "warn", "skip"
   gboolean failed;
   gboolean unloadable; // the plugin cannot be loaded: detail says why
   char *detail;
   double seconds;
} Outcome;

static void
options_clear (Options *o)
{
   g_free (o->case_name);
   g_free (o->config);
   g_free (o->only);
   g_free (o->json);
   g_strfreev (o->rest);
}

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   o->timeout_s = DEFAULT_TIMEOUT_S;
   GOptionEntry options[] = {
      {"case", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_STRING, &o->case_name,
       "Run one case in this process (what each subprocess does)", "NAME"},
      {"only", 0, 0, G_OPTION_ARG_STRING, &o->only,
       "Run only these cases (comma-separated names)", "NAMES"},
      {"config", 0, 0, G_OPTION_ARG_FILENAME, &o->config,
       "The plugin's configuration file", "FILE"},
      {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &o->timeout_s,
       "Seconds each case may take before it fails (default 20)", "S"},
      {"json", 0, 0, G_OPTION_ARG_FILENAME, &o->json,
       "Also write the results as JSON to FILE", "FILE"},
      {G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &o->rest, NULL,
       "PLUGIN"},
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new (NULL);
   GString *summary = g_string_new (
      "Runs a plugin through the ABI conformance suite, each case in a "
      "process of its own with a time limit, and prints a table.\n\nCases:");
   for (gsize i = 0; i < mh_validate_n_cases (); i++) {
      const MhValidateCaseInfo *info = mh_validate_case_at (i);
      g_string_append_printf (summary, "\n  %-26s %s", info->name,
                              info->summary);
   }
   g_autofree char *exit_status = mh_cli_exit_status (
      "0 no case failed (warnings and skips allowed); 2 some case failed",
      (const int[]){MH_EXIT_USAGE, MH_EXIT_UNAVAILABLE, MH_EXIT_CANTCREAT,
                    MH_EXIT_IOERR, -1});
   g_string_append_printf (summary, "\n\n%s", exit_status);
   g_option_context_set_summary (context, summary->str);
   g_string_free (summary, TRUE);
   g_option_context_add_main_entries (context, options, NULL);
   if (!mh_cli_parse (context, "validate", argc, argv))
      return FALSE;
   if (o->rest != NULL && g_strv_length (o->rest) != 1) {
      mh_cli_error ("validate", "%s",
                    _ ("give exactly one plugin, eg: mig-host "
                       "validate build/plugin/mmfguard.so"));
      return FALSE;
   }
   if (o->rest == NULL) {
      // No plugin named: the one every other command would load
      // ($MIG_PLUGIN, else the installed one), and when there is none the
      // same error and code (69) as theirs.
      MhCliOptions located = {0};
      if (!mh_cli_locate_plugin (&located, "validate",
                                 "or name it: mig-host validate FILE"))
         return FALSE;
      o->rest = g_new0 (char *, 2);
      o->rest[0] = g_steal_pointer (&located.plugin);
   }
   if (o->timeout_s <= 0 || o->timeout_s > 3600) {
      mh_cli_error ("validate", _ ("--timeout %g: give 0 to 3600 seconds"),
                    o->timeout_s);
      return FALSE;
   }
   if (o->case_name != NULL && !mh_validate_case_exists (o->case_name)) {
      mh_cli_error ("validate",
                    _ ("no case \"%s\"; mig-host validate --help "
                       "lists them"),
                    o->case_name);
      return FALSE;
   }
   return TRUE;
}

static gboolean
selected (const Options *o, const char *name)
{
   if (o->only == NULL)
      return TRUE;
   g_auto (GStrv) names = g_strsplit (o->only, ",", -1);
   return g_strv_contains ((const char *const *) names, name);
}

// ---------------------------------------------------------------------------
// One case in a subprocess

typedef struct {
   gboolean done;
   gboolean timed_out;
   GBytes *output;
} Wait;

static void
on_exited (GObject *source, GAsyncResult *result, gpointer data)
{
   Wait *w = data;
   // Done when the case's output ended and the process exited. Bytes, not
   // text: a hostile plugin may print anything.
   g_subprocess_communicate_finish (G_SUBPROCESS (source), result, &w->output,
                                    NULL, NULL);
   w->done = TRUE;
}

static gboolean
on_timeout (gpointer data)
{
   ((Wait *) data)->timed_out = TRUE;
   return G_SOURCE_REMOVE;
}

// Waits for `proc` at most `timeout_s`, reading its output into *output;
// kills it when it takes longer.
static gboolean
wait_bounded (GSubprocess *proc, double timeout_s, GBytes **output)
{
   g_autoptr (GMainContext) context = g_main_context_new ();
   g_main_context_push_thread_default (context);
   Wait w = {FALSE, FALSE, NULL};
   g_subprocess_communicate_async (proc, NULL, NULL, on_exited, &w);
   GSource *timer = g_timeout_source_new ((guint) (timeout_s * 1000));
   g_source_set_callback (timer, on_timeout, &w, NULL);
   g_source_attach (timer, context);
   while (!w.done && !w.timed_out)
      g_main_context_iteration (context, TRUE);
   g_source_destroy (timer);
   g_source_unref (timer);
   if (!w.done) {
      g_subprocess_force_exit (proc);
      while (!w.done)
         g_main_context_iteration (context, TRUE);
   }
   g_main_context_pop_thread_default (context);
   *output = w.output;
   return !w.timed_out;
}

static char *
last_line (const char *output)
{
   g_auto (GStrv) lines = g_strsplit (output, "\n", -1);
   for (int i = (int) g_strv_length (lines) - 1; i >= 0; i--) {
      if (lines[i][0] != '\0')
         return g_strdup (lines[i]);
   }
   return g_strdup ("");
}

static void
run_case (const Options *o, const char *self, Outcome *out)
{
   g_autoptr (GError) error = NULL;
   // The case's output comes through a pipe (GLib redirects to a file on
   // Unix only): its last line is the case's detail.
   g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (
      G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE |
      G_SUBPROCESS_FLAGS_STDIN_INHERIT);
   // A crash must be reported by its signal, not hidden by a core dump
   // handler's delay; and GLib's criticals must not be turned fatal by the
   // caller's environment in the middle of a case.
   g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
   GPtrArray *argv = g_ptr_array_new ();
   g_ptr_array_add (argv, (char *) self);
   g_ptr_array_add (argv, "validate");
   g_ptr_array_add (argv, "--case");
   g_ptr_array_add (argv, (char *) out->info->name);
   if (o->config != NULL) {
      g_ptr_array_add (argv, "--config");
      g_ptr_array_add (argv, o->config);
   }
   g_ptr_array_add (argv, "--");
   g_ptr_array_add (argv, o->rest[0]);
   g_ptr_array_add (argv, NULL);
   gint64 start = g_get_monotonic_time ();
   // Starting a process can fail for a moment under load (Wine's spawn
   // helper has, with EINVAL): that is not the plugin's failure, so a case
   // is started up to three times before it is reported as not started.
   g_autoptr (GSubprocess) proc = NULL;
   for (int attempt = 0; proc == NULL && attempt < 3; attempt++) {
      if (attempt > 0) {
         g_clear_error (&error);
         g_usleep (100 * 1000);
      }
      proc = g_subprocess_launcher_spawnv (
         launcher, (const char *const *) argv->pdata, &error);
   }
   g_ptr_array_free (argv, TRUE);
   g_autoptr (GBytes) output = NULL;
   gboolean in_time =
      proc != NULL && wait_bounded (proc, o->timeout_s, &output);
   out->seconds = (double) (g_get_monotonic_time () - start) / G_USEC_PER_SEC;
   gsize size = 0;
   const char *data = output != NULL ? g_bytes_get_data (output, &size) : NULL;
   g_autofree char *text = g_strndup (data != NULL ? data : "", size);
   g_autofree char *detail = last_line (text);
   out->failed = TRUE;
   out->result = "FAIL";
   if (proc == NULL) {
      out->detail = g_strdup_printf ("cannot start a case: %s", error->message);
   } else if (!in_time) {
      out->detail =
         g_strdup_printf ("no answer within %g s (hangs)", o->timeout_s);
   } else if (g_subprocess_get_if_signaled (proc)) {
      int sig = g_subprocess_get_term_sig (proc);
      out->detail =
         g_strdup_printf ("crashed: %s (signal %d)%s%s", g_strsignal (sig), sig,
                          detail[0] != '\0' ? "; " : "", detail);
   } else {
      switch (g_subprocess_get_exit_status (proc)) {
      case MH_CASE_PASS:
         out->result = "pass";
         out->failed = FALSE;
         break;
      case MH_CASE_WARN:
         out->result = "warn";
         out->failed = FALSE;
         break;
      case MH_CASE_SKIP:
         out->result = "skip";
         out->failed = FALSE;
         break;
      case MH_CASE_UNLOADABLE:
         out->unloadable = TRUE;
         break;
      case MH_CASE_FAIL:
         break;
      default:
#ifdef G_OS_WIN32
         // An unhandled exception ends a Windows process with its code as
         // the exit status, eg 0xC0000005 (access violation).
         if (((guint32) g_subprocess_get_exit_status (proc) & 0xC0000000u) ==
             0xC0000000u) {
            out->detail =
               g_strdup_printf ("crashed: exception 0x%08X%s%s",
                                (guint32) g_subprocess_get_exit_status (proc),
                                detail[0] != '\0' ? "; " : "", detail);
            return;
         }
#endif
         // Neither a verdict nor a signal: the process ended itself on the
         // way, as a sanitizer or an abort() handler does after a crash.
         out->detail = g_strdup_printf (
            "crashed: exited with status %d before giving a verdict%s%s",
            g_subprocess_get_exit_status (proc), detail[0] != '\0' ? "; " : "",
            detail);
         return;
      }
      out->detail = g_steal_pointer (&detail);
   }
}

// ---------------------------------------------------------------------------

// The results as a table on `out`, the CASE column as wide as its longest
// name.
static void
print_table (FILE *out, const Outcome *outcomes, guint n)
{
   int width = (int) strlen ("CASE");
   for (guint i = 0; i < n; i++)
      width = MAX (width, (int) strlen (outcomes[i].info->name));
   fprintf (out, "%-*s  %-6s  %9s  %s\n", width, "CASE", "RESULT", "TIME",
            "DETAIL");
   for (guint i = 0; i < n; i++) {
      g_autofree char *detail =
         mh_display_text (outcomes[i].detail, -1, MH_DISPLAY_ONE_LINE);
      fprintf (out, "%-*s  %-6s  %6.0f ms  %s\n", width, outcomes[i].info->name,
               outcomes[i].result, outcomes[i].seconds * 1000, detail);
   }
}

static json_t *
results_json (const char *plugin, const Outcome *outcomes, guint n)
{
   json_t *list = json_array ();
   for (guint i = 0; i < n; i++) {
      g_autofree char *detail = g_utf8_make_valid (outcomes[i].detail, -1);
      json_array_append_new (
         list, json_pack ("{s:s, s:s, s:s, s:f}", "case",
                          outcomes[i].info->name, "result", outcomes[i].result,
                          "detail", detail, "seconds", outcomes[i].seconds));
   }
   g_autofree char *path = g_utf8_make_valid (plugin, -1);
   return json_pack ("{s:s, s:o}", "plugin", path, "cases", list);
}

// The path of this program, to run each case in.
static char *
own_executable (void)
{
#ifdef G_OS_WIN32
   wchar_t path[32768];
   DWORD n = GetModuleFileNameW (NULL, path, G_N_ELEMENTS (path));
   if (n == 0 || n >= G_N_ELEMENTS (path))
      return NULL;
   return g_utf16_to_utf8 (path, n, NULL, NULL, NULL);
#else
   return g_file_read_link ("/proc/self/exe", NULL);
#endif
}

static int
run_suite (const Options *o)
{
   g_autofree char *self = own_executable ();
   if (self == NULL) {
      mh_cli_error ("validate", "%s",
                    _ ("cannot find mig-host's own executable "
                       "to run the cases in"));
      return MH_EXIT_SOFTWARE;
   }
   gsize n_cases = mh_validate_n_cases ();
   Outcome *outcomes = g_new0 (Outcome, n_cases);
   guint n = 0, n_failed = 0, n_warned = 0;
   for (gsize i = 0; i < n_cases; i++) {
      const MhValidateCaseInfo *info = mh_validate_case_at (i);
      if (!selected (o, info->name))
         continue;
      outcomes[n].info = info;
      run_case (o, self, &outcomes[n]);
      // A plugin that cannot be loaded is said once, as the tool error it
      // is, not as every case failing.
      if (outcomes[n].unloadable) {
         mh_cli_error ("validate", "%s", outcomes[n].detail);
         for (guint k = 0; k <= n; k++)
            g_free (outcomes[k].detail);
         g_free (outcomes);
         return MH_EXIT_UNAVAILABLE;
      }
      n_failed += outcomes[n].failed;
      n_warned += strcmp (outcomes[n].result, "warn") == 0;
      n++;
   }
   // With the JSON on standard output, the table goes to standard error.
   FILE *out =
      o->json != NULL && mh_output_path_is_stdout (o->json) ? stderr : stdout;
   g_autofree char *shown = mh_display_path (o->rest[0]);
   fprintf (out, "Validating %s against plugin ABI %d.%d\n\n", shown,
            MIG_ABI_VERSION_MAJOR, MIG_ABI_VERSION_MINOR);
   print_table (out, outcomes, n);
   fprintf (out, "\n%u cases: %u passed, %u failed, %u warnings\n", n,
            n - n_failed, n_failed, n_warned);
   int status = n_failed > 0 || n == 0 ? MH_EXIT_BLOCKED : MH_EXIT_OK;
   if (o->json != NULL) {
      g_autoptr (GError) error = NULL;
      json_t *root = results_json (o->rest[0], outcomes, n);
      if (!mh_cli_write_json (root, o->json, &error)) {
         status = mh_cli_fail ("validate", error);
      }
      json_decref (root);
   }
   for (guint i = 0; i < n; i++)
      g_free (outcomes[i].detail);
   g_free (outcomes);
   return status;
}

int
mh_cmd_validate (int argc, char **argv)
{
   Options o = {0};
   int status;
   if (parse_options (&o, &argc, &argv))
      status =
         o.case_name != NULL
            ? (int) mh_validate_case_run (o.case_name, o.rest[0], o.config)
            : run_suite (&o);
   else
      status = mh_cli_parse_failed_status ();
   options_clear (&o);
   return status;
}
