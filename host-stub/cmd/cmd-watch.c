// cmd-watch.c — `mig-host watch`: the operator's waiting room. Asks the
// plugin about every account once, then keeps asking about the accounts
// that are deferred (held open, lock state unknown, ...) until none is, or
// until --timeout.
//
// A cycle asks about the accounts still waited for only. Few of them are
// asked one by one, outside any batch; from WATCH_BATCH_FROM on, one batch
// (batch-begin/1, pre-migrate/1 each, batch-end/1) is cheaper, although
// batch-begin looks at the whole post office. Measured (bench/, host
// table): a call outside a batch reads the lock table and lists the MMF
// folder afresh (for case twins), ~2.3 ms at 10,000 accounts and ~0.4 ms at
// 1,000, against ~34 ms and ~3 ms for a whole batch: one by one wins below
// about 8 held accounts at 1,000, 14 at 10,000. An
// account that was clear is not asked again: watch waits for the held ones
// to go; migrate re-checks everyone just before copying.
//
// On a terminal the table of held accounts (user, holder, client machine,
// since when) and a progress line are redrawn in place; elsewhere one line
// is printed per change, with the time, so that a log or a test can follow.
//
// "All clear" is never an old answer: once nobody is waited for, one more
// look at the post office and every account not blocked (one batch, as
// preflight takes it) must find nothing new, or watch goes on with what it
// found: a user who started Microsoft Mail meanwhile, MASTER.GLB held.

#include "plugin-host/answer-copy.h"
#include "plugin-host/assessment.h"
#include "cli.h"
#include "cmd/commands.h"
#include "display-text.h"
#include "plugin-host/plugin-loader.h"
#include "plugin-host/plugin-session.h"
#include "wizard-input/postoffice-path.h"
#include "report/operator-plan.h"
#include "report/plan-files.h"
#include "run/run-interrupt.h"
#include "wizard-input/user-list.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#ifdef G_OS_UNIX
#include <unistd.h>
#else
#include <io.h>
#define isatty _isatty
#define fileno _fileno
#endif

enum { WATCH_BATCH_FROM = 8 };

typedef struct {
   MhCliOptions cli; // --plugin, --postoffice, --users, ...
   double interval;
   double timeout;
   char *csv;
   char *html;
} Options;

// One account waited for.
typedef struct {
   const MhUserEntry *entry;
   MhAnswer *answer; // the latest, NULL once clear
   char *holder;     // mh_holder_describe of the latest answer
   gint64 since_us;  // monotonic time it was first seen deferred
} Waiting;

typedef struct {
   const Options *options;
   const MhPlugin *plugin;
   const char *postoffice;
   GPtrArray *waiting; // Waiting *, still deferred
   guint n_accounts;
   guint n_blocked;
   // Who is blocked and why, "U00002 (mmf-symlink)", for the last line:
   // waiting does not help them, and they keep the post office from clear.
   GPtrArray *blocked;
   GHashTable *blocked_entries; // the same accounts: MhUserEntry * set
   // Accounts that proceed with a warning (mmf-recently-active), one line
   // each, printed after the first look: their text must be seen.
   GPtrArray *warnings;
   // The post office's own verdict when it is not proceed (eg MASTER.GLB
   // held, not a post office): "postoffice-read-only"; NULL when clear.
   char *postoffice_cause;
   MhAnswer *postoffice_answer; // batch-begin/1's first answer, or NULL
   // The accounts no longer waited for that the plan must show: blocked,
   // or clear with a warning. MhUserEntry * -> their last MhAnswer * (NULL
   // when the user list or the post office decided).
   GHashTable *settled;
   gint64 start_us;
   gboolean tty;
   guint lines_drawn; // on a terminal: lines to redraw over
} Watch;

static void
waiting_free (gpointer data)
{
   Waiting *w = data;
   mh_answer_free (w->answer);
   g_free (w->holder);
   g_free (w);
}

