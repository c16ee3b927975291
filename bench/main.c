// mmfguard-bench — every table of bench/README.md, printed as markdown.
//
//   mmfguard-bench [--quick] [--large]
//   [--file-server-only | --host-only | --migrate-only] [--no-file-server]
//
// Full: post offices of 100, 1,000 and 10,000 accounts (about 2 minutes on
// 2 cores). --quick (the `meson test --benchmark` version): 100 and 1,000
// accounts, fewer runs, fuser/lsof measured on 100 files only. --large adds
// 50,000 accounts to the migrate and file-server tables (about 15 minutes
// more on 2 cores, most of it laying out and first migrating the post
// office). Progress goes
// to stderr, tables to stdout. Figures are medians; targets are reported,
// never asserted.

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "bench-env.h"
#include "bench-paths.h"

static void
print_machine (const BenchEnv *env)
{
   struct utsname u;
   uname (&u);
   g_autofree char *cpu = NULL;
   g_autofree char *cpuinfo = NULL;
   if (g_file_get_contents ("/proc/cpuinfo", &cpuinfo, NULL, NULL)) {
      const char *line = strstr (cpuinfo, "model name");
      const char *colon = line ? strchr (line, ':') : NULL;
      if (colon != NULL)
         cpu = g_strndup (colon + 2, strcspn (colon + 2, "\n"));
   }
   printf ("## mmfguard bench%s\n\nMachine: %ld CPUs (%s), Linux %s %s; "
           "every figure the median of %u runs unless said.\n",
           env->quick ? " (quick)" : "", sysconf (_SC_NPROCESSORS_ONLN),
           cpu ? cpu : "unknown CPU", u.release, u.machine, env->runs);
}

int
main (int argc, char **argv)
{
   gboolean file_server_only = FALSE;
   gboolean host_only = FALSE;
   gboolean no_file_server = FALSE;
   gboolean migrate_only = FALSE;
   BenchEnv env = {
      .plugin = BENCH_PLUGIN,
      .mig_host = BENCH_MIG_HOST,
      .lock_holder = BENCH_LOCK_HOLDER,
      .make_postoffice = BENCH_MAKE_POSTOFFICE,
      .many_locks = BENCH_MANY_LOCKS,
      .load_init = BENCH_LOAD_INIT,
      .one_pass = BENCH_ONE_PASS,
      .peak_rss = BENCH_PEAK_RSS,
      .floor_process = BENCH_FLOOR_PROCESS,
   };
   GOptionEntry options[] = {
      {"quick", 0, 0, G_OPTION_ARG_NONE, &env.quick,
       "smaller post offices, fewer runs", NULL},
      {"file-server-only", 0, 0, G_OPTION_ARG_NONE, &file_server_only,
       "only the table of a post office on another server", NULL},
      {"host-only", 0, 0, G_OPTION_ARG_NONE, &host_only,
       "only the table of mig-host as the operator runs it", NULL},
      {"migrate-only", 0, 0, G_OPTION_ARG_NONE, &migrate_only,
       "only the table of migrate's re-run", NULL},
      {"large", 0, 0, G_OPTION_ARG_NONE, &env.large,
       "50,000 accounts too in the migrate and file server tables (slow)",
       NULL},
      {"no-file-server", 0, 0, G_OPTION_ARG_NONE, &no_file_server,
       "leave out the file server table (it runs its own smbd in a network "
       "namespace)",
       NULL},
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new (NULL);
   g_option_context_add_main_entries (context, options, NULL);
   g_autoptr (GError) error = NULL;
   if (!g_option_context_parse (context, &argc, &argv, &error)) {
      fprintf (stderr, "mmfguard-bench: %s\n", error->message);
      return 2;
   }
   env.runs = env.quick ? 3 : 7;
   const guint sizes[] = {100, 1000, 10000};
   env.n_sizes = env.quick ? 2 : 3;
   print_machine (&env);
   BenchResults results = {.host_ratio = {-1, -1},
                           .on_error_s = -1,
                           .on_error_recheck_s = -1,
                           .ffi_overhead_s = -1,
                           .load_init_s = -1,
                           .bytes_per_account = -1,
                           .inprocess_ratio = {-1, -1},
                           .host_whole_ratio = -1,
                           .host_process_ratio = -1,
                           .host_bytes_per_account = -1,
                           .watch_cycle_s = -1,
                           .remote_ratio = {-1, -1},
                           .remote_extra_rtt_per_account = -1e10,
                           .migrate_growth = -1};
   if (file_server_only || migrate_only) {
      g_autoptr (GError) only_error = NULL;
      if (file_server_only ? bench_server_table (&env, &results, &only_error)
                           : bench_migrate_table (&env, &results, &only_error))
         return 0;
      fprintf (stderr, "mmfguard-bench: %s\n", only_error->message);
      return 1;
   }

   gboolean ok = TRUE;
   for (guint s = 0; s < env.n_sizes && ok; s++) {
      fprintf (stderr, "  generating a post office of %u accounts\n", sizes[s]);
      ok = bench_postoffice_make (&env.postoffices[s], env.make_postoffice,
                                  sizes[s], &error);
   }
   if (host_only) {
      ok = ok && bench_host_table (&env, &results, &error);
   } else {
      ok = ok && bench_preflight_table (&env, &results, &error);
      ok = ok && bench_breakdown_table (&env, &error);
      ok = ok && bench_per_call_table (&env, &results, &error);
      ok = ok && bench_memory_table (&env, &results, &error);
      ok = ok && bench_host_table (&env, &results, &error);
      ok = ok && bench_migrate_table (&env, &results, &error);
      if (!no_file_server)
         ok = ok && bench_server_table (&env, &results, &error);
      bench_targets_table (&results);
   }
   for (guint s = 0; s < env.n_sizes; s++)
      bench_postoffice_clear (&env.postoffices[s]);
   if (!ok) {
      fprintf (stderr, "mmfguard-bench: %s\n", error->message);
      return 1;
   }
   return 0;
}
