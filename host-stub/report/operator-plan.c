// operator-plan.c — a run's accounts as the night's plan (see the header).

#include "report/operator-plan.h"

#include "display-text.h"
#include "plugin-host/assessment.h"

#include <glib/gi18n-lib.h>

#include <string.h>

struct MhPlan {
   char *command, *postoffice, *go, *no_go, *ok_words;
   char *postoffice_line;   // "proceed (none)", or NULL
   char *incomplete;        // why the run is not whole, or NULL
   char *postoffice_not_ok; // "deferred (cause)" when it may not go
   GPtrArray *rows;         // MhPlanRow *, as added
   MhDigest *digest;
   guint n_ok;
   // "verdict\x02cause" -> count, for the accounts that may not go, in
   // the order first seen.
   GHashTable *not_ok;
   GPtrArray *not_ok_order;
};

// What each cause asks of whom. The plugin's catalog text is for the
// operator; this is the one sentence the help desk says to the user.
static const struct {
   const char *cause;
   MhAction action;
} cause_actions[] = {
   {"mmf-in-use", MH_ACTION_LOG_OFF},
   {"mmf-held", MH_ACTION_LOG_OFF}, // migrate's own attempt found a lock
   {"password-not-synchronised", MH_ACTION_LOG_ON},
   {"mmf-recently-active", MH_ACTION_STAY_OFF},
};

static const struct {
   const char *name, *title, *ask;
} actions[MH_ACTION_COUNT] = {
   [MH_ACTION_NONE] = {"none", N_ ("May go as they are"), ""},
   [MH_ACTION_LOG_OFF] = {"log-off", N_ ("Ask to log off Microsoft Mail"),
                          N_ ("Please exit Microsoft Mail (File > Exit and "
                              "Sign Out) on every computer you use and leave "
                              "it closed until the migration is done.")},
   [MH_ACTION_LOG_ON] = {"log-on-once",
                         N_ ("Ask to log on once with the recovered password, "
                             "then log off"),
                         N_ ("Please log on to Microsoft Mail once with the "
                             "password the administrator gave you, then exit "
                             "it (File > Exit and Sign Out).")},
   [MH_ACTION_STAY_OFF] = {"stay-off",
                           N_ ("May proceed, but were active lately: ask them "
                               "not to start Microsoft Mail tonight"),
                           N_ ("Please do not start Microsoft Mail again until "
                               "the migration is done.")},
   [MH_ACTION_ADMIN] = {"admin",
                        N_ ("The administrator fixes these first (nothing to "
                            "ask the users)"),
                        N_ ("Nothing to ask the user: the administrator fixes "
                            "this first (see the explanation).")},
};

const char *
mh_plan_verdict_shown (const char *verdict)
{
   const char *shown = mh_verdict_shown (verdict);
   if (shown != verdict)
      return shown;
   // migrate's outcomes ("migrated", "failed", ...).
   return g_dpgettext2 (GETTEXT_PACKAGE, "outcome", verdict);
}

const char *
mh_action_title (MhAction a)
{
   return _ (actions[a].title);
}

const char *
mh_action_ask (MhAction a)
{
   return actions[a].ask[0] != '\0' ? _ (actions[a].ask) : "";
}

const char *
mh_action_name (MhAction a)
{
   return actions[a].name;
}

static MhAction
action_of (gboolean ok, const char *cause)
{
   for (gsize i = 0; i < G_N_ELEMENTS (cause_actions); i++)
      if (strcmp (cause, cause_actions[i].cause) == 0) {
         MhAction a = cause_actions[i].action;
         // A cause that asks the user to act on an account that may go
         // anyway (a plugin configured so) is only a warning.
         if (ok && a != MH_ACTION_STAY_OFF)
            return MH_ACTION_NONE;
         return a;
      }
   return ok ? MH_ACTION_NONE : MH_ACTION_ADMIN;
}

static const char *participle (const char *verdict);

static void
row_free (gpointer data)
{
   MhPlanRow *r = data;
   g_free (r->user);
   g_free (r->full_name);
   g_free (r->hex_id);
   g_free (r->verdict);
   g_free (r->cause);
   g_free (r->reason);
   g_free (r->client);
   g_free (r->smb_user);
   g_free (r->program);
   g_free (r->unix_user);
   g_free (r);
}