static char *
clock_now (void)
{
   g_autoptr (GDateTime) now = g_date_time_new_now_local ();
   return g_date_time_format (now, "%H:%M:%S");
}

static char *
duration (gint64 us)
{
   gint64 s = us / G_USEC_PER_SEC;
   if (s < 60)
      return g_strdup_printf ("%" G_GINT64_FORMAT " s", s);
   if (s < 3600)
      return g_strdup_printf ("%" G_GINT64_FORMAT "m%02" G_GINT64_FORMAT "s",
                              s / 60, s % 60);
   return g_strdup_printf ("%" G_GINT64_FORMAT "h%02" G_GINT64_FORMAT "m",
                           s / 3600, (s / 60) % 60);
}

// "11:58 (14 min)" from the holder's own start, when the plugin knows it;
// NULL otherwise.
static char *
holder_since (const MhAnswer *a)
{
   if (a == NULL || a->holder.since == 0)
      return NULL;
   g_autoptr (GDateTime) t = g_date_time_new_from_unix_local (a->holder.since);
   if (t == NULL)
      return NULL;
   g_autofree char *hm = g_date_time_format (t, "%H:%M");
   gint64 age = g_get_real_time () - a->holder.since * G_USEC_PER_SEC;
   g_autofree char *d = duration (MAX (age, 0));
   return g_strdup_printf ("%s (%s)", hm, d);
}

// ---------------------------------------------------------------------------
// Asking

// Opens a batch; `postoffice` (when not NULL) receives batch-begin/1's
// answer, the caller's.
static uint64_t
begin_batch (const Watch *w, guint n, MhAnswer **postoffice)
{
   if (postoffice != NULL)
      *postoffice = NULL;
   if (mh_plugin_hook (w->plugin, MH_FN_batch_begin) == NULL)
      return 0;
   uint64_t id = 0;
   g_autoptr (MhAnswer) a =
      mh_answer_batch_begin (w->plugin, w->postoffice, n, &id);
   gboolean failed = mh_answer_is_error (a);
   if (postoffice != NULL)
      *postoffice = g_steal_pointer (&a);
   return failed ? 0 : id;
}

static void
end_batch (const Watch *w, uint64_t id)
{
   if (id != 0 && mh_plugin_hook (w->plugin, MH_FN_batch_end) != NULL)
      mh_call_batch_end (w->plugin, id);
}

static MhAnswer *
ask (const Watch *w, const MhUserEntry *e, uint64_t batch_id)
{
   mig_account account = {
      .struct_size = sizeof account,
      .batch_id = batch_id,
      .postoffice = w->postoffice,
      .user = e->user,
      .full_name = e->full_name,
      .hex_id = e->hex_id,
      .password_recovered_at = e->password_recovered_at,
   };
   return mh_answer_pre_migrate (w->plugin, &account);
}

static gboolean
is_deferred (const MhAnswer *a)
{
   const MhUserEntry none = {0};
   MhAssessment s = mh_assess_account (NULL, &none, a);
   gboolean deferred = s.go == MH_GO_DEFER;
   mh_assessment_clear (&s);
   return deferred;
}

// Keeps `answer` (taken; may be NULL) for the plan.
static void
settle (Watch *w, const MhUserEntry *e, MhAnswer *answer)
{
   g_hash_table_replace (w->settled, (gpointer) e, answer);
}

static void
note_blocked (Watch *w, const MhUserEntry *e, const char *cause)
{
   g_autofree char *user = mh_display_text (e->user, -1, 0);
   g_autofree char *shown = mh_display_text (cause, -1, 0);
   g_ptr_array_add (w->blocked, g_strdup_printf ("%s (%s)", user, shown));
   g_hash_table_add (w->blocked_entries, (gpointer) e);
   w->n_blocked++;
}

// ---------------------------------------------------------------------------
// Showing

