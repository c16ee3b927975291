// timed-command.c — an external program run to completion and timed.

#include "timed-command.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timing.h"

extern char **environ;

double
bench_command_run (const char *const *argv, int *exit_status)
{
   return bench_command_run_peak (argv, exit_status, NULL);
}

double
bench_command_run_peak (const char *const *argv, int *exit_status,
                        long *peak_kib)
{
   posix_spawn_file_actions_t actions;
   posix_spawn_file_actions_init (&actions);
   posix_spawn_file_actions_addopen (&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
   posix_spawn_file_actions_addopen (&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
   posix_spawn_file_actions_addopen (&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
   gint64 t0 = bench_now_ns ();
   pid_t pid;
   int rc = posix_spawnp (&pid, argv[0], &actions, NULL, (char *const *) argv, environ);
   posix_spawn_file_actions_destroy (&actions);
   if (rc != 0)
      return -1;
   int status = 0;
   struct rusage usage;
   while (wait4 (pid, &status, 0, &usage) < 0)
      if (errno != EINTR)
         return -1;
   if (peak_kib != NULL)
      *peak_kib = usage.ru_maxrss;
   gint64 t1 = bench_now_ns ();
   if (exit_status != NULL)
      *exit_status = WIFEXITED (status) ? WEXITSTATUS (status) : -1;
   return (t1 - t0) / 1e9;
}

double
bench_mig_host_preflight (const BenchEnv *env, const BenchPostoffice *po,
                          gboolean quiet, long *peak_kib)
{
   g_autofree char *json = g_build_filename (po->root, "preflight.json", NULL);
   unlink (json);
   const char *argv[] = {env->mig_host, "preflight", "--plugin", env->plugin,
                         "--postoffice", po->maildata, "--users", po->users_csv,
                         "--config", po->config, "--json", json,
                         quiet ? "-q" : NULL, NULL};
   int status = -1;
   double s = bench_command_run_peak (argv, &status, peak_kib);
   gsize len = 0;
   g_autofree char *text = NULL;
   if (s < 0 || status < 0 || status > 2 ||
       !g_file_get_contents (json, &text, &len, NULL) || len == 0)
      return -1;
   return s;
}