MhPlan *
mh_plan_new (const char *command, const char *postoffice, const char *go,
             const char *no_go, const char *ok_words)
{
   MhPlan *p = g_new0 (MhPlan, 1);
   p->command = g_strdup (command);
   p->postoffice = g_strdup (postoffice);
   p->go = g_strdup (go);
   p->no_go = g_strdup (no_go);
   p->ok_words = g_strdup (ok_words);
   p->rows = g_ptr_array_new_with_free_func (row_free);
   p->digest = mh_digest_new ();
   p->not_ok = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   p->not_ok_order = g_ptr_array_new ();
   return p;
}

void
mh_plan_free (MhPlan *p)
{
   if (p == NULL)
      return;
   g_free (p->command);
   g_free (p->postoffice);
   g_free (p->go);
   g_free (p->no_go);
   g_free (p->ok_words);
   g_free (p->postoffice_line);
   g_free (p->incomplete);
   g_free (p->postoffice_not_ok);
   g_ptr_array_unref (p->rows);
   mh_digest_free (p->digest);
   g_hash_table_unref (p->not_ok);
   g_ptr_array_unref (p->not_ok_order);
   g_free (p);
}

static char *
text_or_empty (const char *s)
{
   return g_strdup (s != NULL ? s : "");
}

static void
count_not_ok (MhPlan *p, const char *verdict, const char *cause)
{
   g_autofree char *key = g_strdup_printf ("%s\x02%s", verdict, cause);
   gpointer value = NULL;
   if (g_hash_table_lookup_extended (p->not_ok, key, NULL, &value)) {
      g_hash_table_insert (p->not_ok, g_steal_pointer (&key),
                           GUINT_TO_POINTER (GPOINTER_TO_UINT (value) + 1));
      return;
   }
   char *owned = g_steal_pointer (&key);
   g_hash_table_insert (p->not_ok, owned, GUINT_TO_POINTER (1));
   g_ptr_array_add (p->not_ok_order, owned);
}

// The paragraph kept in the digest; -1 when there is none.
static gint
keep_paragraph (MhPlan *p, const MhPlanAccount *a, const MhPlanRow *r)
{
   if (a->body == NULL || a->headline == NULL)
      return -1;
   if (a->strict)
      return (gint) mh_digest_add (p->digest, a->cause, NULL, NULL, NULL,
                                   a->headline, a->body);
   g_autofree char *pid =
      r->pid != 0 ? g_strdup_printf ("%" G_GINT64_FORMAT, r->pid) : NULL;
   g_autofree char *hex = mh_display_text (r->hex_id, -1, 0);
   g_autofree char *path = mh_display_text (a->mmf_path, -1, 0);
   g_autofree char *full = mh_display_text (r->full_name, -1, 0);
   g_autofree char *user = mh_display_text (r->user, -1, 0);
   // As shown and as given: the plugin may show a name's control
   // characters otherwise than mig-host does.
   const char *values[] = {path,      hex,         full,       r->full_name,
                           r->client, r->smb_user, r->program, r->unix_user,
                           pid,       r->user,     NULL};
   // Empty values are skipped by the digest; NULL ends the list, so the
   // ones that may be NULL are passed as "".
   for (gsize i = 0; i + 1 < G_N_ELEMENTS (values); i++)
      if (values[i] == NULL)
         values[i] = "";
   // Two verdicts are never one explanation, however alike their words.
   g_autofree char *key = g_strdup_printf ("%s\x03%s", a->verdict, a->cause);
   return (gint) mh_digest_add_loose (p->digest, key, user, values, a->headline,
                                      a->body);
}

void
mh_plan_add (MhPlan *p, const MhPlanAccount *a)
{
   MhPlanRow *r = g_new0 (MhPlanRow, 1);
   r->user = text_or_empty (a->entry->user);
   r->full_name = text_or_empty (a->entry->full_name);
   r->hex_id = text_or_empty (a->entry->hex_id);
   r->verdict = g_strdup (a->verdict);
   r->cause = g_strdup (a->cause);
   r->ok = a->ok;
   r->action = action_of (a->ok, a->cause);
   const MhHolder *h = a->holder;
   if (h != NULL && h->count > 0) {
      r->reason = mh_holder_describe (h);
      r->client = g_strdup (h->client_machine);
      r->smb_user = g_strdup (h->smb_user);
      r->program = g_strdup (h->program);
      r->unix_user = g_strdup (h->unix_user);
      r->pid = h->pid;
      r->since = h->since;
   } else {
      r->reason = text_or_empty (a->reason);
      r->client = g_strdup ("");
      r->smb_user = g_strdup ("");
      r->program = g_strdup ("");
      r->unix_user = g_strdup ("");
   }
   mh_digest_count (p->digest, a->cause);
   r->paragraph = keep_paragraph (p, a, r);
   if (a->ok)
      p->n_ok++;
   else
      count_not_ok (p, a->verdict, a->cause);
   g_ptr_array_add (p->rows, r);
}