// The first line of a plugin's text (its subject), sanitised.
static char *
first_line (const char *text)
{
   const char *end = strchr (text, '\n');
   return mh_display_text (text, end != NULL ? end - text : -1,
                           MH_DISPLAY_ONE_LINE);
}

static void
print_change (const Watch *w, const Waiting *x, const char *what)
{
   if (w->tty)
      return;
   g_autofree char *now = clock_now ();
   g_autofree char *user = mh_display_text (x->entry->user, -1, 0);
   g_autofree char *full =
      x->entry->full_name != NULL
         ? mh_display_text (x->entry->full_name, -1, MH_DISPLAY_ONE_LINE)
         : NULL;
   if (full != NULL)
      printf ("%s %s (%s) %s\n", now, user, full, what);
   else
      printf ("%s %s %s\n", now, user, what);
   fflush (stdout);
}

static void
print_held (const Watch *w, const Waiting *x)
{
   g_autofree char *cause =
      mh_display_text (mh_answer_host_cause (x->answer), -1, 0);
   g_autofree char *since = holder_since (x->answer);
   g_autofree char *what =
      since != NULL ? g_strdup_printf (_ ("held (%s): %s, since %s"), cause,
                                       x->holder, since)
                    : g_strdup_printf (_ ("held (%s): %s"), cause, x->holder);
   print_change (w, x, what);
}

static void
redraw (Watch *w)
{
   if (!w->tty)
      return;
   if (w->lines_drawn > 0)
      printf ("\033[%uA", w->lines_drawn);
   printf ("\033[J");
   guint lines = 0;
   g_autofree char *waited = duration (g_get_monotonic_time () - w->start_us);
   guint clear = w->n_accounts - w->n_blocked - w->waiting->len;
   printf (_ ("%u of %u accounts clear, %u held, %u blocked; waited %s "
              "(Ctrl-C stops)\n"),
           clear, w->n_accounts, w->waiting->len, w->n_blocked, waited);
   lines++;
   if (w->waiting->len > 0) {
      printf ("%-12s  %-24s  %-44s  %-12s  %s\n", _ ("USER"), _ ("CAUSE"),
              _ ("HOLDER"), _ ("CLIENT"), _ ("SINCE"));
      lines++;
   }
   for (guint i = 0; i < w->waiting->len; i++) {
      const Waiting *x = g_ptr_array_index (w->waiting, i);
      g_autofree char *user = mh_display_text (x->entry->user, -1, 0);
      g_autofree char *cause =
         mh_display_text (mh_answer_host_cause (x->answer), -1, 0);
      g_autofree char *client =
         mh_display_text (x->answer->holder.client_machine[0] != '\0'
                             ? x->answer->holder.client_machine
                             : "-",
                          -1, 0);
      g_autofree char *since = holder_since (x->answer);
      int pad = MAX (0, 12 - (int) g_utf8_strlen (user, -1));
      printf ("%s%*s  %-24s  %-44.44s  %-12s  %s\n", user, pad, "", cause,
              x->holder, client, since != NULL ? since : _ ("unknown"));
      lines++;
   }
   fflush (stdout);
   w->lines_drawn = lines;
}

// ---------------------------------------------------------------------------

