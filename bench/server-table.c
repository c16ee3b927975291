// server-table.c — a post office on another server: the whole `mig-host
// preflight` of a post office reached through smbnetfs, with [file-server]
// configured, beside its floor and the commands a user would run.
//
// The server is a real smbd that the bench runs in a network namespace of
// its own, reached over a veth pair (netns.c); every figure is taken twice:
// straight to the server, and through bench-delay-relay, which adds 2 ms to
// everything the client sends (2 ms more per round trip; this machine's
// kernel has no netem), so that the table shows how each method scales with
// the round-trip time. 1 % of the MMFs are held open by one SMB client.
//
// - floor (bench-netfileenum-floor): one listing of MMF/ through
//   libsmbclient's readdirplus2 and one NetFileEnum through libnetapi, each
//   on a connection already logged on, in one process: what any remote
//   pre-flight must at least ask, with the libraries mmfguard's helper uses.
// - `smbclient //SERVER/SHARE -c 'ls PO/MAILDATA/MMF/*'` and `net rpc file`,
//   each a whole process that logs on, as a user would run them.
// - mmfguard's two questions in this process, on a helper already running:
//   the batch's index from the server's listing, and the lock snapshot.
// - the whole `mig-host preflight`: a new process, its helper, its logons.
//
// The added round trips per account: (time with latency − time without) /
// (accounts × 2 ms). The floor's listing needs a round trip per response
// of the server (many entries each), so it is small but not zero; a method
// that asked anything per account would show 1 or more.
//
// Needs root, Samba, smbnetfs and iproute2; says why and prints no figures
// otherwise. Everything it starts (smbd and its helpers, the SMB client,
// smbnetfs, the namespace) is ended before it returns, and by a signal
// handler when the bench is interrupted; scripts/bench removes the
// namespace even after SIGKILL.

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "bench-env.h"
#include "bench-paths.h"
#include "lock-probe.h"
#include "netns.h"
#include "postoffice.h"
#include "samba-server.h"
#include "settings.h"
#include "timed-command.h"
#include "timing.h"

#define ADMIN_PASSWORD "Bench-Adm1n"
#define ADDED_DELAY_MS 2

enum { MAX_SIZES = 3, N_DELAYS = 2 };

typedef struct {
   BenchNetns net;
   SambaServer server;
   GSubprocess *relay; // adds the latency, on the veth's address here
   // Per column: the server's address as the clients reach it (the server
   // itself; the relay), and MAILDATA as this machine sees it there, over
   // smbnetfs.
   const char *address[N_DELAYS];
   char *maildata[N_DELAYS];
   char *auth;       // credentials file of the admin
   char *config;     // [file-server ADDRESS] for both addresses
   char *share_base; // the MMF folder as the server writes it
   char *users_csv;
   char *json; // preflight's report, overwritten by each run
} ServerBench;

typedef enum {
   S_FLOOR,
   S_FLOOR_LIST,
   S_FLOOR_ENUM,
   S_PREFLIGHT,
   S_INPROCESS,
   S_SMBCLIENT,
   S_NET_RPC,
   S_USER, // smbclient + net rpc file
   N_ROWS
} Row;

typedef struct {
   guint accounts;
   guint listed, open_files;
   double s[N_DELAYS][N_ROWS];
} ServerFigures;

static const guint delays_ms[N_DELAYS] = {0, ADDED_DELAY_MS};

// The bench being measured, for the signal handler.
static ServerBench *current;

static void
server_bench_clear (ServerBench *b)
{
   samba_server_stop (&b->server);
   if (b->relay != NULL) {
      g_subprocess_force_exit (b->relay);
      g_subprocess_wait (b->relay, NULL, NULL);
      g_clear_object (&b->relay);
   }
   bench_netns_down (&b->net);
   for (guint d = 0; d < N_DELAYS; d++)
      g_clear_pointer (&b->maildata[d], g_free);
   g_clear_pointer (&b->auth, g_free);
   g_clear_pointer (&b->config, g_free);
   g_clear_pointer (&b->share_base, g_free);
   g_clear_pointer (&b->users_csv, g_free);
   g_clear_pointer (&b->json, g_free);
}

// Interrupted: nothing of the server may outlive the bench.
static void
end_on_signal (int signal_number)
{
   if (current != NULL)
      server_bench_clear (current);
   signal (signal_number, SIG_DFL);
   raise (signal_number);
}

