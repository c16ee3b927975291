// per-call-table.c — what one call costs: a pre-migrate outside a batch, an
// on-error translation, a libffi dispatch against a direct call, plugin load
// plus init in a fresh process.

#include <ffi.h>
#include <stdio.h>
#include <string.h>

#include "bench-env.h"
#include "ffi-dispatch.h"
#include "holder-process.h"
#include "bench-plugin.h"
#include "preflight-pass.h"
#include "timing.h"

#define HELD_ACCOUNT 50 // bench_postoffice_is_held (50)
#define FREE_ACCOUNT 2

typedef struct {
   const BenchPlugin *plugin;
   const BenchPostoffice *po;
   mig_account account;
   mig_event event;
   const char *inserts[2];
   mig_answer answer;
   char text[8192];
   // libffi
   BenchFfiHook ffi;
   void (*fn) (void);
   void *args[2];
   uint64_t batch_id;
   uint32_t index;
   mig_catalog_entry entry;
} Call;

typedef void (*CallFn) (Call *c);

// Seconds per call: `iterations` calls timed together, the median of
// `runs` such timings. Slow calls use iterations = 1.
static double
time_call (CallFn fn, Call *c, guint iterations, guint runs)
{
   g_autofree double *v = g_new (double, runs);
   fn (c); // warm
   for (guint r = 0; r < runs; r++) {
      gint64 t0 = bench_now_ns ();
      for (guint i = 0; i < iterations; i++)
         fn (c);
      v[r] = (bench_now_ns () - t0) / 1e9 / iterations;
   }
   return bench_median (v, runs);
}

// --- the calls

static void
call_pre_migrate (Call *c)
{
   bench_answer_init (&c->answer, c->text, sizeof c->text);
   c->plugin->pre_migrate->pre_migrate (&c->account, &c->answer);
}

static void
call_on_error (Call *c)
{
   bench_answer_init (&c->answer, c->text, sizeof c->text);
   c->plugin->on_error->on_error (&c->event, &c->answer);
}

static void
call_catalog_entry (Call *c)
{
   c->entry.struct_size = sizeof c->entry;
   c->plugin->catalog->entry (c->index, &c->entry);
}

static void
call_batch_end_direct (Call *c)
{
   // Through a volatile pointer: the compiler may not see through it, as a
   // host cannot see through a pointer it got from get_hook().
   int32_t (*volatile end) (uint64_t) = c->plugin->end->end;
   end (c->batch_id);
}

static void
call_batch_end_ffi (Call *c)
{
   ffi_arg rc;
   void *args[] = {&c->batch_id};
   ffi_call (&c->ffi.cif, c->fn, &rc, args);
}

static void
call_catalog_direct (Call *c)
{
   int32_t (*volatile entry) (uint32_t, mig_catalog_entry *) =
      c->plugin->catalog->entry;
   entry (c->index, &c->entry);
}

static void
call_catalog_ffi (Call *c)
{
   ffi_arg rc;
   mig_catalog_entry *e = &c->entry;
   void *args[] = {&c->index, &e};
   ffi_call (&c->ffi.cif, c->fn, &rc, args);
}

// --- rows

static void
row (const char *what, double seconds, const char *note)
{
   g_autofree char *d = bench_format_duration (seconds);
   printf ("| %s | %s | %s |\n", what, d, note);
}

static void
set_account (Call *c, guint i, guint64 batch_id)
{
   const BenchAccount *a = &g_array_index (c->po->accounts, BenchAccount, i);
   c->account = (mig_account){
      .struct_size = sizeof (mig_account),
      .batch_id = batch_id,
      .postoffice = c->po->maildata,
      .user = a->user,
      .hex_id = a->hex_id,
   };
}

static void
pre_migrate_rows (BenchEnv *env, Call *c, guint runs_slow)
{
   set_account (c, FREE_ACCOUNT, 0);
   row ("pre-migrate/1 outside a batch (batch_id 0), free account",
        time_call (call_pre_migrate, c, 1, runs_slow),
        "fresh /proc/locks read + 4-byte peek in a reader thread");
   set_account (c, HELD_ACCOUNT, 0);
   row ("pre-migrate/1 outside a batch, held account (answer names the holder)",
        time_call (call_pre_migrate, c, 1, runs_slow),
        "as above + /proc/PID of the holder");

   BenchPass pass;
   if (bench_preflight_pass (c->plugin, c->po, 77, &pass, NULL))
      row ("pre-migrate/1 inside a batch, per account (for comparison)",
           pass.accounts_s / c->po->accounts->len,
           "answered from the batch's snapshot");
   (void) env;
}