// The first look at every account: who is to be waited for. The same
// assessment as preflight's: an account is clear when preflight would say
// proceed, blocked when it would say block (waiting does not help), and
// waited for otherwise.
static void
first_pass (Watch *w, const MhUserList *list)
{
   MhAnswer *po = NULL;
   uint64_t batch = begin_batch (w, list->entries->len, &po);
   w->postoffice_answer = po;
   MhAssessment po_s = mh_assess_postoffice (po);
   if (!mh_assessment_proceeds (&po_s))
      w->postoffice_cause = g_strdup (po_s.cause);
   mh_assessment_clear (&po_s);
   for (guint i = 0; i < list->entries->len && !mh_interrupted (); i++) {
      const MhUserEntry *e = g_ptr_array_index (list->entries, i);
      MhAnswer *a = NULL;
      if (!mh_assess_postoffice_blocks_all (po) && e->problem == NULL)
         a = ask (w, e, batch);
      MhAssessment s = mh_assess_account (po, e, a);
      if (s.go == MH_GO_BLOCK) {
         note_blocked (w, e, s.cause);
         settle (w, e, a);
      } else if (s.go == MH_GO_DEFER) {
         Waiting *x = g_new0 (Waiting, 1);
         x->entry = e;
         x->answer = a;
         x->holder = mh_holder_describe (&a->holder);
         x->since_us = g_get_monotonic_time ();
         g_ptr_array_add (w->waiting, x);
      } else {
         if (s.warning) {
            g_autofree char *user = mh_display_text (e->user, -1, 0);
            g_autofree char *subject = first_line (a->text);
            g_ptr_array_add (w->warnings,
                             g_strdup_printf (_ ("%s clear, with a warning "
                                                 "(%s): %s"),
                                              user, s.cause, subject));
            settle (w, e, g_steal_pointer (&a));
         }
         mh_answer_free (a);
      }
      mh_assessment_clear (&s);
   }
   end_batch (w, batch);
}

// One more look at the accounts still waited for; prints what changed.
static void
cycle (Watch *w)
{
   uint64_t batch = w->waiting->len >= WATCH_BATCH_FROM
                       ? begin_batch (w, w->waiting->len, NULL)
                       : 0;
   for (guint i = 0; i < w->waiting->len && !mh_interrupted ();) {
      Waiting *x = g_ptr_array_index (w->waiting, i);
      g_autoptr (MhAnswer) a = ask (w, x->entry, batch);
      if (!is_deferred (a)) {
         g_autofree char *after =
            duration (g_get_monotonic_time () - x->since_us);
         gboolean blocked = a->result == MIG_VERDICT_BLOCK;
         g_autofree char *what =
            blocked
               ? g_strdup_printf (_ ("no longer held but blocked (%s) after "
                                     "%s; run preflight for the steps"),
                                  mh_answer_host_cause (a), after)
               : g_strdup_printf (_ ("clear after %s"), after);
         print_change (w, x, what);
         if (blocked) {
            note_blocked (w, x->entry, mh_answer_host_cause (a));
            settle (w, x->entry, g_steal_pointer (&a));
         }
         g_ptr_array_remove_index (w->waiting, i);
         continue;
      }
      g_autofree char *holder = mh_holder_describe (&a->holder);
      gboolean changed = strcmp (holder, x->holder) != 0 ||
                         strcmp (mh_answer_host_cause (a),
                                 mh_answer_host_cause (x->answer)) != 0;
      mh_answer_free (x->answer);
      x->answer = g_steal_pointer (&a);
      g_free (x->holder);
      x->holder = g_steal_pointer (&holder);
      if (changed)
         print_held (w, x);
      i++;
   }
   end_batch (w, batch);
}

