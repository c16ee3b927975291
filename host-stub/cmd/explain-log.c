// explain-log.c — the wizard's whole event log explained (see the header).

#include "cmd/explain-log.h"

#include "plugin-host/answer-copy.h"
#include "plugin-host/plugin-calls.h"
#include "cli.h"
#include "display-text.h"
#include "wizard-input/event-log-reader.h"
#include "report/problem-digest.h"
#include "report/run-report.h"
#include "run/run-interrupt.h"
#include "run/wizard-events.h"

#include <glib/gi18n-lib.h>
#include <string.h>

// The latest event about one account.
typedef struct {
   char *user;
   const MhLogRecord *latest; // owned by the records
   guint n_events;
} AccountEvents;

static void
account_events_free (gpointer data)
{
   AccountEvents *a = data;
   g_free (a->user);
   g_free (a);
}

// "for Account: NAME. MMF Path" / "for account: NAME. PAB (MMF)Path", with
// the line breaks and spaces an export may have put in.
char *
mh_explain_user_from_description (const char *description)
{
   static GRegex *re;
   static gsize once = 0;
   if (g_once_init_enter (&once)) {
      re = g_regex_new ("\\bfor\\s+account:\\s*(\\S+?)\\.\\s+(?:PAB|MMF)",
                        G_REGEX_CASELESS, 0, NULL);
      g_once_init_leave (&once, 1);
   }
   g_autoptr (GMatchInfo) m = NULL;
   if (description == NULL || !g_regex_match (re, description, 0, &m))
      return NULL;
   return g_match_info_fetch (m, 1);
}

// The account an event is about: its first insertion string, else the
// name its description gives. An information event (the run's summary,
// whose inserts are counts) is about no account.
static char *
user_of (const MhLogRecord *r)
{
   if (mh_wizard_event_type (r->id) == MH_EVENT_TYPE_INFORMATION)
      return NULL;
   if (r->inserts != NULL && r->inserts[0] != NULL && r->inserts[0][0] != '\0')
      return g_strdup (r->inserts[0]);
   return mh_explain_user_from_description (r->description);
}

static gboolean
is_later (const MhLogRecord *a, const MhLogRecord *b)
{
   if (a->time != 0 && b->time != 0 && a->time != b->time)
      return a->time > b->time;
   return a->position > b->position;
}

// Groups the wizard's events by account, in order of first appearance.
static GPtrArray *
group_by_account (GPtrArray *records, guint *n_events, guint *n_no_account)
{
   GPtrArray *accounts = g_ptr_array_new_with_free_func (account_events_free);
   g_autoptr (GHashTable) by_user =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   for (guint i = 0; i < records->len; i++) {
      const MhLogRecord *r = g_ptr_array_index (records, i);
      if (g_ascii_strcasecmp (r->source, MH_WIZARD_SOURCE) != 0)
         continue;
      (*n_events)++;
      g_autofree char *user = user_of (r);
      if (user == NULL || !g_utf8_validate (user, -1, NULL)) {
         (*n_no_account)++;
         continue;
      }
      g_autofree char *key = g_utf8_casefold (user, -1);
      AccountEvents *a = g_hash_table_lookup (by_user, key);
      if (a == NULL) {
         a = g_new0 (AccountEvents, 1);
         a->user = g_steal_pointer (&user);
         g_ptr_array_add (accounts, a);
         g_hash_table_insert (by_user, g_steal_pointer (&key), a);
      }
      a->n_events++;
      if (a->latest == NULL || is_later (r, a->latest))
         a->latest = r;
   }
   return accounts;
}

static char *
format_time (int64_t t)
{
   if (t == 0)
      return g_strdup ("(time unknown)");
   g_autoptr (GDateTime) d = g_date_time_new_from_unix_utc (t);
   return d != NULL ? g_date_time_format (d, "%Y-%m-%d %H:%M:%S UTC")
                    : g_strdup ("(time unknown)");
}