void
mh_plan_set_incomplete (MhPlan *p, const char *why)
{
   if (p->incomplete == NULL)
      p->incomplete = g_strdup (why);
}

void
mh_plan_set_postoffice (MhPlan *p, const char *verdict, const char *cause,
                        gboolean ok)
{
   g_free (p->postoffice_line);
   p->postoffice_line =
      g_strdup_printf ("%s (%s)", mh_verdict_shown (verdict), cause);
   g_clear_pointer (&p->postoffice_not_ok, g_free);
   if (!ok) {
      g_autofree char *shown = mh_display_text (cause, -1, 0);
      // TRANSLATORS: %s is "deferred" or "blocked", then a cause id.
      p->postoffice_not_ok = g_strdup_printf (_ ("the post office is %s (%s)"),
                                              participle (verdict), shown);
   }
}

void
mh_plan_set_postoffice_answer (MhPlan *p, const MhAnswer *po)
{
   if (po == NULL)
      return;
   MhAssessment s = mh_assess_postoffice (po);
   mh_plan_set_postoffice (p, mh_answer_host_verdict (po),
                           mh_answer_host_cause (po),
                           mh_assessment_proceeds (&s));
   mh_assessment_clear (&s);
}

MhDigest *
mh_plan_digest (MhPlan *p)
{
   return p->digest;
}

gboolean
mh_plan_goes (const MhPlan *p)
{
   return p->incomplete == NULL && p->postoffice_not_ok == NULL &&
          p->not_ok_order->len == 0 && p->rows->len > 0;
}

// "deferred" for "defer": the line says what happened to the accounts.
static const char *
participle (const char *verdict)
{
   if (strcmp (verdict, "defer") == 0)
      return C_ ("verdict", "deferred");
   if (strcmp (verdict, "block") == 0)
      return C_ ("verdict", "blocked");
   return mh_plan_verdict_shown (verdict);
}

char *
mh_plan_go_line (const MhPlan *p)
{
   GString *s = g_string_new (NULL);
   guint total = p->rows->len;
   if (mh_plan_goes (p)) {
      // TRANSLATORS: "GO: all 6 accounts may proceed."; the last %s is
      // "may proceed", "migrated" or "clear".
      g_string_append_printf (s,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s: all %u account %s.",
                                           "%s: all %u accounts %s.", total),
                              p->go, total, p->ok_words);
      return g_string_free (s, FALSE);
   }
   g_string_append_printf (s, "%s: ", p->no_go);
   if (total == 0 && p->incomplete == NULL) {
      // Nothing judged is nothing vouched for.
      g_string_append (s, _ ("no account was checked (the user list names "
                             "none to migrate)."));
      return g_string_free (s, FALSE);
   }
   if (p->incomplete != NULL)
      g_string_append_printf (s, "%s; ", p->incomplete);
   if (p->postoffice_not_ok != NULL)
      g_string_append_printf (s, "%s; ", p->postoffice_not_ok);
   g_autoptr (GPtrArray) order =
      mh_digest_order_by_count (p->not_ok_order, p->not_ok);
   for (guint i = 0; i < order->len; i++) {
      const char *key = g_ptr_array_index (order, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (p->not_ok, key));
      const char *sep = strchr (key, '\x02');
      g_autofree char *verdict = g_strndup (key, sep - key);
      g_autofree char *cause = mh_display_text (sep + 1, -1, 0);
      if (i > 0)
         g_string_append (s, ", ");
      // The first count names its noun: "2 accounts held by their users,
      // 1 blocked (cause)".
      if (action_of (FALSE, sep + 1) == MH_ACTION_LOG_OFF)
         g_string_append_printf (
            s,
            i == 0
               ? g_dngettext (GETTEXT_PACKAGE, "%u account held by its user",
                              "%u accounts held by their users", n)
               : g_dngettext (GETTEXT_PACKAGE, "%u held by its user",
                              "%u held by their users", n),
            n);
      else
         // TRANSLATORS: "1 account blocked (cause-id)"; %s: "deferred" or
         // "blocked", then the cause id.
         g_string_append_printf (s,
                                 i == 0 ? g_dngettext (GETTEXT_PACKAGE,
                                                       "%u account %s (%s)",
                                                       "%u accounts %s (%s)", n)
                                        : "%u %s (%s)",
                                 n, participle (verdict), cause);
   }
   if (order->len > 0)
      g_string_append (s, "; ");
   g_string_append_printf (s, "%u %s.", p->n_ok, p->ok_words);
   return g_string_free (s, FALSE);
}

