// server-table.c — asking a file server who has which MMF open: the batch
// snapshot of a post office reached over the network (smbnetfs) from a real
// Samba server on 127.0.0.1, with 100 and with 10,000 of its MMFs held open
// by a client, beside the floor (one NetFileEnum on a logged-on connection)
// and the tools an administrator would use for the same list: `net rpc file`
// from this machine, and `smbstatus` on the server itself. The first
// question, which starts mmfguard's helper and logs on, is reported apart.
// Then the MMF folder: the batch's index from the server's own listing (one
// directory enumeration on the helper's connection) beside the same index
// through the network file system (a readdir and a stat per MMF), and the
// whole `mig-host preflight` of every account.
// Needs root and a free port 445; says why and prints no figures otherwise.

#include <glib/gstdio.h>
#include <stdio.h>

#include "bench-env.h"
#include "bench-paths.h"
#include "lock-probe.h"
#include "postoffice.h"
#include "samba-server.h"
#include "settings.h"
#include "timed-command.h"
#include "timing.h"

#define ADMIN_PASSWORD "Bench-Adm1n"

typedef struct {
   SambaServer server;
   char *maildata;   // as this machine sees it, over smbnetfs
   char *auth;       // credentials file of the admin
   char *config;     // [file-server 127.0.0.1]
   char *share_base; // the MMF folder as the server writes it
   char *users_csv;
   char *json; // preflight's report, overwritten by each run
} ServerBench;

typedef struct {
   double floor_s, warm_s, cold_s, net_rpc_s, smbstatus_s;
   double list_s;      // the server's listing of MMF/, helper running
   double index_fs_s;  // the index through the network file system
   double index_srv_s; // the index from the server's listing
   double preflight_s; // whole mig-host preflight
   guint listed;
} ServerFigures;

static void
server_bench_clear (ServerBench *b)
{
   samba_server_stop (&b->server);
   g_free (b->maildata);
   g_free (b->auth);
   g_free (b->config);
   g_free (b->share_base);
   g_free (b->users_csv);
   g_free (b->json);
}

static gboolean
set_up (ServerBench *b, const BenchEnv *env, guint accounts, GError **error)
{
   samba_server_start (&b->server);
   samba_server_add_user (&b->server, "root", ADMIN_PASSWORD);
   samba_server_grant_file_listing (&b->server, "root");
   g_autofree char *po = g_build_filename (b->server.share_dir, "PO", NULL);
   g_autofree char *n = g_strdup_printf ("%u", accounts);
   const char *argv[] = {env->make_postoffice, po, "--users", n, NULL};
   int status = 0;
   if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                      NULL, NULL, NULL, NULL, &status, error) ||
       !g_spawn_check_wait_status (status, error))
      return FALSE;
   const char *chmod_argv[] = {"chmod", "-R", "a+rwX", po, NULL};
   if (!g_spawn_sync (NULL, (char **) chmod_argv, NULL, G_SPAWN_SEARCH_PATH,
                      NULL, NULL, NULL, NULL, &status, error))
      return FALSE;
   g_autofree char *network = samba_server_mount_smbnetfs (
      &b->server, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD);
   b->maildata = g_build_filename (network, "PO", "MAILDATA", NULL);
   b->auth = g_build_filename (b->server.dir, "admin.auth", NULL);
   if (!g_file_set_contents (b->auth,
                             "username = root\npassword = " ADMIN_PASSWORD "\n",
                             -1, error))
      return FALSE;
   g_chmod (b->auth, 0600);
   b->config = g_build_filename (b->server.dir, "mmfguard.conf", NULL);
   g_autofree char *text =
      g_strdup_printf ("[file-server 127.0.0.1]\ncredentials = %s\n"
                       "timeout-ms = 60000\n",
                       b->auth);
   if (!g_file_set_contents (b->config, text, -1, error))
      return FALSE;
   // Samba writes the share's path as C:\ plus its Unix path.
   g_autofree char *unix_base = g_build_filename (po, "MAILDATA", "MMF", NULL);
   b->share_base = g_strconcat ("C:", unix_base, NULL);
   g_strdelimit (b->share_base, "/", '\\');
   b->users_csv = g_build_filename (po, "users.csv", NULL);
   b->json = g_build_filename (b->server.dir, "preflight.json", NULL);
   return TRUE;
}