// Before "all clear", with nobody waited for and the post office clear so
// far: the look that makes it a fresh answer (see the top). An account now
// held is waited for again, one now blocked is blocked, a post office now
// blocked blocks everyone. Returns TRUE when the look found nothing new.
static gboolean
confirm_clear (Watch *w, const MhUserList *list)
{
   MhAnswer *po = NULL;
   uint64_t batch = begin_batch (w, list->entries->len, &po);
   gboolean nothing_new = TRUE;
   MhAssessment po_s = mh_assess_postoffice (po);
   if (!mh_assessment_proceeds (&po_s)) {
      w->postoffice_cause = g_strdup (po_s.cause);
      mh_answer_free (w->postoffice_answer);
      w->postoffice_answer = po;
      po = NULL;
      nothing_new = FALSE;
   }
   mh_assessment_clear (&po_s);
   const MhAnswer *now = po != NULL ? po : w->postoffice_answer;
   gboolean blocks_all = mh_assess_postoffice_blocks_all (now);
   for (guint i = 0; i < list->entries->len && !mh_interrupted (); i++) {
      const MhUserEntry *e = g_ptr_array_index (list->entries, i);
      if (g_hash_table_contains (w->blocked_entries, e))
         continue;
      MhAnswer *a = NULL;
      if (!blocks_all && e->problem == NULL)
         a = ask (w, e, batch);
      MhAssessment s = mh_assess_account (now, e, a);
      Waiting seen = {.entry = e};
      if (s.go == MH_GO_BLOCK) {
         g_autofree char *what =
            g_strdup_printf (_ ("now blocked (%s); run preflight for the "
                                "steps"),
                             s.cause);
         print_change (w, &seen, what);
         note_blocked (w, e, s.cause);
         settle (w, e, a);
         nothing_new = FALSE;
      } else if (s.go == MH_GO_DEFER) {
         Waiting *x = g_new0 (Waiting, 1);
         x->entry = e;
         x->answer = a;
         x->holder = mh_holder_describe (&a->holder);
         x->since_us = g_get_monotonic_time ();
         g_ptr_array_add (w->waiting, x);
         print_held (w, x);
         nothing_new = FALSE;
      } else {
         if (s.warning && !g_hash_table_contains (w->settled, e)) {
            g_autofree char *user = mh_display_text (e->user, -1, 0);
            g_autofree char *subject = first_line (a->text);
            g_autofree char *line = g_strdup_printf (
               _ ("%s clear, with a warning (%s): %s"), user, s.cause, subject);
            printf ("%s\n", line);
            settle (w, e, g_steal_pointer (&a));
         }
         mh_answer_free (a);
      }
      mh_assessment_clear (&s);
   }
   end_batch (w, batch);
   mh_answer_free (po);
   return nothing_new;
}

static char *
still_held_names (const Watch *w)
{
   GString *s = g_string_new (NULL);
   for (guint i = 0; i < w->waiting->len; i++) {
      const Waiting *x = g_ptr_array_index (w->waiting, i);
      g_autofree char *user = mh_display_text (x->entry->user, -1, 0);
      g_string_append_printf (s, "%s%s", i > 0 ? ", " : "", user);
   }
   return g_string_free (s, FALSE);
}

static void
plan_add (Watch *w, MhPlan *plan, const MhUserEntry *e, const MhAnswer *a)
{
   MhAssessment s = mh_assess_account (w->postoffice_answer, e, a);
   g_autofree char *body = mh_assessment_body (&s);
   g_autofree char *user = mh_display_text (e->user, -1, 0);
   g_autofree char *headline = g_strdup_printf (
      "%s: %s (%s)", user, mh_verdict_shown (mh_go_name (s.go)), s.cause);
   g_autofree char *reason = NULL;
   if (s.decided_by == MH_DECIDED_BY_POSTOFFICE)
      reason = g_strdup_printf (_ ("the post office: %s"), s.cause);
   else if (s.host_text != NULL || (a != NULL && a->text[0] != '\0')) {
      const char *text = s.host_text != NULL ? s.host_text : a->text;
      g_autofree char *first = first_line (text);
      reason = mh_plan_subject (first);
   }
   MhPlanAccount account = {
      .entry = e,
      .verdict = mh_go_name (s.go),
      .ok = mh_assessment_proceeds (&s),
      .cause = s.cause,
      .holder = s.decided_by == MH_DECIDED_BY_ACCOUNT ? &a->holder : NULL,
      .reason = reason,
      .headline = body != NULL ? headline : NULL,
      .body = body,
      .mmf_path = a != NULL ? a->path : NULL,
      .strict = s.decided_by == MH_DECIDED_BY_USER_LIST,
   };
   mh_plan_add (plan, &account);
   mh_assessment_clear (&s);
}

