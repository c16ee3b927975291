// timed-command.c — an external program run to completion and timed.

#include "timed-command.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <spawn.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

extern char **environ;

double
bench_command_run (const char *const *argv, int *exit_status)
{
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init (&actions);
   posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null",
                                     O_RDONLY, 0);
   posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null",
                                     O_WRONLY, 0);
   posix_spawn_file_actions_addopen (&actions, STDERR_FILENO, "/dev/null",
                                     O_WRONLY, 0);
   gint64 t0 = bench_now_ns ();
   pid_t pid;
   int rc = posix_spawnp (&pid, argv[0], &actions, NULL, (char *const *) argv,
                          environ);
   posix_spawn_file_actions_destroy (&actions);
   if (rc != 0)
      return -1;
   int status = 0;
   while (waitpid (pid, &status, 0) < 0)
      if (errno != EINTR)
         return -1;
   gint64 t1 = bench_now_ns ();
   if (exit_status != NULL)
      *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
   return (t1 - t0) / 1e9;
}

long
bench_command_peak_kib (const char *peak_rss, const char *const *argv,
                        int *exit_status)
{
   g_autofree char *result =
      g_build_filename (g_get_tmp_dir (), "mmfg-bench-peak-XXXXXX", NULL);
   int fd = g_mkstemp (result);
   if (fd < 0)
      return -1;
   close (fd);
   g_autoptr (GPtrArray) with = g_ptr_array_new ();
   g_ptr_array_add (with, (gpointer) peak_rss);
   g_ptr_array_add (with, result);
   for (guint i = 0; argv[i] != NULL; i++)
      g_ptr_array_add (with, (gpointer) argv[i]);
   g_ptr_array_add (with, NULL);
   int helper_status = -1;
   long kib = -1;
   int status = -1;
   g_autofree char *text = NULL;
   gboolean ran = bench_command_run ((const char *const *) with->pdata,
                                     &helper_status) >= 0 &&
                  helper_status == 0 &&
                  g_file_get_contents (result, &text, NULL, NULL);
   if (!ran || sscanf (text, "%ld %d", &kib, &status) != 2)
      kib = -1;
   unlink (result);
   if (exit_status != NULL)
      *exit_status = status;
   return kib;
}

double
bench_mig_host_preflight (const BenchEnv *env, const BenchPostoffice *po,
                          gboolean quiet, long *peak_kib)
{
   g_autofree char *json = g_build_filename (po->root, "preflight.json", NULL);
   unlink (json);
   const char *argv[] = {
      env->mig_host,       "preflight",  "--plugin", env->plugin,
      "--postoffice",      po->maildata, "--users",  po->users_csv,
      "--config",          po->config,   "--json",   json,
      quiet ? "-q" : NULL, NULL};
   int status = -1;
   double s = 0;
   if (peak_kib != NULL)
      *peak_kib = bench_command_peak_kib (env->peak_rss, argv, &status);
   else
      s = bench_command_run (argv, &status);
   gsize len = 0;
   g_autofree char *text = NULL;
   if (s < 0 || (peak_kib != NULL && *peak_kib < 0) || status < 0 ||
       status > 2 || !g_file_get_contents (json, &text, &len, NULL) || len == 0)
      return -1;
   return s;
}