// mmfguard's batch snapshot: mountinfo, the share path, the helper's
// question and the index of its answer (what batch-begin/1 does for the
// lock state of a post office on another server).
static double
snapshot_once (const MmfgSettings *settings, MmfgFileServers *servers,
               const char *maildata)
{
   gint64 start = bench_now_ns ();
   MmfgLockSnapshot *s =
      mmfg_lock_snapshot_take (settings, servers, maildata, NULL);
   double took = (double) (bench_now_ns () - start) / 1e9;
   mmfg_lock_snapshot_free (s);
   return took;
}

static gboolean
measure (ServerBench *b, const BenchEnv *env, ServerFigures *fig,
         GError **error)
{
   g_autoptr (MmfgSettings) settings = mmfg_settings_load (b->config, error);
   if (settings == NULL)
      return FALSE;
   g_autofree double *t = g_new (double, env->runs);

   // Cold: a new helper, its logon and the first question.
   for (guint r = 0; r < env->runs; r++) {
      g_autoptr (MmfgFileServers) fresh =
         mmfg_file_servers_new (BENCH_SMB_FILES);
      t[r] = snapshot_once (settings, fresh, b->maildata);
   }
   fig->cold_s = bench_median (t, env->runs);

   g_autoptr (MmfgFileServers) servers =
      mmfg_file_servers_new (BENCH_SMB_FILES);
   snapshot_once (settings, servers, b->maildata);
   for (guint r = 0; r < env->runs; r++)
      t[r] = snapshot_once (settings, servers, b->maildata);
   fig->warm_s = bench_median (t, env->runs);

   g_autofree char *runs = g_strdup_printf ("%u", env->runs);
   const char *floor_argv[] = {
      BENCH_NETFILEENUM_FLOOR, "127.0.0.1", "root", ADMIN_PASSWORD,
      b->share_base,           runs,        NULL};
   g_autofree char *out = NULL;
   int status = 0;
   if (!g_spawn_sync (NULL, (char **) floor_argv, NULL, G_SPAWN_DEFAULT, NULL,
                      NULL, &out, NULL, &status, error) ||
       !g_spawn_check_wait_status (status, error))
      return FALSE;
   if (sscanf (out, "median_s %lf entries %u", &fig->floor_s, &fig->listed) !=
       2) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s printed \"%s\"", BENCH_NETFILEENUM_FLOOR, out);
      return FALSE;
   }

   const char *net_argv[] = {"net",  "-A", b->auth,     "rpc",
                             "file", "-S", "127.0.0.1", NULL};
   for (guint r = 0; r < env->runs; r++)
      t[r] = bench_command_run (net_argv, NULL);
   fig->net_rpc_s = bench_median (t, env->runs);
   const char *smbstatus_argv[] = {"smbstatus", "-s",     b->server.conf,
                                   "-L",        "--json", NULL};
   for (guint r = 0; r < env->runs; r++)
      t[r] = bench_command_run (smbstatus_argv, NULL);
   fig->smbstatus_s = bench_median (t, env->runs);

   // The MMF folder, on the helper that is running.
   for (guint r = 0; r < env->runs; r++) {
      const MmfgFileServerConfig *config =
         mmfg_settings_file_server (settings, "127.0.0.1");
      g_autoptr (MmfgServerFolder) listed = mmfg_file_servers_list_folder (
         servers, config, SAMBA_SHARE, "PO\\MAILDATA\\MMF");
      if (listed->problem != NULL) {
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "the server did not list PO\\MAILDATA\\MMF: %s",
                      listed->problem);
         return FALSE;
      }
      t[r] = (double) listed->took_us / 1e6;
   }
   fig->list_s = bench_median (t, env->runs);
   for (guint r = 0; r < env->runs; r++) {
      gint64 start = bench_now_ns ();
      mmfg_mmf_index_free (mmfg_mmf_index_new (b->maildata, NULL));
      t[r] = (double) (bench_now_ns () - start) / 1e9;
   }
   fig->index_fs_s = bench_median (t, env->runs);
   for (guint r = 0; r < env->runs; r++) {
      g_autofree char *problem = NULL;
      gint64 start = bench_now_ns ();
      MmfgMmfIndex *index = mmfg_mmf_index_new_listed (b->maildata, settings,
                                                       servers, &problem, NULL);
      t[r] = (double) (bench_now_ns () - start) / 1e9;
      gboolean from_server = mmfg_mmf_index_from_server (index);
      mmfg_mmf_index_free (index);
      if (!from_server) {
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "the batch did not use the server's listing: %s",
                      problem ? problem : "no server to ask");
         return FALSE;
      }
   }
   fig->index_srv_s = bench_median (t, env->runs);
   const char *preflight_argv[] = {
      BENCH_MIG_HOST, "preflight", "--plugin",   BENCH_PLUGIN, "--postoffice",
      b->maildata,    "--users",   b->users_csv, "--json",     b->json,
      "--config",     b->config,   NULL};
   for (guint r = 0; r < env->runs; r++)
      t[r] = bench_command_run (preflight_argv, NULL);
   fig->preflight_s = bench_median (t, env->runs);
   return TRUE;
}