// The name of the MMF a mail-file event logged (0000023A.MMF, from
// \\SRV\MAILDATA\MMF\0000023A.MMF or a local path): its second insertion
// string, else the path its text gives ("MMF Path '...'", "PAB (MMF)Path
// '...'"). NULL when it logs none, or a name
// that is no MMF's. Newly allocated.
static char *
logged_mmf_name (const mig_event *event)
{
   // Event 0: given by its text alone, which says what it is.
   if (event->event_id != 0 &&
       mh_wizard_event_inserts (event->event_id) == NULL)
      return NULL;
   g_autofree char *path = NULL;
   if (event->n_inserts >= 2 && event->inserts != NULL &&
       event->inserts[1] != NULL)
      path = g_strdup (event->inserts[1]);
   else if (event->description != NULL) {
      static GRegex *re;
      static gsize once = 0;
      if (g_once_init_enter (&once)) {
         re = g_regex_new ("Path\\s*'([^']*)'", G_REGEX_CASELESS, 0, NULL);
         g_once_init_leave (&once, 1);
      }
      g_autoptr (GMatchInfo) m = NULL;
      if (g_regex_match (re, event->description, 0, &m))
         path = g_match_info_fetch (m, 1);
   }
   if (path == NULL)
      return NULL;
   const char *name = path;
   for (const char *p = path; *p != '\0'; p++)
      if (*p == '/' || *p == '\\')
         name = p + 1;
   if (strlen (name) != 12 || g_ascii_strcasecmp (name + 8, ".MMF") != 0)
      return NULL;
   for (int i = 0; i < 8; i++)
      if (!g_ascii_isxdigit (name[i]))
         return NULL;
   return g_strdup (name);
}

// Whether the event logged another MMF than `entry`'s Hex-ID names. A row
// without a Hex-ID of eight hex digits is the plugin's to judge
// (invalid-hex-id).
static gboolean
logs_another_mmf (const mig_event *event, const MhUserEntry *entry,
                  char **logged)
{
   *logged = logged_mmf_name (event);
   if (*logged == NULL || entry->hex_id == NULL ||
       strlen (entry->hex_id) != 8 ||
       g_ascii_strncasecmp (*logged, entry->hex_id, 8) == 0) {
      g_clear_pointer (logged, g_free);
      return FALSE;
   }
   return TRUE;
}

void
mh_explain_event (const MhPlugin *plugin, const char *postoffice,
                  const MhUserList *list, const char *user,
                  const mig_event *event_in, MhEventVerdict *out)
{
   memset (out, 0, sizeof *out);
   mig_event event = *event_in;
   event.account = NULL;
   const MhUserEntry *entry =
      list != NULL && user != NULL ? mh_user_list_find (list, user) : NULL;
   out->has_account = list != NULL && user != NULL;
   if (out->has_account && entry == NULL) {
      // The wizard migrates the accounts listed: this one is not, and that
      // is what there is to say (no MMF of it is known to check).
      out->on_error = mh_answer_on_error (plugin, &event);
      out->assessment = mh_assess_not_listed (user, list);
      return;
   }
   if (entry == NULL) {
      out->on_error = mh_answer_on_error (plugin, &event);
      const MhUserEntry nobody = {0};
      out->assessment = mh_assess_account (NULL, &nobody, out->on_error);
      return;
   }
   out->full_name = g_strdup (entry->full_name);
   mig_account account = {
      .struct_size = sizeof account,
      .postoffice = postoffice,
      .user = entry->user,
      .full_name = entry->full_name,
      .hex_id = entry->hex_id,
      .password_recovered_at = entry->password_recovered_at,
   };
   event.account = &account;
   out->on_error = mh_answer_on_error (plugin, &event);
   // The account's verdict is the one preflight and migrate get: asked
   // outside any batch, as migrate asks just before a copy.
   if (entry->problem == NULL &&
       mh_plugin_hook (plugin, MH_FN_pre_migrate) != NULL)
      out->pre_migrate = mh_answer_pre_migrate (plugin, &account);
   g_autofree char *logged = NULL;
   if (entry->problem == NULL && logs_another_mmf (&event, entry, &logged))
      out->assessment = mh_assess_event_file_mismatch (entry, logged, list);
   else
      out->assessment =
         out->pre_migrate != NULL
            ? mh_assess_event (entry, out->pre_migrate, out->on_error)
            : mh_assess_account (NULL, entry, out->on_error);
}

