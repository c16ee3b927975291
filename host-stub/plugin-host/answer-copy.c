// answer.c — a plugin's answer, copied out of mig_answer and owned by the host.

#include "plugin-host/answer-copy.h"

#include "display-text.h"
#include "plugin-host/plugin-calls.h"

#include <glib/gi18n-lib.h>
#include <string.h>

enum {
   FIRST_TEXT_SIZE = 4096,
   // A plugin claiming more than this is broken; its text stays cut.
   MAX_TEXT_SIZE = 1024 * 1024,
   // The lock state can change between calls, and with it the text length.
   MAX_CALLS = 4,
};

// The strings of an answer, in the order copy_out lays them out.
enum { N_STRINGS = 9 };

// A char array the plugin filled: up to its first NUL, or all of it when a
// broken plugin did not end it; made valid UTF-8 (then newly allocated in
// *scratch).
static const char *
bounded_valid (const char *field, size_t size, size_t *len, char **scratch)
{
   *len = strnlen (field, size);
   *scratch = NULL;
   if (g_utf8_validate_len (field, *len, NULL))
      return field;
   *scratch = g_utf8_make_valid (field, (gssize) *len);
   *len = strlen (*scratch);
   return *scratch;
}

// A newly allocated, bounded, valid UTF-8 copy of a char array.
static char *
copy_field (const char *field, size_t size)
{
   size_t len = 0;
   char *scratch = NULL;
   const char *valid = bounded_valid (field, size, &len, &scratch);
   return scratch != NULL ? scratch : g_strndup (valid, len);
}

static void
copy_out (MhAnswer *out, const mig_answer *a, const char *text,
          size_t text_size)
{
   // Rationale: one allocation for every string of the answer, not one
   // each: a preflight collects an answer per account, and most of these
   // strings are empty.
   const char *from[N_STRINGS] = {
      a->cause,
      a->documentation,
      a->message_id,
      a->path,
      text_size > 0 ? text : "",
      a->holder_program,
      a->holder_unix_user,
      a->holder_smb_user,
      a->holder_client_machine,
   };
   const size_t sizes[N_STRINGS] = {
      sizeof a->cause,
      sizeof a->documentation,
      sizeof a->message_id,
      sizeof a->path,
      text_size > 0 ? text_size : 1,
      sizeof a->holder_program,
      sizeof a->holder_unix_user,
      sizeof a->holder_smb_user,
      sizeof a->holder_client_machine,
   };
   MhHolder *h = &out->holder;
   char **to[N_STRINGS] = {
      &out->cause,   &out->documentation, &out->message_id,
      &out->path,    &out->text,          &h->program,
      &h->unix_user, &h->smb_user,        &h->client_machine,
   };
   const char *valid[N_STRINGS];
   size_t len[N_STRINGS];
   char *scratch[N_STRINGS];
   size_t total = 0;
   for (int i = 0; i < N_STRINGS; i++) {
      valid[i] = bounded_valid (from[i], sizes[i], &len[i], &scratch[i]);
      total += len[i] + 1;
   }
   char *p = out->strings = g_malloc (total);
   for (int i = 0; i < N_STRINGS; i++) {
      memcpy (p, valid[i], len[i]);
      p[len[i]] = '\0';
      *to[i] = p;
      p += len[i] + 1;
      g_free (scratch[i]);
   }
   out->retry_after_s = a->retry_after_s;
   out->event_id = a->event_id;
   out->flags = a->flags;
   h->count = a->holder_count;
   h->pid = a->holder_pid;
   h->lock = a->holder_lock;
   h->since = a->holder_since;
   h->stale = (a->flags & MIG_ANSWER_HOLDER_STALE) != 0;
   h->is_host = (a->flags & MIG_ANSWER_HOLDER_IS_HOST) != 0;
}

// The hook call this thread is making through mh_answer_collect, for the
// findings/1 service: the plugin calls it on the hook's own thread.
typedef struct {
   const mig_answer *answer;
   GPtrArray *findings;
} Collecting;
static _Thread_local Collecting *collecting;
static guint stray_findings;