static gboolean
set_up (ServerBench *b, const BenchEnv *env, guint accounts, GError **error)
{
   if (!bench_netns_up (&b->net, error))
      return FALSE;
   b->server.address = b->net.ns_addr;
   b->server.netns = b->net.name;
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
   g_autofree char *delay_us = g_strdup_printf ("%u", ADDED_DELAY_MS * 1000u);
   b->relay = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, error,
                                BENCH_DELAY_RELAY, b->net.host_addr,
                                b->net.ns_addr, "445", delay_us, NULL);
   if (b->relay == NULL)
      return FALSE;
   g_autoptr (GDataInputStream) relay_out =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (b->relay));
   g_autofree char *ready =
      g_data_input_stream_read_line (relay_out, NULL, NULL, error);
   if (g_strcmp0 (ready, "ready") != 0) {
      if (error != NULL && *error == NULL)
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "%s did not start", BENCH_DELAY_RELAY);
      return FALSE;
   }
   b->address[0] = b->net.ns_addr;
   b->address[1] = b->net.host_addr;
   samba_server_mount_smbnetfs (&b->server, SAMBA_SMB_USER, SAMBA_SMB_PASSWORD);
   for (guint d = 0; d < N_DELAYS; d++)
      b->maildata[d] =
         g_build_filename (b->server.smbnetfs_mount, b->address[d], SAMBA_SHARE,
                           "PO", "MAILDATA", NULL);
   b->auth = g_build_filename (b->server.dir, "admin.auth", NULL);
   if (!g_file_set_contents (b->auth,
                             "username = root\npassword = " ADMIN_PASSWORD "\n",
                             -1, error))
      return FALSE;
   g_chmod (b->auth, 0600);
   b->config = g_build_filename (b->server.dir, "mmfguard.conf", NULL);
   g_autofree char *text = g_strdup_printf (
      "[file-server %s]\ncredentials = %s\ntimeout-ms = 60000\n\n"
      "[file-server %s]\ncredentials = %s\ntimeout-ms = 60000\n",
      b->address[0], b->auth, b->address[1], b->auth);
   if (!g_file_set_contents (b->config, text, -1, error))
      return FALSE;
   // Samba writes the share's path as C:\ plus its Unix path.
   g_autofree char *unix_base = g_build_filename (po, "MAILDATA", "MMF", NULL);
   b->share_base = g_strconcat ("C:", unix_base, NULL);
   g_strdelimit (b->share_base, "/", '\\');
   b->users_csv = g_build_filename (po, "users.csv", NULL);
   b->json = g_build_filename (b->server.dir, "preflight.json", NULL);
   // 1 % of the MMFs held open by one client, as in the local tables.
   samba_server_hold_many (&b->server, "PO/MAILDATA/MMF", 0xA01,
                           MAX (accounts / 100, 1u));
   return TRUE;
}

static gboolean
floor_run (ServerBench *b, guint runs, ServerFigures *fig, guint d,
           GError **error)
{
   g_autofree char *n = g_strdup_printf ("%u", runs);
   const char *argv[] = {BENCH_NETFILEENUM_FLOOR,
                         b->address[d],
                         "root",
                         ADMIN_PASSWORD,
                         b->share_base,
                         n,
                         SAMBA_SHARE,
                         "PO/MAILDATA/MMF",
                         NULL};
   g_autofree char *out = NULL;
   int status = 0;
   if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                      &out, NULL, &status, error) ||
       !g_spawn_check_wait_status (status, error))
      return FALSE;
   if (sscanf (out, "median_s %lf entries %u listed %u list_s %lf enum_s %lf",
               &fig->s[d][S_FLOOR], &fig->open_files, &fig->listed,
               &fig->s[d][S_FLOOR_LIST], &fig->s[d][S_FLOOR_ENUM]) != 5) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s printed \"%s\"", BENCH_NETFILEENUM_FLOOR, out);
      return FALSE;
   }
   return TRUE;
}

// mmfguard's questions on its running helper: the batch's index from the
// server's listing and the batch's lock snapshot (NetFileEnum and its
// index), as batch-begin/1 asks them.
static double
inprocess_once (const char *maildata, const MmfgSettings *settings,
                MmfgFileServers *servers, GError **error)
{
   g_autofree char *problem = NULL;
   gint64 start = bench_now_ns ();
   MmfgMmfIndex *index =
      mmfg_mmf_index_new_listed (maildata, settings, servers, &problem, NULL);
   MmfgLockSnapshot *s =
      mmfg_lock_snapshot_take (settings, servers, maildata, NULL);
   double took = (double) (bench_now_ns () - start) / 1e9;
   gboolean from_server = mmfg_mmf_index_from_server (index);
   mmfg_lock_snapshot_free (s);
   mmfg_mmf_index_free (index);
   if (!from_server) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "the batch did not use the server's listing: %s",
                   problem ? problem : "no server to ask");
      return -1;
   }
   return took;
}