void
mh_event_verdict_clear (MhEventVerdict *v)
{
   mh_assessment_clear (&v->assessment);
   g_clear_pointer (&v->on_error, mh_answer_free);
   g_clear_pointer (&v->pre_migrate, mh_answer_free);
   g_clear_pointer (&v->full_name, g_free);
}

// The plugin did not handle the event and no account was assessed.
static gboolean
not_handled (const MhEventVerdict *v)
{
   return v->on_error->result == MIG_VERDICT_NO_OPINION && !v->has_account;
}

void
mh_event_verdict_to_json (json_t *o, const MhEventVerdict *v)
{
   const MhAssessment *s = &v->assessment;
   json_t *fields =
      mh_answer_to_json (s->answer != NULL ? s->answer : v->on_error);
   json_object_update (o, fields);
   json_decref (fields);
   if (not_handled (v)) {
      json_object_set_new (o, "verdict", json_string ("no-opinion"));
   } else {
      json_object_set_new (o, "verdict", json_string (mh_go_name (s->go)));
      json_object_set_new (o, "cause", json_string (s->cause));
   }
   if (s->go != MH_GO_DEFER)
      json_object_set_new (o, "retry_after_s", json_integer (0));
   if (s->answer == NULL) {
      json_object_set_new (o, "text", mh_json_text (s->host_text, FALSE));
      json_object_set_new (o, "holder", json_null ());
   }
   json_object_set_new (o, "decided_by",
                        json_string (mh_decided_by_name (s->decided_by)));
   json_object_set_new (o, "event_cause",
                        json_string (mh_answer_host_cause (v->on_error)));
}

static void
explain_one (const MhExplainLog *x, const AccountEvents *a, MhEventVerdict *v)
{
   const MhLogRecord *r = a->latest;
   // Inserts and description must be UTF-8 across the ABI.
   g_auto (GStrv) inserts = NULL;
   if (r->inserts != NULL) {
      guint n = g_strv_length (r->inserts);
      inserts = g_new0 (char *, n + 1);
      for (guint i = 0; i < n; i++)
         inserts[i] = g_utf8_make_valid (r->inserts[i], -1);
   }
   g_autofree char *description =
      r->description != NULL ? g_utf8_make_valid (r->description, -1) : NULL;
   g_autofree char *source = g_utf8_make_valid (r->source, -1);
   mig_event event = {
      .struct_size = sizeof event,
      .event_id = r->id,
      .source = source,
      .inserts = (const char *const *) inserts,
      .n_inserts = inserts != NULL ? g_strv_length (inserts) : 0,
      .description = description,
   };
   mh_explain_event (x->plugin, x->postoffice, x->list, a->user, &event, v);
}

static char *
body_of (const MhEventVerdict *v, const MhLogRecord *r)
{
   const MhAnswer *a = v->on_error;
   if (not_handled (v)) {
      GString *b = g_string_new (NULL);
      g_string_append_printf (b, "   %s\n",
                              _ ("Not handled by the plugin. As logged:"));
      if (r->description != NULL)
         mh_display_append_block (b, r->description, 6);
      for (guint i = 0; r->inserts != NULL && r->inserts[i] != NULL; i++) {
         g_autofree char *value = mh_display_text (r->inserts[i], -1, 0);
         g_string_append (b, "   ");
         g_string_append_printf (b, _ ("   insert %u: %s\n"), i + 1, value);
      }
      mh_answer_append_text (b, a);
      return g_string_free (b, FALSE);
   }
   // Every account's words, a clean one's too: they say what was checked.
   MhAssessment shown = v->assessment;
   shown.warning = TRUE;
   char *body = mh_assessment_body (&shown);
   if (body == NULL || body[0] == '\0') {
      g_free (body);
      GString *b = g_string_new (NULL);
      mh_answer_append_text (b, a);
      body = g_string_free (b, FALSE);
   }
   return body;
}