static void
finding_free (gpointer data)
{
   MhFinding *f = data;
   g_free (f->cause);
   g_free (f->message_id);
   g_free (f);
}

static void MIG_CALL
findings_add (const struct mig_host *host, const mig_answer *answer,
              const mig_finding *finding)
{
   (void) host;
   Collecting *c = collecting;
   if (c == NULL || answer == NULL || c->answer != answer || finding == NULL ||
       !MIG_HAS_FIELD (finding, mig_finding, message_id)) {
      g_atomic_int_inc (&stray_findings);
      return;
   }
   if (c->findings == NULL)
      c->findings = g_ptr_array_new_with_free_func (finding_free);
   MhFinding *f = g_new0 (MhFinding, 1);
   f->cause = copy_field (finding->cause, sizeof finding->cause);
   f->verdict = finding->verdict;
   f->event_id = finding->event_id;
   f->message_id = copy_field (finding->message_id, sizeof finding->message_id);
   g_ptr_array_add (c->findings, f);
}

const mig_service_findings *
mh_answer_findings_service (void)
{
   static const mig_service_findings service = {findings_add};
   return &service;
}

guint
mh_answer_stray_findings (void)
{
   return (guint) g_atomic_int_get (&stray_findings);
}

MhAnswer *
mh_answer_collect (MhAnswerCall call, gpointer data)
{
   // Made on the first finding: most answers have none.
   Collecting here = {0};
   Collecting *outer = collecting;
   size_t text_size = FIRST_TEXT_SIZE;
   size_t buffer_size = 0;
   // Rationale: most answers fit the first buffer, and an account's answer
   // is collected in a few µs; a 4 KiB allocation freed at once each time
   // was a noticeable part of that (malloc_consolidate in perf). The first
   // call uses the stack; only a longer text takes the heap.
   char first[FIRST_TEXT_SIZE];
   g_autofree char *larger = NULL;
   char *text = NULL;
   mig_answer a;
   int32_t result = MIG_ERR_INTERNAL;

   for (int attempt = 0; attempt < MAX_CALLS; attempt++) {
      g_clear_pointer (&larger, g_free);
      if (text_size <= sizeof first) {
         text = first;
      } else {
         larger = g_malloc (text_size);
         text = larger;
      }
      // Zeroed, as before: a plugin that does not end its text with a NUL
      // must not expose what the buffer held.
      memset (text, 0, text_size);
      buffer_size = text_size;
      memset (&a, 0, sizeof a);
      a.struct_size = sizeof a;
      a.text = text;
      a.text_size = (uint32_t) text_size;
      // A call made again keeps only its own findings.
      g_clear_pointer (&here.findings, g_ptr_array_unref);
      here.answer = &a;
      collecting = &here;
      result = call (data, &a);
      collecting = outer;
      if (a.text_needed < a.text_size || a.text_needed >= MAX_TEXT_SIZE)
         break;
      text_size = (size_t) a.text_needed + 1;
   }
   // A call that failed found nothing the host may show: its findings go.
   if (result < 0)
      g_clear_pointer (&here.findings, g_ptr_array_unref);
   MhAnswer *out = g_new0 (MhAnswer, 1);
   out->result = result;
   copy_out (out, &a, text, buffer_size);
   out->findings = g_steal_pointer (&here.findings);
   return out;
}

// The hook and its input, for the calls below.
typedef struct {
   const MhPlugin *plugin;
   const void *input; // mig_batch, mig_account or mig_event
} HookInput;

static int32_t
call_batch_begin (gpointer data, mig_answer *answer)
{
   const HookInput *d = data;
   return mh_call_batch_begin (d->plugin, d->input, answer);
}

static int32_t
call_pre_migrate (gpointer data, mig_answer *answer)
{
   const HookInput *d = data;
   return mh_call_pre_migrate (d->plugin, d->input, answer);
}

static int32_t
call_on_error (gpointer data, mig_answer *answer)
{
   const HookInput *d = data;
   return mh_call_on_error (d->plugin, d->input, answer);
}