// Every account as watch last saw it: waited for, blocked, or clear.
static MhPlan *
plan_watch (Watch *w, const MhUserList *list)
{
   MhPlan *plan = mh_plan_new ("watch", w->postoffice, _ ("CLEAR"),
                               _ ("NOT CLEAR"), C_ ("accounts", "clear"));
   g_autoptr (GHashTable) waiting = g_hash_table_new (NULL, NULL);
   for (guint i = 0; i < w->waiting->len; i++) {
      const Waiting *x = g_ptr_array_index (w->waiting, i);
      g_hash_table_insert (waiting, (gpointer) x->entry, x->answer);
   }
   for (guint i = 0; i < list->entries->len; i++) {
      const MhUserEntry *e = g_ptr_array_index (list->entries, i);
      gpointer a = NULL;
      if (g_hash_table_lookup_extended (waiting, e, NULL, &a) ||
          g_hash_table_lookup_extended (w->settled, e, NULL, &a)) {
         plan_add (w, plan, e, a);
         continue;
      }
      MhPlanAccount clear = {
         .entry = e, .verdict = "proceed", .ok = TRUE, .cause = "none"};
      mh_plan_add (plan, &clear);
   }
   mh_plan_set_postoffice_answer (plan, w->postoffice_answer);
   if (mh_interrupted ())
      mh_plan_set_incomplete (plan,
                              _ ("stopped before every account was clear"));
   return plan;
}

// "Clear" is what preflight would call proceed for the post office and for
// every account: a blocked account or post office is never clear, however
// long nobody holds anything.
static int
finish (Watch *w)
{
   g_autofree char *waited = duration (g_get_monotonic_time () - w->start_us);
   if (w->waiting->len == 0 && !mh_interrupted ()) {
      if (w->postoffice_cause == NULL && w->blocked->len == 0) {
         printf (_ ("All clear after %s: no account is held or blocked.\n"),
                 waited);
         return MH_EXIT_OK;
      }
      if (w->postoffice_cause != NULL) {
         g_autofree char *cause = mh_display_text (w->postoffice_cause, -1, 0);
         printf (_ ("Not clear after %s: the post office is not to be "
                    "migrated (%s); run preflight for the steps.\n"),
                 waited, cause);
      } else {
         g_ptr_array_add (w->blocked, NULL);
         g_autofree char *names =
            g_strjoinv (", ", (char **) w->blocked->pdata);
         g_ptr_array_remove_index (w->blocked, w->blocked->len - 1);
         printf (g_dngettext (GETTEXT_PACKAGE,
                              "Not clear after %s: no account is held, but %u "
                              "is blocked (waiting does not help; run "
                              "preflight for the steps): %s.\n",
                              "Not clear after %s: no account is held, but %u "
                              "are blocked (waiting does not help; run "
                              "preflight for the steps): %s.\n",
                              w->blocked->len),
                 waited, w->blocked->len, names);
      }
      return MH_EXIT_BLOCKED;
   }
   g_autofree char *names = still_held_names (w);
   if (mh_interrupted ()) {
      printf (_ ("Stopped (%s) after %s; still held: %s.\n"),
              mh_interrupt_name (), waited, names);
      return mh_interrupt_exit_code ();
   }
   printf (g_dngettext (GETTEXT_PACKAGE,
                        "Timed out after %s: %u account still held: %s.\n",
                        "Timed out after %s: %u accounts still held: %s.\n",
                        w->waiting->len),
           waited, w->waiting->len, names);
   if (w->blocked->len > 0) {
      g_ptr_array_add (w->blocked, NULL);
      g_autofree char *blocked = g_strjoinv (", ", (char **) w->blocked->pdata);
      g_ptr_array_remove_index (w->blocked, w->blocked->len - 1);
      printf (_ ("Blocked as well (waiting does not help): %s.\n"), blocked);
   }
   return MH_EXIT_DEFER;
}