static json_t *
account_json (const AccountEvents *e, const MhEventVerdict *v)
{
   const MhLogRecord *r = e->latest;
   json_t *inserts = json_array ();
   for (guint i = 0; r->inserts != NULL && r->inserts[i] != NULL; i++) {
      g_autofree char *value = g_utf8_make_valid (r->inserts[i], -1);
      json_array_append_new (inserts, json_string (value));
   }
   g_autofree char *user = g_utf8_make_valid (e->user, -1);
   g_autofree char *description =
      r->description != NULL ? g_utf8_make_valid (r->description, -1) : NULL;
   g_autofree char *when = NULL;
   if (r->time != 0) {
      g_autoptr (GDateTime) d = g_date_time_new_from_unix_utc (r->time);
      when = d != NULL ? g_date_time_format_iso8601 (d) : NULL;
   }
   json_t *o = json_pack (
      "{s:s, s:{s:I, s:o, s:o, s:o, s:I}, s:I}", "user", user, "logged",
      "event_id", (json_int_t) r->id, "time", mh_json_text (when, TRUE),
      "inserts", inserts, "description", mh_json_text (description, TRUE),
      "position", (json_int_t) r->position, "events", (json_int_t) e->n_events);
   json_object_set_new (o, "full_name", mh_json_text (v->full_name, TRUE));
   mh_event_verdict_to_json (o, v);
   return o;
}