static void
set_event (Call *c, uint32_t id, const char *i0, const char *i1,
           const char *description)
{
   c->inserts[0] = i0;
   c->inserts[1] = i1;
   c->event = (mig_event){
      .struct_size = sizeof (mig_event),
      .event_id = id,
      .inserts = i0 ? c->inserts : NULL,
      .n_inserts = i0 ? 2 : 0,
      .description = description,
   };
}

static void
on_error_rows (BenchEnv *env, Call *c, guint runs_slow, BenchResults *results)
{
   const BenchAccount *a =
      &g_array_index (c->po->accounts, BenchAccount, HELD_ACCOUNT);
   g_autofree char *local =
      g_strdup_printf ("%s/MMF/%s.MMF", c->po->maildata, a->hex_id);
   g_autofree char *windows =
      g_strdup_printf ("%s\\MMF\\%s.MMF", BENCH_WINDOWS_SHARE, a->hex_id);
   g_autofree char *description = g_strdup_printf (
      "Could not migrate MMF file for Account: %s. MMF Path '%s'.", a->user,
      windows);
   guint fast = env->quick ? 2000 : 20000;

   set_event (c, 7007, a->user, local, NULL);
   results->on_error_recheck_s = time_call (call_on_error, c, 1, runs_slow);
   row ("on-error/1, 7007 with 2 inserts (user, local MMF path)",
        results->on_error_recheck_s,
        "re-checks the account now: /proc/locks + peek");
   set_event (c, 7007, a->user, windows, NULL);
   row ("on-error/1, 7007 with 2 inserts, Windows path through [path-map]",
        time_call (call_on_error, c, 1, runs_slow), "same re-check");
   set_event (c, 0, NULL, NULL, description);
   row ("on-error/1, 7007 by its description text alone",
        time_call (call_on_error, c, 1, runs_slow),
        "text recognised, path mapped, same re-check");

   set_event (c, 7007, a->user, "\\\\OTHERSRV\\MAILDATA\\MMF\\00000A33.MMF",
              NULL);
   double unmapped = time_call (call_on_error, c, fast, env->runs);
   row ("on-error/1, 7007 naming an unmapped path (translation only)", unmapped,
        "catalog entry rendered with the inserts; nothing to re-check");
   set_event (c, 7017, a->user, "alias", NULL);
   results->on_error_s = time_call (call_on_error, c, fast, env->runs);
   row ("on-error/1, 7017 with 2 inserts (catalog-only event)",
        results->on_error_s, "catalog look-up + render");
   results->on_error_s = MAX (results->on_error_s, unmapped);

   c->index = 0;
   row ("catalog/1, entry 0 filled",
        time_call (call_catalog_entry, c, fast, env->runs),
        "five strings sanitised into the host's struct");
}

static gboolean
dispatch_rows (BenchEnv *env, Call *c, BenchResults *results, GError **error)
{
   guint iterations = env->quick ? 200000 : 2000000;
   struct {
      const char *row;
      const char *what;
      CallFn direct, via_ffi;
      uint32_t index;
   } cases[] = {
      {"batch_end", "batch-end/1 with an unknown batch id",
       call_batch_end_direct, call_batch_end_ffi, 0},
      {"catalog", "catalog/1 past the last entry", call_catalog_direct,
       call_catalog_ffi, 1u << 30},
   };
   double worst = 0;
   for (gsize k = 0; k < G_N_ELEMENTS (cases); k++) {
      if (!bench_ffi_hook_prepare (&c->ffi, cases[k].row, error))
         return FALSE;
      c->fn = bench_ffi_hook_function (&c->ffi,
                                       c->plugin->entry->get_hook (c->ffi.id));
      c->batch_id = G_GUINT64_CONSTANT (0xdead0000beef);
      c->index = cases[k].index;
      double direct = time_call (cases[k].direct, c, iterations, env->runs);
      double via_ffi = time_call (cases[k].via_ffi, c, iterations, env->runs);
      g_autofree char *what_d =
         g_strdup_printf ("%s, direct call", cases[k].what);
      g_autofree char *what_f = g_strdup_printf (
         "%s, through libffi (cif from the hook table)", cases[k].what);
      g_autofree char *over = bench_format_duration (via_ffi - direct);
      g_autofree char *note =
         g_strdup_printf ("**%s over the direct call**", over);
      row (what_d, direct, "");
      row (what_f, via_ffi, note);
      worst = MAX (worst, via_ffi - direct);
   }
   results->ffi_overhead_s = worst;
   return TRUE;
}