// A new batch id for each batch this process opens: non-zero and unique.
static uint64_t
next_batch_id (void)
{
   static gint last = 0;
   return (uint64_t) (guint) g_atomic_int_add (&last, 1) + 1;
}

MhAnswer *
mh_answer_batch_begin (const MhPlugin *plugin, const char *postoffice,
                       uint32_t n_accounts, uint64_t *batch_id)
{
   mig_batch batch = {
      .struct_size = sizeof batch,
      .n_accounts = n_accounts,
      .batch_id = next_batch_id (),
      .postoffice = postoffice,
   };
   *batch_id = batch.batch_id;
   HookInput d = {plugin, &batch};
   MhAnswer *a = mh_answer_collect (call_batch_begin, &d);
   // A verdict no minor defines is an error, but a plugin that returned one
   // may think the batch open: end it, so that no snapshot is left behind.
   if (a->result > MIG_VERDICT_BLOCK &&
       mh_plugin_hook (plugin, MH_FN_batch_end) != NULL)
      (void) mh_call_batch_end (plugin, batch.batch_id);
   return a;
}

MhAnswer *
mh_answer_pre_migrate (const MhPlugin *plugin, const mig_account *account)
{
   HookInput d = {plugin, account};
   return mh_answer_collect (call_pre_migrate, &d);
}

MhAnswer *
mh_answer_on_error (const MhPlugin *plugin, const mig_event *event)
{
   HookInput d = {plugin, event};
   return mh_answer_collect (call_on_error, &d);
}

void
mh_answer_free (MhAnswer *answer)
{
   if (answer == NULL)
      return;
   g_free (answer->strings);
   if (answer->findings != NULL)
      g_ptr_array_unref (answer->findings);
   g_free (answer);
}

const char *
mh_verdict_name (int32_t verdict)
{
   switch (verdict) {
   case MIG_VERDICT_NO_OPINION:
      return "no-opinion";
   case MIG_VERDICT_PROCEED:
      return "proceed";
   case MIG_VERDICT_DEFER:
      return "defer";
   case MIG_VERDICT_BLOCK:
      return "block";
   default:
      return NULL;
   }
}

gboolean
mh_answer_is_error (const MhAnswer *answer)
{
   return answer->result < 0 || answer->result > MIG_VERDICT_BLOCK;
}

const char *
mh_answer_error_name (const MhAnswer *answer)
{
   return answer->result < 0 ? mh_status_name (answer->result)
                             : "unknown verdict";
}

const char *
mh_answer_host_verdict (const MhAnswer *answer)
{
   if (answer->result == MIG_VERDICT_PROCEED ||
       answer->result == MIG_VERDICT_DEFER ||
       answer->result == MIG_VERDICT_BLOCK)
      return mh_verdict_name (answer->result);
   return "defer"; // fail closed: nobody vouched for the account
}

const char *
mh_answer_host_cause (const MhAnswer *answer)
{
   if (answer->result == MIG_VERDICT_NO_OPINION)
      return "no-opinion";
   if (mh_answer_is_error (answer))
      return "plugin-error";
   return answer->cause[0] != '\0' ? answer->cause : "none";
}

const char *
mh_lock_name (uint32_t lock)
{
   static const char *const names[] = {
      [MIG_LOCK_POSIX] = "posix",
      [MIG_LOCK_OFD] = "ofd",
      [MIG_LOCK_FLOCK] = "flock",
      [MIG_LOCK_LEASE] = "lease",
      [MIG_LOCK_DELEGATION] = "delegation",
      [MIG_LOCK_SHARE_MODE] = "share-mode",
      [MIG_LOCK_SMB_RANGE] = "smb-range",
      [MIG_LOCK_SERVER_OPEN] = "server-open",
   };
   return lock < G_N_ELEMENTS (names) ? names[lock] : NULL;
}

static gboolean
has_holder (const MhHolder *h)
{
   return h->count > 0 || h->pid != 0 || h->lock != MIG_LOCK_NONE;
}