int
mh_explain_log (const MhExplainLog *x)
{
   g_autoptr (GError) error = NULL;
   const char *format = NULL;
   g_auto (MhLogDamage) damage = {0};
   g_autoptr (GPtrArray) records =
      mh_event_log_file_read (x->log_path, &format, &damage, &error);
   if (records == NULL)
      return mh_cli_fail ("explain", error);
   guint n_events = 0, n_no_account = 0;
   g_autoptr (GPtrArray) accounts =
      group_by_account (records, &n_events, &n_no_account);
   MhReportStream *report = NULL;
   if (!mh_run_report_open (x->json, "explain-log", &report, &error))
      return mh_cli_fail ("explain", error);
   if (report != NULL) {
      g_autofree char *path = g_utf8_make_valid (x->log_path, -1);
      json_t *log =
         json_pack ("{s:s, s:s, s:I, s:I, s:I, s:b}", "path", path, "format",
                    format, "records", (json_int_t) records->len,
                    "wizard_events", (json_int_t) n_events, "without_account",
                    (json_int_t) n_no_account, "damaged", damage.what != NULL);
      if (damage.what != NULL)
         json_object_update_new (
            log, json_pack ("{s:s, s:I, s:b}", "damage", damage.what,
                            "records_lost", (json_int_t) damage.lost,
                            "records_lost_unknown", damage.lost_unknown));
      mh_report_stream_field (report, "log", log);
   }
   FILE *out =
      report != NULL && mh_report_stream_is_stdout (report) ? stderr : stdout;
   g_autofree char *shown = mh_display_path (x->log_path);
   fprintf (out,
            g_dngettext (GETTEXT_PACKAGE,
                         "Event log %s (%s): %u records, %u of them %s events "
                         "about %u account.\n",
                         "Event log %s (%s): %u records, %u of them %s events "
                         "about %u accounts.\n",
                         accounts->len),
            shown, format, records->len, n_events, MH_WIZARD_SOURCE,
            accounts->len);
   if (damage.what != NULL) {
      g_autofree char *what = mh_display_text (damage.what, -1, 0);
      fprintf (out, _ ("The event log is damaged: %s. %s\n"), what,
               mh_log_damage_lost_records (&damage)
                  ? _ ("Records were lost: the accounts below are those of "
                       "the records read; export the log again (Event "
                       "Viewer: Save All Events As, or wevtutil epl "
                       "Application FILE.evtx) to see the rest.")
                  : _ ("No record was lost."));
   }
   if (n_no_account > 0)
      fprintf (out,
               g_dngettext (GETTEXT_PACKAGE,
                            "%u %s event names no account (explain one with "
                            "--event ID --description TEXT).\n",
                            "%u %s events name no account (explain one with "
                            "--event ID --description TEXT).\n",
                            n_no_account),
               n_no_account, MH_WIZARD_SOURCE);

   mh_interrupt_install ();
   g_autoptr (MhDigest) digest = mh_digest_new ();
   guint n_not_handled = 0, failed = 0, done = 0;
   for (guint i = 0; i < accounts->len && !mh_interrupted (); i++) {
      const AccountEvents *e = g_ptr_array_index (accounts, i);
      MhEventVerdict v;
      explain_one (x, e, &v);
      const MhAnswer *a = v.on_error;
      const MhAssessment *s = &v.assessment;
      done++;
      const char *cause = not_handled (&v) ? "not-handled" : s->cause;
      n_not_handled += a->result == MIG_VERDICT_NO_OPINION;
      failed += mh_answer_is_error (a);
      mh_digest_count (digest, cause);
      g_autofree char *user = mh_display_text (e->user, -1, 0);
      g_autofree char *when = format_time (e->latest->time);
      g_autofree char *holder = s->answer != NULL
                                   ? mh_holder_describe (&s->answer->holder)
                                   : g_strdup ("-");
      const char *now = mh_verdict_shown (
         not_handled (&v) ? "no-opinion" : mh_go_name (s->go));
      g_autofree char *held = strcmp (holder, "-") != 0
                                 ? g_strdup_printf (_ (", held by %s"), holder)
                                 : g_strdup ("");
      g_autofree char *headline = g_strdup_printf (
         g_dngettext (GETTEXT_PACKAGE,
                      "%s: event %u at %s (%u event in the log); now: %s "
                      "(%s)%s",
                      "%s: event %u at %s (%u events in the log); now: %s "
                      "(%s)%s",
                      e->n_events),
         user, e->latest->id, when, e->n_events, now, cause, held);
      g_autofree char *body = body_of (&v, e->latest);
      const char *path_raw = s->answer != NULL ? s->answer->path : "";
      g_autofree char *path = mh_display_text (path_raw, -1, 0);
      const char *logged_path =
         e->latest->inserts != NULL && e->latest->inserts[0] != NULL
            ? e->latest->inserts[1]
            : NULL;
      g_autofree char *shown_logged = mh_display_text (logged_path, -1, 0);
      mh_digest_add (digest, cause, user, NULL,
                     path[0] != '\0' ? path : shown_logged, headline, body);
      if (report != NULL)
         mh_report_stream_account (report, account_json (e, &v));
      mh_event_verdict_clear (&v);
   }
   mh_digest_print (digest, out);
   g_autofree char *causes = mh_digest_causes_line (digest);
   fputc ('\n', out);
   if (causes != NULL)
      fprintf (out,
               g_dngettext (GETTEXT_PACKAGE,
                            "%u account explained; by cause now: %s.\n",
                            "%u accounts explained; by cause now: %s.\n", done),
               done, causes);
   else
      fprintf (out,
               g_dngettext (GETTEXT_PACKAGE, "%u account explained.\n",
                            "%u accounts explained.\n", done),
               done);
   if (mh_interrupted ())
      fprintf (out, _ ("Interrupted (%s) after %u of %u accounts.\n"),
               mh_interrupt_name (), done, accounts->len);
   if (report != NULL &&
       !mh_run_report_close (
          report, "explain", digest,
          json_pack ("{s:I, s:I, s:I}", "accounts", (json_int_t) accounts->len,
                     "not_handled", (json_int_t) n_not_handled, "failed",
                     (json_int_t) failed)))
      return MH_EXIT_IOERR;
   if (mh_interrupted ())
      return mh_interrupt_exit_code ();
   // A log missing records cannot say every account's last event: that
   // outranks what the records read said.
   if (mh_log_damage_lost_records (&damage))
      return MH_EXIT_DAMAGED;
   if (failed > 0)
      return MH_EXIT_BLOCKED;
   return n_not_handled > 0 ? MH_EXIT_DEFER : MH_EXIT_OK;
}