gboolean
mh_plan_print_actions (const MhPlan *p, FILE *out)
{
   int width = 8;
   for (guint i = 0; i < p->rows->len; i++) {
      const MhPlanRow *r = g_ptr_array_index (p->rows, i);
      if (r->action != MH_ACTION_NONE)
         width = MAX (width, (int) g_utf8_strlen (r->user, -1));
   }
   width = MIN (width, 24);
   gboolean first = TRUE;
   for (MhAction a = MH_ACTION_LOG_OFF; a < MH_ACTION_COUNT; a++) {
      guint n = 0;
      for (guint i = 0; i < p->rows->len; i++)
         n += ((const MhPlanRow *) g_ptr_array_index (p->rows, i))->action == a;
      if (n == 0)
         continue;
      fprintf (out, "%s%s (%u):\n", first ? "" : "\n", mh_action_title (a), n);
      first = FALSE;
      for (guint i = 0; i < p->rows->len; i++) {
         const MhPlanRow *r = g_ptr_array_index (p->rows, i);
         if (r->action != a)
            continue;
         g_autofree char *user = mh_display_text (r->user, -1, 0);
         g_autofree char *full =
            mh_display_text (r->full_name[0] != '\0' ? r->full_name : "-", -1,
                             MH_DISPLAY_ONE_LINE);
         g_autofree char *cause = mh_display_text (r->cause, -1, 0);
         g_autofree char *why = mh_display_text (
            r->reason[0] != '\0' ? r->reason : "-", -1, MH_DISPLAY_ONE_LINE);
         int pad = MAX (0, width - (int) g_utf8_strlen (user, -1));
         int fpad = MAX (0, 20 - (int) g_utf8_strlen (full, -1));
         if (a == MH_ACTION_LOG_OFF || a == MH_ACTION_LOG_ON)
            fprintf (out, "   %s%*s  %s%*s  %s\n", user, pad, "", full, fpad,
                     "", why);
         else
            fprintf (out, "   %s%*s  %s%*s  %s %s: %s\n", user, pad, "", full,
                     fpad, "", participle (r->verdict), cause, why);
      }
   }
   return !first;
}

void
mh_plan_print_explanations (const MhPlan *p, FILE *out)
{
   if (mh_digest_paragraph_count (p->digest) == 0)
      return;
   fprintf (out, _ ("\nWhy, and the steps (each explanation once):\n"));
   mh_digest_print (p->digest, out);
}

char *
mh_plan_subject (const char *line)
{
   // "SOURCE ID: " as the catalog's subjects begin.
   const char *space = strchr (line, ' ');
   if (space != NULL && g_ascii_isdigit (space[1])) {
      const char *c = space + 1;
      while (g_ascii_isdigit (*c))
         c++;
      if (c[0] == ':' && c[1] == ' ')
         return g_strdup (c + 2);
   }
   return g_strdup (line);
}

guint
mh_plan_row_count (const MhPlan *p)
{
   return p->rows->len;
}

const MhPlanRow *
mh_plan_row (const MhPlan *p, guint i)
{
   return g_ptr_array_index (p->rows, i);
}

const char *
mh_plan_command (const MhPlan *p)
{
   return p->command;
}

const char *
mh_plan_postoffice (const MhPlan *p)
{
   return p->postoffice;
}

const char *
mh_plan_postoffice_line (const MhPlan *p)
{
   return p->postoffice_line;
}