static int
run_watch (const Options *o)
{
   g_autofree char *postoffice = NULL;
   g_autoptr (MhUserList) list = NULL;
   g_autoptr (MhPluginSession) session = NULL;
   const char *outputs[] = {"--csv", o->csv, "--html", o->html, NULL};
   if (!mh_cli_outputs_outside_postoffice ("watch", o->cli.postoffice, outputs))
      return MH_EXIT_USAGE;
   int failed = mh_cli_open_inputs (&o->cli, "watch",
                                    _ ("so it cannot tell who holds an "
                                       "account"),
                                    &postoffice, &list, &session);
   if (failed != 0)
      return failed;
   g_autoptr (GPtrArray) waiting =
      g_ptr_array_new_with_free_func (waiting_free);
   g_autoptr (GPtrArray) blocked = g_ptr_array_new_with_free_func (g_free);
   g_autoptr (GPtrArray) warnings = g_ptr_array_new_with_free_func (g_free);
   g_autoptr (GHashTable) settled =
      g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) mh_answer_free);
   g_autoptr (GHashTable) blocked_entries = g_hash_table_new (NULL, NULL);
   Watch w = {.options = o,
              .plugin = session->plugin,
              .postoffice = postoffice,
              .waiting = waiting,
              .blocked = blocked,
              .blocked_entries = blocked_entries,
              .warnings = warnings,
              .settled = settled,
              .n_accounts = list->entries->len,
              .start_us = g_get_monotonic_time (),
              .tty = isatty (fileno (stdout))};
   mh_interrupt_install ();
   first_pass (&w, list);
   g_autofree char *shown_po = mh_display_path (postoffice);
   printf (o->timeout > 0
              ? _ ("Watching %s: %u accounts, %u held, %u blocked (waiting "
                   "does not help them); checking every %.1f s, until all "
                   "clear or the time-out.\n")
              : _ ("Watching %s: %u accounts, %u held, %u blocked (waiting "
                   "does not help them); checking every %.1f s, until all "
                   "clear.\n"),
           shown_po, w.n_accounts, waiting->len, w.n_blocked, o->interval);
   for (guint i = 0; i < warnings->len; i++)
      printf ("%s\n", (const char *) g_ptr_array_index (warnings, i));
   for (guint i = 0; i < waiting->len; i++)
      print_held (&w, g_ptr_array_index (waiting, i));
   redraw (&w);
   gint64 deadline = o->timeout > 0
                        ? w.start_us + (gint64) (o->timeout * G_USEC_PER_SEC)
                        : G_MAXINT64;
   for (;;) {
      while (waiting->len > 0 && !mh_interrupted ()) {
         gint64 now = g_get_monotonic_time ();
         if (now >= deadline)
            break;
         double pause =
            MIN (o->interval, (double) (deadline - now) / G_USEC_PER_SEC);
         if (!mh_interrupt_sleep (pause, NULL, NULL))
            break;
         cycle (&w);
         redraw (&w);
      }
      if (waiting->len > 0 || mh_interrupted () || w.postoffice_cause != NULL)
         break;
      gboolean nothing_new = confirm_clear (&w, list);
      redraw (&w);
      if (nothing_new || waiting->len == 0 ||
          g_get_monotonic_time () >= deadline)
         break;
   }
   int status = finish (&w);
   g_autoptr (MhPlan) plan = plan_watch (&w, list);
   g_autofree char *line = mh_plan_go_line (plan);
   printf ("%s\n", line);
   if (!mh_plan_goes (plan)) {
      printf ("\n");
      mh_plan_print_actions (plan, stdout);
   }
   g_autoptr (GError) error = NULL;
   if (!mh_plan_write_files (plan, o->csv, o->html, &error))
      status = mh_cli_fail ("watch", error);
   g_free (w.postoffice_cause);
   mh_answer_free (w.postoffice_answer);
   return status;
}

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   o->interval = 2;
   GOptionEntry options[] = {
      mh_cli_option (&o->cli, MH_CLI_PLUGIN, NULL),
      mh_cli_option (&o->cli, MH_CLI_POSTOFFICE,
                     "The post office's MAILDATA folder"),
      mh_cli_option (&o->cli, MH_CLI_USERS,
                     "The migration wizard's user list (CSV)"),
      mh_cli_option (&o->cli, MH_CLI_USERS_ENCODING,
                     "The user list's code page when it is not UTF-8 "
                     "(default CP1252)"),
      mh_cli_option (&o->cli, MH_CLI_CONFIG, NULL),
      mh_cli_option (&o->cli, MH_CLI_LOCALE,
                     "Language of the plugin's text and of mig-host's own "
                     "lines"),
      {"interval", 0, 0, G_OPTION_ARG_DOUBLE, &o->interval,
       "Seconds between looks (default 2; fractions allowed)", "S"},
      {"timeout", 0, 0, G_OPTION_ARG_DOUBLE, &o->timeout,
       "Give up after this many seconds (default: wait until all clear)", "S"},
      {"csv", 0, 0, G_OPTION_ARG_FILENAME, &o->csv,
       "When watch ends, write the help desk's call list to FILE: one CSV "
       "row per account still held or blocked",
       "FILE"},
      {"html", 0, 0, G_OPTION_ARG_FILENAME, &o->html,
       "When watch ends, write who is still held or blocked as one "
       "self-contained, printable HTML page to FILE",
       "FILE"},
      G_OPTION_ENTRY_NULL,
   };
   const char *summary =
      "Waits until no account of the post office is held: asks the plugin "
      "about every account once, then keeps asking about the deferred ones "
      "(one batch per look) and shows who still holds them — user, holder, "
      "client machine, since when — until they are all clear. On a terminal "
      "the table is redrawn in place; elsewhere one line is printed per "
      "change.\n\n"
      "Clear means what preflight would call proceed: for the post office "
      "and for every account. A blocked account or post office (MASTER.GLB "
      "held, a recovered password) is never clear: once nobody is held, "
      "watch names them and exits 2. A folder that is no post office at all "
      "is refused at once (79).\n\n";
   g_autofree char *exit_status = mh_cli_exit_status (
      "0 all clear (preflight would say proceed for the post office and "
      "every account); 1 still held at --timeout; 2 nothing held, but the "
      "post office or some account is blocked",
      (const int[]){MH_EXIT_USAGE, MH_EXIT_DATAERR, MH_EXIT_NOINPUT,
                    MH_EXIT_UNAVAILABLE, MH_EXIT_CANTCREAT, MH_EXIT_IOERR,
                    MH_EXIT_CONFIG, MH_EXIT_NOTPOSTOFFICE, MH_EXIT_SIGINT,
                    MH_EXIT_SIGTERM, -1});
   g_autofree char *help = g_strconcat (summary, exit_status, NULL);
   if (!mh_cli_parse_options_only ("watch", help, options, argc, argv))
      return FALSE;
   if (o->cli.postoffice == NULL || o->cli.users == NULL) {
      mh_cli_error ("watch", "%s",
                    _ ("--postoffice and --users are both needed, eg: "
                       "mig-host watch --postoffice PO/MAILDATA --users "
                       "PO/users.csv --timeout 3600"));
      return FALSE;
   }
   if (!mh_cli_locate_plugin (&o->cli, "watch", NULL))
      return FALSE;
   if (!(o->interval >= 0.05 && o->interval <= 3600) || o->timeout < 0) {
      mh_cli_error ("watch", "%s",
                    _ ("--interval takes 0.05 to 3600 seconds and --timeout "
                       "a positive number of seconds"));
      return FALSE;
   }
   return TRUE;
}

int
mh_cmd_watch (int argc, char **argv)
{
   Options o = {0};
   int status = parse_options (&o, &argc, &argv)
                   ? run_watch (&o)
                   : mh_cli_parse_failed_status ();
   mh_cli_options_clear (&o.cli);
   g_free (o.csv);
   g_free (o.html);
   return status;
}