static gboolean
measure (ServerBench *b, guint runs, ServerFigures *fig, guint d,
         GError **error)
{
   if (!floor_run (b, runs, fig, d, error))
      return FALSE;
   g_autoptr (MmfgSettings) settings = mmfg_settings_load (b->config, error);
   if (settings == NULL)
      return FALSE;
   g_autoptr (MmfgFileServers) servers =
      mmfg_file_servers_new (BENCH_SMB_FILES);
   const char *maildata = b->maildata[d];
   if (inprocess_once (maildata, settings, servers, error) < 0) // the helper
      return FALSE;
   g_autofree char *service =
      g_strdup_printf ("//%s/%s", b->address[d], SAMBA_SHARE);
   const char *smbclient_argv[] = {
      "smbclient", service, "-A", b->auth, "-c", "ls PO/MAILDATA/MMF/*", NULL};
   const char *net_argv[] = {"net",  "-A", b->auth,       "rpc",
                             "file", "-S", b->address[d], NULL};
   const char *preflight_argv[] = {
      BENCH_MIG_HOST, "preflight", "--plugin",   BENCH_PLUGIN, "--postoffice",
      maildata,       "--users",   b->users_csv, "--json",     b->json,
      "--config",     b->config,   NULL};
   g_autofree double *t = g_new0 (double, runs *N_ROWS);
   // The methods interleaved run by run: a disturbance hits all of them.
   for (guint r = 0; r < runs; r++) {
      int status = -1;
      t[S_PREFLIGHT * runs + r] = bench_command_run (preflight_argv, &status);
      if (status < 0 || status > 2) {
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "mig-host preflight over %s exited %d", maildata, status);
         return FALSE;
      }
      t[S_INPROCESS * runs + r] =
         inprocess_once (maildata, settings, servers, error);
      if (t[S_INPROCESS * runs + r] < 0)
         return FALSE;
      t[S_SMBCLIENT * runs + r] = bench_command_run (smbclient_argv, &status);
      if (status != 0) {
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "smbclient %s -c 'ls PO/MAILDATA/MMF/*' exited %d",
                      service, status);
         return FALSE;
      }
      t[S_NET_RPC * runs + r] = bench_command_run (net_argv, &status);
      if (status != 0) {
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "net rpc file -S %s exited %d", b->address[d], status);
         return FALSE;
      }
      t[S_USER * runs + r] =
         t[S_SMBCLIENT * runs + r] + t[S_NET_RPC * runs + r];
   }
   for (Row row = S_PREFLIGHT; row < N_ROWS; row++)
      fig->s[d][row] = bench_median (t + row * runs, runs);
   return TRUE;
}

static gboolean
measure_size (const BenchEnv *env, guint accounts, ServerFigures *fig,
              GError **error)
{
   ServerBench b = {0};
   current = &b;
   fig->accounts = accounts;
   fprintf (stderr, "  file server: a post office of %u accounts\n", accounts);
   gboolean ok = set_up (&b, env, accounts, error);
   // Fewer runs where one whole pre-flight takes seconds.
   guint runs = accounts > 10000 ? MIN (env->runs, 3u) : env->runs;
   for (guint d = 0; d < N_DELAYS && ok; d++) {
      fprintf (stderr, "  file server: %u accounts, %u ms added\n", accounts,
               delays_ms[d]);
      ok = measure (&b, runs, fig, d, error);
   }
   server_bench_clear (&b);
   current = NULL;
   return ok;
}

// Added round trips per account: what the added latency adds, per account,
// in added round-trip times.
static double
extra_round_trips (const ServerFigures *f, Row row)
{
   return (f->s[1][row] - f->s[0][row]) /
          (f->accounts * (ADDED_DELAY_MS / 1000.0));
}