static void
print_row (const char *what, const ServerFigures *figs, guint n, size_t offset,
           gboolean ratio)
{
   printf ("| %s |", what);
   for (guint i = 0; i < n; i++) {
      double v = *(const double *) ((const char *) &figs[i] + offset);
      g_autofree char *d = bench_format_duration (v);
      g_autofree char *r = bench_format_ratio (v, figs[i].floor_s);
      printf (ratio ? " %s (%s) |" : " %s |", d, r);
   }
   printf ("\n");
}

static void
print_list_row (const char *what, const ServerFigures *figs, size_t offset)
{
   printf ("| %s |", what);
   for (guint i = 0; i < 2; i++) {
      double v = *(const double *) ((const char *) &figs[i] + offset);
      g_autofree char *d = bench_format_duration (v);
      g_autofree char *r = bench_format_ratio (v, figs[i].list_s);
      printf (" %s (%s) |", d, r);
   }
   printf ("\n");
}

gboolean
bench_server_table (BenchEnv *env, GError **error)
{
   g_autofree char *missing = samba_missing_prerequisite (TRUE);
   if (missing == NULL && g_find_program_in_path ("smbnetfs") == NULL)
      missing = g_strdup ("smbnetfs is not installed");
   printf ("\n### A post office on another server: the file server's open "
           "files\n\n");
   if (missing != NULL) {
      printf ("Not measured here: %s.\n", missing);
      return TRUE;
   }
   guint accounts = env->quick ? 1000 : 10000;
   const guint held[2] = {100, accounts};
   ServerFigures figs[2] = {0};
   ServerBench b = {0};
   fprintf (stderr,
            "  file server: a post office of %u accounts over smbnetfs\n",
            accounts);
   gboolean ok = set_up (&b, env, accounts, error);
   for (guint i = 0; i < 2 && ok; i++) {
      fprintf (stderr, "  file server: %u MMFs held open\n", held[i]);
      samba_server_hold_many (&b.server, "PO/MAILDATA/MMF", 0xA01, held[i]);
      ok = measure (&b, env, &figs[i], error);
      samba_server_release_clients (&b.server);
   }
   server_bench_clear (&b);
   if (!ok)
      return FALSE;
   printf ("%u accounts on a real Samba server (127.0.0.1), reached through "
           "smbnetfs; one "
           "client holds the MMFs open. Median of %u runs; the ratio is to the "
           "floor.\n\n"
           "| | %u open (server listed %u) | %u open (server listed %u) "
           "|\n|---|---|---|\n",
           accounts, env->runs, held[0], figs[0].listed, held[1],
           figs[1].listed);
   print_row ("floor: one NetFileEnum, connection logged on", figs, 2,
              G_STRUCT_OFFSET (ServerFigures, floor_s), FALSE);
   print_row ("**mmfguard batch snapshot** (helper running)", figs, 2,
              G_STRUCT_OFFSET (ServerFigures, warm_s), TRUE);
   print_row ("mmfguard first question (start helper, log on)", figs, 2,
              G_STRUCT_OFFSET (ServerFigures, cold_s), TRUE);
   print_row ("`net rpc file` from this machine", figs, 2,
              G_STRUCT_OFFSET (ServerFigures, net_rpc_s), TRUE);
   print_row ("`smbstatus -L --json` on the server itself", figs, 2,
              G_STRUCT_OFFSET (ServerFigures, smbstatus_s), TRUE);
   printf ("\nThe MMF folder (%u MMFs) and the whole pre-flight; the ratio "
           "is to the server's listing.\n\n"
           "| | %u open | %u open |\n|---|---|---|\n",
           accounts, held[0], held[1]);
   print_list_row ("floor: the server lists MMF/ (helper running)", figs,
                   G_STRUCT_OFFSET (ServerFigures, list_s));
   print_list_row ("**batch index from the server's listing**", figs,
                   G_STRUCT_OFFSET (ServerFigures, index_srv_s));
   print_list_row ("batch index through smbnetfs (readdir, a stat per MMF)",
                   figs, G_STRUCT_OFFSET (ServerFigures, index_fs_s));
   print_list_row ("whole `mig-host preflight` (new process and helper)", figs,
                   G_STRUCT_OFFSET (ServerFigures, preflight_s));
   return TRUE;
}