static gboolean
load_init_rows (BenchEnv *env, BenchResults *results, GError **error)
{
   guint runs = env->quick ? 5 : 21;
   g_autofree double *open_s = g_new (double, runs);
   g_autofree double *init_s = g_new (double, runs);
   g_autofree double *total_s = g_new (double, runs);
   for (guint r = 0; r < runs; r++) {
      const char *argv[] = {env->load_init, env->plugin, NULL};
      g_autofree char *out = NULL;
      int status;
      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL,
                         NULL, &out, NULL, &status, error) ||
          !g_spawn_check_wait_status (status, error))
         return FALSE;
      long long a = 0, b = 0, t = 0;
      if (sscanf (out, "%lld %lld %lld", &a, &b, &t) != 3) {
         g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                      "%s printed \"%s\"", env->load_init, out);
         return FALSE;
      }
      open_s[r] = a / 1e9;
      init_s[r] = b / 1e9;
      total_s[r] = t / 1e9;
   }
   row (
      "plugin load: dlopen + dlsym, fresh process", bench_median (open_s, runs),
      "maps the module and GLib, GIO, jansson (the child links none of them)");
   row ("plugin init + get_hook × 5", bench_median (init_s, runs),
        "configuration defaults, catalog from the GResource");
   results->load_init_s = bench_median (total_s, runs);
   row ("**plugin load + init**", results->load_init_s, "");
   return TRUE;
}

gboolean
bench_per_call_table (BenchEnv *env, BenchResults *results, GError **error)
{
   const BenchPostoffice *po = &env->postoffices[MIN (1u, env->n_sizes - 1)];
   g_autofree char *held_mmf = bench_postoffice_mmf (po, HELD_ACCOUNT);
   const char *argv[] = {env->lock_holder, "posix-write", held_mmf, NULL};
   BenchHolder holder;
   if (!bench_holder_start (&holder, argv, error))
      return FALSE;
   g_autofree Call *c = g_new0 (Call, 1);
   BenchPlugin plugin;
   if (!bench_plugin_open (&plugin, env->plugin, po->config, error)) {
      bench_holder_stop (&holder);
      return FALSE;
   }
   c->plugin = &plugin;
   c->po = po;
   guint runs_slow = env->quick ? 21 : 201;

   printf ("\n### Per call\n\n(Post office of %u accounts, one MMF held; "
           "[samba] mode = off unless said; median of %u runs, fast calls "
           "timed in loops.)\n\n| call | time per call | what it does |\n"
           "|---|---|---|\n",
           po->accounts->len, env->runs);
   pre_migrate_rows (env, c, runs_slow);
   on_error_rows (env, c, runs_slow, results);
   gboolean ok = dispatch_rows (env, c, results, error);
   bench_plugin_close (&plugin);

   // The plugin's defaults: with smbstatus installed, [samba] mode = auto
   // asks it on every fresh snapshot.
   if (ok && bench_plugin_open (&plugin, env->plugin, NULL, error)) {
      set_account (c, FREE_ACCOUNT, 0);
      row (
         "pre-migrate/1 outside a batch, default configuration ([samba] auto)",
         time_call (call_pre_migrate, c, 1, env->quick ? 5 : 21),
         "as the first row + one smbstatus call (installed here, no smbd "
         "running)");
      bench_plugin_close (&plugin);
   } else {
      ok = FALSE;
   }
   bench_holder_stop (&holder);
   return ok && load_init_rows (env, results, error);
}