static void
print_table (const BenchEnv *env, const ServerFigures *figs, guint n)
{
   static const char *const rows[N_ROWS] = {
      "**floor**: one listing of MMF/ + one NetFileEnum, logged on",
      "… of it, the listing (libsmbclient readdirplus2, with file ids)",
      "… of it, NetFileEnum (libnetapi)",
      "**`mig-host preflight`**, whole process (smbnetfs, [file-server])",
      "mmfguard's two questions in-process, helper running",
      "`smbclient … -c 'ls PO/MAILDATA/MMF/*'`",
      "`net rpc file`",
      "`smbclient ls` + `net rpc file`, as a user runs them",
   };
   printf ("\n### A post office on another server\n\n"
           "A real smbd in a network namespace of the bench's own, reached "
           "over a veth pair; the post office through smbnetfs with "
           "`[file-server]` configured; 1 %% of the MMFs held open by one SMB "
           "client. Each cell: straight to the server / through a relay "
           "adding %u ms per round trip (`bench-delay-relay`: this kernel "
           "has no netem), the ratio to the floor of the "
           "same column and latency. Median of %u runs (3 above 10,000 "
           "accounts).\n\n| |",
           ADDED_DELAY_MS, env->runs);
   for (guint i = 0; i < n; i++)
      printf (" %u accounts (listed %u, %u open) |", figs[i].accounts,
              figs[i].listed, figs[i].open_files);
   printf ("\n|---|");
   for (guint i = 0; i < n; i++)
      printf ("---|");
   printf ("\n");
   for (Row row = 0; row < N_ROWS; row++) {
      printf ("| %s |", rows[row]);
      for (guint i = 0; i < n; i++) {
         for (guint d = 0; d < N_DELAYS; d++) {
            double v = figs[i].s[d][row];
            g_autofree char *t = bench_format_duration (v);
            g_autofree char *r = bench_format_ratio (v, figs[i].s[d][S_FLOOR]);
            printf (row == S_FLOOR || row == S_FLOOR_LIST || row == S_FLOOR_ENUM
                       ? "%s %s"
                       : "%s %s (%s)",
                    d == 0 ? "" : " /", t, r);
         }
         printf (" |");
      }
      printf ("\n");
   }
   printf ("| added round trips per account: `mig-host preflight` / floor |");
   for (guint i = 0; i < n; i++)
      printf (" %.4f / %.4f |", extra_round_trips (&figs[i], S_PREFLIGHT),
              extra_round_trips (&figs[i], S_FLOOR));
   printf ("\n");
}

gboolean
bench_server_table (BenchEnv *env, BenchResults *results, GError **error)
{
   g_autofree char *missing = samba_missing_tools ();
   if (missing == NULL && g_find_program_in_path ("smbnetfs") == NULL)
      missing = g_strdup ("smbnetfs is not installed");
   if (missing == NULL && g_find_program_in_path ("smbclient") == NULL)
      missing = g_strdup ("smbclient is not installed");
   if (missing == NULL)
      missing = bench_netns_missing ();
   if (missing != NULL) {
      printf ("\n### A post office on another server\n\nNot measured here: "
              "%s.\n",
              missing);
      return TRUE;
   }
   guint sizes[MAX_SIZES];
   guint n = 0;
   sizes[n++] = 1000;
   if (!env->quick)
      sizes[n++] = 10000;
   if (env->large)
      sizes[n++] = 50000;
   ServerFigures figs[MAX_SIZES] = {{0}};
   const int signals[] = {SIGINT, SIGTERM, SIGHUP};
   for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
      signal (signals[i], end_on_signal);
   gboolean ok = TRUE;
   for (guint i = 0; i < n && ok; i++)
      ok = measure_size (env, sizes[i], &figs[i], error);
   for (gsize i = 0; i < G_N_ELEMENTS (signals); i++)
      signal (signals[i], SIG_DFL);
   if (!ok)
      return FALSE;
   print_table (env, figs, n);
   // The targets at 10,000 accounts, or the largest measured below that.
   guint at = n > 1 ? 1 : 0;
   results->remote_accounts = figs[at].accounts;
   for (guint d = 0; d < N_DELAYS; d++)
      results->remote_ratio[d] =
         figs[at].s[d][S_PREFLIGHT] / figs[at].s[d][S_FLOOR];
   results->remote_extra_rtt_per_account =
      extra_round_trips (&figs[at], S_PREFLIGHT);
   printf ("\nTargets at %u accounts: `mig-host preflight` ≤ 3× its floor: "
           "%.2f× (%s) without added latency, %.2f× (%s) with %u ms; added "
           "round trips per account 0 (flat): %.4f (floor %.4f).\n",
           figs[at].accounts, results->remote_ratio[0],
           results->remote_ratio[0] <= 3 ? "met" : "**missed**",
           results->remote_ratio[1],
           results->remote_ratio[1] <= 3 ? "met" : "**missed**", ADDED_DELAY_MS,
           results->remote_extra_rtt_per_account,
           extra_round_trips (&figs[at], S_FLOOR));
   return TRUE;
}