const char *
mh_verdict_shown (const char *verdict)
{
   // The verdict ids as a person reads them; JSON and CSV keep the ids.
   if (strcmp (verdict, "proceed") == 0)
      return C_ ("verdict", "proceed");
   if (strcmp (verdict, "defer") == 0)
      return C_ ("verdict", "defer");
   if (strcmp (verdict, "block") == 0)
      return C_ ("verdict", "block");
   if (strcmp (verdict, "no-opinion") == 0)
      return C_ ("verdict", "no-opinion");
   return verdict;
}

char *
mh_holder_describe (const MhHolder *h)
{
   if (!has_holder (h))
      return g_strdup ("-");
   GString *s = g_string_new (NULL);
   if (h->pid != 0)
      g_string_append_printf (s, "pid %" G_GINT64_FORMAT, h->pid);
   if (h->program[0] != '\0')
      g_string_append_printf (s, "%s%s", s->len ? " " : "", h->program);
   if (h->unix_user[0] != '\0')
      g_string_append_printf (s, "%s(%s)", s->len ? " " : "", h->unix_user);
   if (h->smb_user[0] != '\0')
      g_string_append_printf (s, "%ssmb %s", s->len ? " " : "", h->smb_user);
   if (h->client_machine[0] != '\0') {
      if (s->len > 0)
         g_string_append_c (s, ' ');
      // TRANSLATORS: the client machine a holder works on.
      g_string_append_printf (s, _ ("on %s"), h->client_machine);
   }
   const char *lock = mh_lock_name (h->lock);
   if (lock != NULL)
      g_string_append_printf (s, "%s%s", s->len ? ", " : "", lock);
   if (h->is_host)
      g_string_append_printf (s, ", %s", _ ("mig-host itself"));
   if (h->stale)
      g_string_append_printf (s, ", %s", _ ("stale"));
   if (h->count > 1)
      g_string_append_printf (s, _ (", +%u more"), h->count - 1);
   g_autofree char *raw = g_string_free (s, FALSE);
   return mh_display_text (raw, -1, MH_DISPLAY_ONE_LINE);
}

char *
mh_answer_describe_other_findings (const MhAnswer *a)
{
   if (a->findings == NULL || a->findings->len < 2)
      return NULL;
   GString *s = g_string_new (_ ("Also found:"));
   for (guint i = 1; i < a->findings->len; i++) {
      const MhFinding *f = g_ptr_array_index (a->findings, i);
      const char *verdict = mh_verdict_name (f->verdict);
      if (verdict != NULL)
         verdict = mh_verdict_shown (verdict);
      g_string_append_printf (s, "%s %s (%s)", i > 1 ? "," : "", f->cause,
                              verdict != NULL ? verdict : "?");
   }
   g_string_append_c (s, '.');
   g_autofree char *raw = g_string_free (s, FALSE);
   return mh_display_text (raw, -1, MH_DISPLAY_ONE_LINE);
}

json_t *
mh_json_text (const char *text, gboolean empty_is_null)
{
   if (text == NULL || (empty_is_null && text[0] == '\0'))
      return json_null ();
   json_t *s = json_string (text);
   return s != NULL ? s : json_null (); // invalid UTF-8 cannot get here
}

// Unix seconds as ISO 8601, or NULL for 0 (unknown). Newly allocated.
static char *
iso_time (int64_t unix_time)
{
   if (unix_time == 0)
      return NULL;
   g_autoptr (GDateTime) t = g_date_time_new_from_unix_utc (unix_time);
   return t != NULL ? g_date_time_format_iso8601 (t) : NULL;
}

static void
write_holder (MhJsonObject *o, const MhHolder *h)
{
   if (!has_holder (h)) {
      mh_json_member_null (o, "holder");
      return;
   }
   MhJsonObject c;
   mh_json_member_object (o, "holder", &c);
   if (h->pid != 0)
      mh_json_member_int (&c, "pid", h->pid);
   else
      mh_json_member_null (&c, "pid");
   mh_json_member_string_or_null (&c, "program", h->program);
   mh_json_member_string_or_null (&c, "unix_user", h->unix_user);
   mh_json_member_string_or_null (&c, "smb_user", h->smb_user);
   mh_json_member_string_or_null (&c, "client_machine", h->client_machine);
   mh_json_member_string_or_null (&c, "lock", mh_lock_name (h->lock));
   g_autofree char *since = iso_time (h->since);
   mh_json_member_string (&c, "since", since);
   mh_json_member_bool (&c, "stale", h->stale);
   mh_json_member_bool (&c, "is_host", h->is_host);
   mh_json_member_int (&c, "count", h->count);
   mh_json_object_end (&c);
}

// "findings": every cause the plugin reported, strongest first; [] for
// none (and for an answer no hook gave).
static void
write_findings (MhJsonObject *o, const MhAnswer *a)
{
   MhJsonArray findings;
   mh_json_member_array (o, "findings", &findings);
   for (guint i = 0; a->findings != NULL && i < a->findings->len; i++) {
      const MhFinding *f = g_ptr_array_index (a->findings, i);
      MhJsonObject e;
      mh_json_array_object (&findings, &e);
      mh_json_member_string (&e, "cause", f->cause);
      const char *verdict = mh_verdict_name (f->verdict);
      if (verdict != NULL)
         verdict = mh_verdict_shown (verdict);
      if (verdict != NULL)
         mh_json_member_string (&e, "verdict", verdict);
      else
         mh_json_member_int (&e, "verdict", f->verdict);
      if (f->event_id != 0)
         mh_json_member_int (&e, "event_id", f->event_id);
      else
         mh_json_member_null (&e, "event_id");
      mh_json_member_string_or_null (&e, "message_id", f->message_id);
      mh_json_object_end (&e);
   }
   mh_json_array_end (&findings);
}

void
mh_answer_write_json (MhJsonObject *o, const MhAnswer *a)
{
   mh_json_member_string (o, "verdict", mh_answer_host_verdict (a));
   mh_json_member_string (o, "cause", mh_answer_host_cause (a));
   mh_json_member_int (o, "retry_after_s", a->retry_after_s);
   write_holder (o, &a->holder);
   mh_json_member_string (o, "text", a->text);
   mh_json_member_string_or_null (o, "documentation", a->documentation);
   mh_json_member_string_or_null (o, "message_id", a->message_id);
   if (a->event_id != 0)
      mh_json_member_int (o, "event_id", a->event_id);
   else
      mh_json_member_null (o, "event_id");
   write_findings (o, a);
   if (mh_answer_is_error (a)) {
      g_autofree char *why =
         a->result < 0 ? g_strdup (mh_status_name (a->result))
                       : g_strdup_printf ("unknown verdict %d", a->result);
      mh_json_member_string (o, "error", why);
   }
}

json_t *
mh_answer_findings_to_json (const MhAnswer *a)
{
   g_autoptr (GString) text = g_string_new (NULL);
   MhJsonObject o;
   mh_json_object_begin (&o, text);
   if (a != NULL)
      write_findings (&o, a);
   else
      mh_json_member_null (&o, "findings");
   mh_json_object_end (&o);
   json_t *tree = json_loads (text->str, 0, NULL);
   json_t *findings = json_object_get (tree, "findings");
   findings = json_is_array (findings) ? json_incref (findings) : json_array ();
   json_decref (tree);
   return findings;
}

json_t *
mh_answer_to_json (const MhAnswer *a)
{
   // One definition of the fields: the writer's, read back as a tree.
   g_autoptr (GString) text = g_string_new (NULL);
   MhJsonObject o;
   mh_json_object_begin (&o, text);
   mh_answer_write_json (&o, a);
   mh_json_object_end (&o);
   json_t *tree = json_loads (text->str, 0, NULL);
   return tree != NULL ? tree : json_object ();
}

void
mh_answer_append_text (GString *out, const MhAnswer *answer)
{
   if (answer->text[0] != '\0')
      mh_display_append_block (out, answer->text, 3);
   g_autofree char *others = mh_answer_describe_other_findings (answer);
   if (others != NULL)
      g_string_append_printf (out, "   %s\n", others);
   if (answer->documentation[0] != '\0') {
      g_autofree char *doc = mh_display_text (answer->documentation, -1, 0);
      g_string_append_printf (out, _ ("   See: %s\n"), doc);
   }
}
