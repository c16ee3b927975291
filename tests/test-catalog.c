// test-catalog.c — the catalog check, in the spirit of rustc's error-code
// checks: every cause the code can produce has its entries, every field an
// entry uses is supplied and every supplied field is used, no entry is an
// orphan, every entry says what to do in numbered steps and fits 76
// columns; plus the parser's errors, site overrides, locale fallback, and
// the installed journal catalog as journalctl reads it.

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "catalog.h"
#include "findings.h"
#include "policy.h"
#include "cause.h"
#include "explain.h"
#include "fields.h"
#include "mig-plugin.h"
#include "other-events.h"

// The MMF failure events, from the one table the code uses; German exists
// for each of them.
static const guint mmf_events[] = {
#define MMF_EVENT_ID(source, id, what) id,
   MMFG_MMF_EVENT_TABLE (MMF_EVENT_ID)
#undef MMF_EVENT_ID
};
#define german_events mmf_events

typedef struct {
   const char *source;
   guint event;
   const char *cause;
} OtherEvent;

static const OtherEvent other_events[] = {
#define OTHER_ROW(source, event, cause) {source, event, cause},
   MMFG_OTHER_EVENT_TABLE (OTHER_ROW)
#undef OTHER_ROW
};

static MmfgCatalog *
builtin (void)
{
   g_autoptr (GError) error = NULL;
   MmfgCatalog *c = mmfg_catalog_load (NULL, &error);
   g_assert_no_error (error);
   g_assert_nonnull (c);
   return c;
}

// Post-office conditions are reported by batch-begin, before any account,
// so they have no per-account event entries.
static gboolean
is_postoffice_cause (const char *cause)
{
   return g_str_has_prefix (cause, "postoffice-");
}

static const MmfgCatalogEntry *
exact (const MmfgCatalog *c, guint event, const char *cause, const char *lang)
{
   const char *const langs[] = {lang, NULL};
   const MmfgCatalogEntry *e =
      mmfg_catalog_lookup (c, "MSExchangeMig", event, cause, langs);
   return e != NULL && strcmp (e->lang, lang) == 0 ? e : NULL;
}

static void
test_every_cause_has_its_entries (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   for (int i = 0; i < MMFG_CAUSE_COUNT; i++) {
      const char *cause = mmfg_cause_id ((MmfgCause) i);
      if (i == MMFG_CAUSE_NONE)
         continue;
      guint event = mmfg_cause_event ((MmfgCause) i);
      if (exact (c, event, cause, "en") == NULL)
         g_error ("no English entry for %s at event %u (its pre-migrate "
                  "event)",
                  cause, event);
      if (is_postoffice_cause (cause))
         continue;
      for (gsize k = 0; k < G_N_ELEMENTS (mmf_events); k++)
         if (exact (c, mmf_events[k], cause, "en") == NULL)
            g_error ("no English entry for event %u, cause %s", mmf_events[k],
                     cause);
      for (gsize k = 0; k < G_N_ELEMENTS (german_events); k++)
         if (exact (c, german_events[k], cause, "de") == NULL)
            g_error ("no German entry for event %u, cause %s", german_events[k],
                     cause);
   }
}

// The entry for exactly (event, cause, reason) in `lang`.
static const MmfgCatalogEntry *
exact_reason (const MmfgCatalog *c, guint event, const char *cause,
              const char *reason, const char *lang)
{
   const char *const langs[] = {lang, NULL};
   const MmfgCatalogEntry *e = mmfg_catalog_lookup_reason (
      c, "MSExchangeMig", event, cause, reason, langs);
   return e != NULL && strcmp (e->lang, lang) == 0 &&
                g_strcmp0 (e->reason, reason) == 0
             ? e
             : NULL;
}

// Every reason the code can give for a cause: (cause, reason) pairs.
static GPtrArray *
every_reason (void)
{
   GPtrArray *pairs = g_ptr_array_new_with_free_func (g_free);
   for (int r = MMFG_LOCK_UNKNOWN_NONE; r <= MMFG_LOCK_UNKNOWN_SERVER_FAILED;
        r++) {
      if (r == MMFG_LOCK_UNKNOWN_NONE || r == MMFG_LOCK_UNKNOWN_LOCAL_PROBE)
         continue; // the general entry explains these
      g_ptr_array_add (
         pairs, g_strdup_printf ("lock-state-unknown/%s",
                                 mmfg_lock_unknown_id ((MmfgLockUnknown) r)));
   }
   g_ptr_array_add (pairs, g_strdup ("mmf-in-use/" MMFG_REASON_SERVER_OPEN));
   return pairs;
}

static void
test_every_reason_has_its_entries (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   g_autoptr (GPtrArray) pairs = every_reason ();
   for (guint i = 0; i < pairs->len; i++) {
      g_auto (GStrv) pair = g_strsplit (g_ptr_array_index (pairs, i), "/", 2);
      for (gsize k = 0; k < G_N_ELEMENTS (mmf_events); k++)
         if (exact_reason (c, mmf_events[k], pair[0], pair[1], "en") == NULL)
            g_error ("no English entry for event %u, cause %s, reason %s",
                     mmf_events[k], pair[0], pair[1]);
      for (gsize k = 0; k < G_N_ELEMENTS (german_events); k++)
         if (exact_reason (c, german_events[k], pair[0], pair[1], "de") == NULL)
            g_error ("no German entry for event %u, cause %s, reason %s",
                     german_events[k], pair[0], pair[1]);
   }
   // No reason the code cannot give has entries.
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      if (e->reason == NULL)
         continue;
      g_autofree char *pair = g_strdup_printf ("%s/%s", e->cause, e->reason);
      gboolean known = FALSE;
      for (guint k = 0; k < pairs->len && !known; k++)
         known = strcmp (g_ptr_array_index (pairs, k), pair) == 0;
      if (!known)
         g_error ("%s: no check gives %s", e->origin, pair);
   }
}

static gboolean
is_other_event (const MmfgCatalogEntry *e)
{
   for (gsize i = 0; i < G_N_ELEMENTS (other_events); i++)
      if (strcmp (other_events[i].source, e->source) == 0 &&
          other_events[i].event == e->event_id &&
          strcmp (other_events[i].cause, e->cause) == 0)
         return TRUE;
   return FALSE;
}

static void
test_no_orphan_entries (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      MmfgCause cause;
      if (is_other_event (e))
         continue;
      if (!mmfg_cause_from_id (e->cause, &cause) || cause == MMFG_CAUSE_NONE)
         g_error ("%s: cause %s is neither produced by a check nor in "
                  "other-events.h",
                  e->origin, e->cause);
      gboolean known_event = e->event_id == mmfg_cause_event (cause);
      for (gsize k = 0; k < G_N_ELEMENTS (mmf_events); k++)
         known_event = known_event || e->event_id == mmf_events[k];
      if (!known_event || strcmp (e->source, "MSExchangeMig") != 0)
         g_error ("%s: no check reports %s with %s %u", e->origin, e->cause,
                  e->source, e->event_id);
      g_assert_cmpint (e->verdict, ==, MIG_VERDICT_NO_OPINION);
   }
}

static void
test_other_events_have_entries_and_verdicts (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   for (gsize i = 0; i < G_N_ELEMENTS (other_events); i++) {
      const OtherEvent *o = &other_events[i];
      g_assert_true (mmfg_catalog_handles (c, o->source, o->event));
      const MmfgCatalogEntry *e =
         mmfg_catalog_lookup (c, o->source, o->event, NULL, NULL);
      g_assert_nonnull (e);
      g_assert_cmpstr (e->cause, ==, o->cause);
      g_assert_cmpstr (e->lang, ==, "en");
      g_assert_true (g_str_has_prefix (e->documentation, "KB Q"));
   }
   const MmfgCatalogEntry *e = mmfg_catalog_lookup (c, NULL, 7017, NULL, NULL);
   g_assert_cmpint (mmfg_catalog_entry_verdict (e), ==, MIG_VERDICT_BLOCK);
   e = mmfg_catalog_lookup (c, NULL, 10068, NULL, NULL);
   g_assert_cmpint (mmfg_catalog_entry_verdict (e), ==, MIG_VERDICT_NO_OPINION);
   g_assert_cmpint (mmfg_catalog_entry_verdict (NULL), ==,
                    MIG_VERDICT_NO_OPINION);
   // Unknown events are not handled, so the host shows the original text.
   g_assert_false (mmfg_catalog_handles (c, NULL, 9999));
   g_assert_false (mmfg_catalog_handles (c, "MSExchangeMig", 283));
   g_assert_true (mmfg_catalog_handles (c, "MSExchangeMigDS", 283));
   g_assert_true (mmfg_catalog_handles (c, NULL, 7007));
   g_assert_null (mmfg_catalog_lookup (c, NULL, 9999, NULL, NULL));
}

static gboolean
in_strv (const char *const *v, const char *s)
{
   for (; *v != NULL; v++)
      if (strcmp (*v, s) == 0)
         return TRUE;
   return FALSE;
}

static MmfgHolder *holder (gint64 pid, const char *program,
                           const char *unix_user, const char *smb_user,
                           const char *client, int lock);
static MmfgFindings findings_with (MmfgHolder *first);

static void
test_fields_used_are_supplied_and_supplied_are_used (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   const char *const *supplied = mmfg_explain_field_names ();
   g_autoptr (GHashTable) used = g_hash_table_new (g_str_hash, g_str_equal);
   g_autoptr (GPtrArray) keep =
      g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      const char *texts[] = {e->subject, e->body};
      for (gsize t = 0; t < G_N_ELEMENTS (texts); t++) {
         char **names = mmfg_fields_placeholders (texts[t]);
         g_ptr_array_add (keep, names);
         for (char **n = names; *n != NULL; n++) {
            if (!in_strv (supplied, *n) && !mmfg_explain_is_insert_field (*n))
               g_error ("%s: @%s@ is not supplied by explain.c", e->origin, *n);
            g_hash_table_add (used, *n);
         }
      }
   }
   for (const char *const *n = supplied; *n != NULL; n++)
      if (!g_hash_table_contains (used, *n))
         g_error ("explain.c supplies %s, but no entry uses it", *n);

   // And explain.c really sets every name it lists, when everything is
   // known (an unknown value is left unset and renders as "unknown").
   MmfgAccountView view = {.user = "JSMITH",
                           .full_name = "Jane Smith",
                           .hex_id = "0000023A",
                           .postoffice = "/srv/po",
                           .host_path = "M:\\MMF\\0000023A.MMF",
                           .password_recovered_at = 1700000000};
   MmfgHolder *h = holder (4242, "MSMAIL.EXE", "jsmith", "CORP\\jsmith",
                           "PC-0417", MIG_LOCK_SMB_RANGE);
   h->since = 1700000000;
   h->possibly_stale = TRUE;
   h->stale = MMFG_STALE_IDLE;
   h->idle_minutes = 300;
   h->idle_limit_minutes = 240;
   MmfgFindings found = findings_with (h);
   found.mmf.state = MMFG_MMF_NOT_REGULAR;
   found.mmf.kind = "fifo";
   found.mmf.mtime = 1600000000;
   found.locks.known = FALSE;
   found.locks.open_error = g_strdup ("a reason");
   g_autoptr (MmfgFields) f = mmfg_explain_account (&view, &found, NULL, NULL);
   mmfg_fields_set (f, "PROBLEM", "a problem");
   for (const char *const *n = supplied; *n != NULL; n++)
      if (mmfg_fields_get (f, *n) == NULL)
         g_error ("explain.c lists %s but does not set it", *n);
   mmfg_findings_clear (&found);
}

static MmfgHolder *
holder (gint64 pid, const char *program, const char *unix_user,
        const char *smb_user, const char *client, int lock)
{
   MmfgHolder *h = g_new0 (MmfgHolder, 1);
   h->pid = pid;
   h->program = g_strdup (program);
   h->unix_user = g_strdup (unix_user);
   h->smb_user = g_strdup (smb_user);
   h->client_machine = g_strdup (client);
   h->lock = lock;
   return h;
}

static MmfgFindings
findings_with (MmfgHolder *first)
{
   MmfgFindings f = {0};
   f.mmf.state = MMFG_MMF_OK;
   f.mmf.path = g_strdup ("/srv/msmail/MAILDATA/MMF/0000023A.MMF");
   f.mmf.mtime = 1700000000;
   f.locks.known = TRUE;
   f.locks.holders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   if (first != NULL)
      g_ptr_array_add (f.locks.holders, first);
   f.checked_at = 1700000100;
   return f;
}

static void
test_explain_names_the_holder (void)
{
   MmfgAccountView view = {.user = "JSMITH", .hex_id = "0000023A"};
   MmfgFindings f = findings_with (
      holder (4242, "MSMAIL.EXE", "jsmith", NULL, NULL, MIG_LOCK_POSIX));
   g_autoptr (MmfgFields) local = mmfg_explain_account (&view, &f, NULL, NULL);
   // The holder is values, one field each, worded by the entries: no
   // phrase in one language.
   g_assert_null (mmfg_fields_get (local, "HOLDER"));
   g_assert_cmpstr (mmfg_fields_get (local, "HOLDER_PROGRAM"), ==,
                    "MSMAIL.EXE");
   g_assert_cmpstr (mmfg_fields_get (local, "HOLDER_UNIX_USER"), ==, "jsmith");
   g_assert_cmpstr (mmfg_fields_get (local, "HOLDER_PID"), ==, "4242");
   g_assert_cmpstr (mmfg_fields_get (local, "HOLDER_SMB_USER"), ==,
                    MMFG_FIELD_UNKNOWN);
   g_assert_cmpstr (mmfg_fields_get (local, "HOLDER_COUNT"), ==, "1");
   g_assert_cmpstr (mmfg_fields_get (local, "IDLE_FOR"), ==,
                    MMFG_FIELD_UNKNOWN);
   g_assert_cmpstr (mmfg_fields_get (local, "MMF_PATH"), ==, f.mmf.path);
   g_assert_cmpstr (mmfg_fields_get (local, "PASSWORD_RECOVERED_AT"), ==,
                    "never");
   mmfg_findings_clear (&f);

   MmfgHolder *smb = holder (977, "smbd", "root", "CORP\\jsmith", "PC-0417",
                             MIG_LOCK_SHARE_MODE);
   smb->possibly_stale = TRUE;
   smb->stale = MMFG_STALE_IDLE;
   smb->idle_minutes = 300;
   smb->idle_limit_minutes = 240;
   smb->service = g_strdup ("maildata");
   f = findings_with (smb);
   g_autoptr (MmfgFields) remote = mmfg_explain_account (&view, &f, NULL, NULL);
   g_assert_cmpstr (mmfg_fields_get (remote, "HOLDER_PID"), ==, "977");
   g_assert_cmpstr (mmfg_fields_get (remote, "HOLDER_SMB_USER"), ==,
                    "CORP\\jsmith");
   g_assert_cmpstr (mmfg_fields_get (remote, "HOLDER_CLIENT"), ==, "PC-0417");
   g_assert_cmpstr (mmfg_fields_get (remote, "HOLDER_LOCK"), ==,
                    "SMB share mode");
   g_assert_cmpstr (mmfg_fields_get (remote, "IDLE_FOR"), ==, "300");
   g_assert_cmpstr (mmfg_fields_get (remote, "IDLE_LIMIT"), ==, "240");
   g_assert_cmpstr (mmfg_fields_get (remote, "HOLDER_SHARE"), ==, "maildata");
   mmfg_findings_clear (&f);

   // A local Windows process holding the file deny-write: a share mode, but
   // no SMB client.
   MmfgHolder *win = holder (4242, "MSMAIL32.EXE", "CORP\\jsmith", NULL, NULL,
                             MIG_LOCK_SHARE_MODE);
   f = findings_with (win);
   g_autoptr (MmfgFields) windows =
      mmfg_explain_account (&view, &f, NULL, NULL);
   g_assert_cmpstr (mmfg_fields_get (windows, "HOLDER_PROGRAM"), ==,
                    "MSMAIL32.EXE");
   g_assert_cmpstr (mmfg_fields_get (windows, "HOLDER_SMB_USER"), ==,
                    MMFG_FIELD_UNKNOWN);
   g_assert_cmpstr (mmfg_fields_get (windows, "HOLDER_LOCK"), ==,
                    "share mode (an open denying others)");
   mmfg_findings_clear (&f);
}

// Whatever is known, a rendered entry shows no raw @FIELD@.
static void
test_explain_fills_every_entry (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   MmfgAccountView view = {.user = "JSMITH"};
   MmfgFindings f = findings_with (
      holder (4242, "MSMAIL.EXE", "jsmith", NULL, NULL, MIG_LOCK_POSIX));
   const char *const inserts[] = {"JSMITH", "M:\\MMF\\0000023A.MMF"};
   g_autoptr (MmfgFields) rich = mmfg_explain_account (&view, &f, NULL, NULL);
   mmfg_explain_event (rich, NULL, 7007, inserts, 2);
   g_autoptr (MmfgFields) bare = mmfg_explain_account (NULL, NULL, NULL, NULL);
   const MmfgFields *sets[] = {rich, bare};
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      for (gsize k = 0; k < G_N_ELEMENTS (sets); k++) {
         gsize n = mmfg_fields_render (e, sets[k], NULL, 0);
         g_autofree char *text = g_malloc (n + 1);
         mmfg_fields_render (e, sets[k], text, n + 1);
         g_auto (GStrv) left = mmfg_fields_placeholders (text);
         if (left[0] != NULL)
            g_error ("%s renders @%s@ raw", e->origin, left[0]);
      }
   }
   g_assert_cmpstr (mmfg_fields_get (rich, "INSERTS"), ==,
                    "\"JSMITH\", \"M:\\MMF\\0000023A.MMF\"");
   g_assert_cmpstr (mmfg_fields_get (rich, "INSERT2"), ==, inserts[1]);
   g_assert_cmpstr (mmfg_fields_get (rich, "EVENT_ID"), ==, "7007");
   // Unknown values are left unset; they render as MMFG_FIELD_UNKNOWN.
   g_assert_null (mmfg_fields_get (bare, "USER"));
   g_assert_true (mmfg_explain_is_insert_field ("INSERT1"));
   g_assert_false (mmfg_explain_is_insert_field ("INSERT0"));
   g_assert_false (mmfg_explain_is_insert_field ("INSERTS"));
   mmfg_findings_clear (&f);
}

// The "What to do:" part and its steps 1., 2., ... in order.
static void
check_steps (const MmfgCatalogEntry *e)
{
   const char *heading =
      strcmp (e->lang, "de") == 0 ? "\nWas zu tun ist:\n" : "\nWhat to do:\n";
   const char *part = strstr (e->body, heading);
   if (part == NULL)
      g_error ("%s: no \"%s\" part", e->origin, heading + 1);
   g_auto (GStrv) lines = g_strsplit (part + strlen (heading), "\n", -1);
   guint next = 1;
   for (guint i = 0; lines[i] != NULL; i++) {
      g_autofree char *prefix = g_strdup_printf ("%u. ", next);
      if (g_str_has_prefix (lines[i], prefix))
         next++;
      else if (g_ascii_isdigit (lines[i][0]))
         g_error ("%s: step \"%s\" where step %u was due", e->origin, lines[i],
                  next);
   }
   if (next == 1)
      g_error ("%s: the what-to-do part has no numbered steps", e->origin);
}

static void
test_every_entry_says_what_to_do (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   for (guint i = 0; i < mmfg_catalog_size (c); i++)
      check_steps (mmfg_catalog_nth (c, i));
}

static void
check_width (const MmfgCatalogEntry *e, const char *line)
{
   if (g_utf8_strlen (line, -1) > 76)
      g_error ("%s: longer than 76 columns: %s", e->origin, line);
}

static void
test_lines_fit_76_columns (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      g_autofree char *subject = g_strconcat ("Subject: ", e->subject, NULL);
      g_autofree char *doc =
         g_strconcat ("Documentation: ", e->documentation, NULL);
      check_width (e, subject);
      check_width (e, doc);
      g_auto (GStrv) lines = g_strsplit (e->body, "\n", -1);
      for (guint k = 0; lines[k] != NULL; k++)
         check_width (e, lines[k]);
   }
}

static void
test_message_ids_are_stable_keys (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   g_autoptr (GHashTable) key_of =
      g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      g_assert_cmpuint (strlen (e->message_id), ==, 32);
      for (const char *s = e->message_id; *s; s++)
         g_assert_true (g_ascii_isdigit (*s) || (*s >= 'a' && *s <= 'f'));
      char *key = g_strdup_printf ("%s %u %s/%s", e->source, e->event_id,
                                   e->cause, e->reason ? e->reason : "");
      const char *seen = g_hash_table_lookup (key_of, e->message_id);
      if (seen != NULL && strcmp (seen, key) != 0)
         g_error ("%s: id %s is also used for %s", e->origin, e->message_id,
                  seen);
      g_hash_table_insert (key_of, (gpointer) e->message_id, key);
   }
   // One id per key: as many keys as ids.
   g_autoptr (GHashTable) keys = g_hash_table_new (g_str_hash, g_str_equal);
   GHashTableIter it;
   gpointer k, v;
   g_hash_table_iter_init (&it, key_of);
   while (g_hash_table_iter_next (&it, &k, &v))
      g_hash_table_add (keys, v);
   g_assert_cmpuint (g_hash_table_size (keys), ==, g_hash_table_size (key_of));
}

static void
check_langs (const char *locale, const char *const *expected)
{
   g_auto (GStrv) langs = mmfg_catalog_langs_for_locale (locale);
   g_assert_cmpstrv (langs, expected);
}

static void
test_langs_for_locale (void)
{
   check_langs ("de_DE.UTF-8", (const char *const[]){"de", "en", NULL});
   check_langs ("de:fr", (const char *const[]){"de", "fr", "en", NULL});
   check_langs ("de_AT@euro:de_DE:en", (const char *const[]){"de", "en", NULL});
   check_langs ("en_GB.UTF-8:de", (const char *const[]){"en", "de", NULL});
   check_langs (NULL, (const char *const[]){"en", NULL});
   check_langs ("", (const char *const[]){"en", NULL});
   check_langs ("C", (const char *const[]){"en", NULL});
   check_langs ("C.UTF-8", (const char *const[]){"en", NULL});
   check_langs ("POSIX", (const char *const[]){"en", NULL});
   check_langs ("../../etc:\x1b[31m", (const char *const[]){"en", NULL});
}

static void
test_lookup_falls_back_to_english (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   g_auto (GStrv) de = mmfg_catalog_langs_for_locale ("de_DE.UTF-8");
   g_auto (GStrv) fr = mmfg_catalog_langs_for_locale ("fr_FR.UTF-8");
   const char *const *de_langs = (const char *const *) de;
   const MmfgCatalogEntry *e =
      mmfg_catalog_lookup (c, NULL, 7007, "mmf-in-use", de_langs);
   g_assert_cmpstr (e->lang, ==, "de");
   const MmfgCatalogEntry *en =
      mmfg_catalog_lookup (c, NULL, 7007, "mmf-in-use", NULL);
   g_assert_cmpstr (en->lang, ==, "en");
   g_assert_cmpstr (en->message_id, ==, e->message_id);
   e = mmfg_catalog_lookup (c, NULL, 7007, "mmf-in-use",
                            (const char *const *) fr);
   g_assert_cmpstr (e->lang, ==, "en");
   e = mmfg_catalog_lookup (c, NULL, 7017, NULL, de_langs);
   g_assert_cmpstr (e->lang, ==, "en");
   g_assert_null (
      mmfg_catalog_lookup (c, NULL, 7007, "no-such-cause", de_langs));
}

static char *
write_site_file (const char *dir, const char *name, const char *text)
{
   char *path = g_build_filename (dir, name, NULL);
   g_autoptr (GError) error = NULL;
   g_file_set_contents (path, text, -1, &error);
   g_assert_no_error (error);
   return path;
}

static void
remove_dir (const char *dir)
{
   g_autoptr (GDir) d = g_dir_open (dir, 0, NULL);
   const char *name;
   while (d != NULL && (name = g_dir_read_name (d)) != NULL) {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
         remove_dir (path);
      else
         g_unlink (path);
   }
   g_rmdir (dir);
}

static void
test_site_catalog_overrides_an_entry (void)
{
   g_autoptr (MmfgCatalog) c = builtin ();
   const MmfgCatalogEntry *orig =
      mmfg_catalog_lookup (c, NULL, 7007, "mmf-in-use", NULL);
   g_autofree char *dir = g_dir_make_tmp ("mmfg-site-XXXXXX", NULL);
   g_autofree char *text =
      g_strdup_printf ("# The help desk's version.\n"
                       "-- %s en\n"
                       "Subject: Mail of @USER@ is open: call the help desk\n"
                       "Defined-By: example site\n"
                       "Documentation: KB Q168606\n"
                       "X-Event: MSExchangeMig 7007\n"
                       "X-Cause: mmf-in-use\n"
                       "\n"
                       "Call the help desk on 555-0100.\n"
                       "\n"
                       "What to do:\n"
                       "1. Call 555-0100.\n"
                       "\n"
                       "-- 0123456789abcdef0123456789abcdef\n"
                       "Subject: A site's own event\n"
                       "X-Event: SiteTool 42\n"
                       "X-Cause: site-event\n"
                       "X-Verdict: defer\n"
                       "\n"
                       "What to do:\n"
                       "1. Wait.\n",
                       orig->message_id);
   g_free (write_site_file (dir, "site.catalog", text));
   g_free (
      write_site_file (dir, "notes.txt", "garbage")); // not a catalog: ignored

   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgCatalog) site = mmfg_catalog_load (dir, &error);
   g_assert_no_error (error);
   g_assert_cmpuint (mmfg_catalog_size (site), ==, mmfg_catalog_size (c) + 1);
   const MmfgCatalogEntry *e =
      mmfg_catalog_lookup (site, NULL, 7007, "mmf-in-use", NULL);
   g_assert_cmpstr (e->subject, ==,
                    "Mail of @USER@ is open: call the help desk");
   g_assert_cmpstr (e->message_id, ==, orig->message_id);
   // The German entry of the same id is another language: untouched.
   const char *const de[] = {"de", NULL};
   e = mmfg_catalog_lookup (site, NULL, 7007, "mmf-in-use", de);
   g_assert_cmpstr (e->lang, ==, "de");
   g_assert_cmpstr (e->defined_by, ==, "mmfguard");
   e = mmfg_catalog_lookup (site, "SiteTool", 42, NULL, NULL);
   g_assert_nonnull (e);
   g_assert_cmpint (mmfg_catalog_entry_verdict (e), ==, MIG_VERDICT_DEFER);
   g_assert_true (mmfg_catalog_handles (site, "SiteTool", 42));
   remove_dir (dir);
}

static void
test_site_catalog_errors_name_file_and_line (void)
{
   g_autofree char *dir = g_dir_make_tmp ("mmfg-site-XXXXXX", NULL);
   g_autofree char *path =
      write_site_file (dir, "broken.catalog",
                       "-- 0123456789abcdef0123456789abcdef\n"
                       "Subject: fine\n"
                       "this is not a header\n");
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgCatalog) c = mmfg_catalog_load (dir, &error);
   g_assert_null (c);
   g_autofree char *where = g_strdup_printf ("%s:3: ", path);
   g_assert_nonnull (error);
   g_assert_true (g_str_has_prefix (error->message, where));
   remove_dir (dir);

   g_clear_error (&error);
   c = mmfg_catalog_load ("/nonexistent/mmfguard-site", &error);
   g_assert_null (c);
   g_assert_error (error, MMFG_CATALOG_ERROR, MMFG_CATALOG_ERROR_READ);
   g_assert_nonnull (strstr (error->message, "/nonexistent/mmfguard-site"));
}

#define ENTRY_HEAD "-- 0123456789abcdef0123456789abcdef\n"
#define GOOD_HEADERS "Subject: s\nX-Event: MSExchangeMig 7007\nX-Cause: c\n"

static void
test_malformed_catalogs_give_file_and_line (void)
{
   static const struct {
      const char *text;
      const char *where;
   } cases[] = {
      {"text before\n", "t.catalog:1: "},
      {"--\n", "t.catalog:1: "},
      {"\n\n--x\n", "t.catalog:3: "},
      {"-- 12345\nSubject: s\n", "t.catalog:1: "},
      {"-- 0123456789abcdef0123456789abcdeg\n", "t.catalog:1: "},
      {ENTRY_HEAD "Subject: s\nno colon here\n", "t.catalog:3: "},
      {ENTRY_HEAD "X-Event: MSExchangeMig 7007\nX-Cause: c\n\nbody\n",
       "t.catalog:1: "},
      {ENTRY_HEAD "Subject: s\nX-Cause: c\n\nbody\n", "t.catalog:1: "},
      {ENTRY_HEAD "Subject: s\nX-Event: MSExchangeMig 7007\n\nbody\n",
       "t.catalog:1: "},
      {ENTRY_HEAD GOOD_HEADERS "\n", "t.catalog:1: "},
      {ENTRY_HEAD "Subject: s\nX-Event: MSExchangeMig seven\n",
       "t.catalog:3: "},
      {ENTRY_HEAD "Subject: s\nX-Event: Bad/Source 1\n", "t.catalog:3: "},
      {ENTRY_HEAD "Subject: s\nX-Cause: Not_Kebab\n", "t.catalog:3: "},
      {ENTRY_HEAD "Subject: s\nX-Verdict: maybe\n", "t.catalog:3: "},
      {ENTRY_HEAD GOOD_HEADERS "\nok\n\xff\xfe\n", "t.catalog:7: "},
      {ENTRY_HEAD GOOD_HEADERS "\nbody\n\n" ENTRY_HEAD GOOD_HEADERS "\nb\n",
       "t.catalog:8: "},
      {ENTRY_HEAD "Subject: s\n", "t.catalog:1: "},
      {"-- 0123456789abcdef0123456789abcdef ../x\n", "t.catalog:1: "},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (MmfgCatalog) c = mmfg_catalog_parse (
         cases[i].text, strlen (cases[i].text), "t.catalog", &error);
      if (c != NULL)
         g_error ("case %zu parsed: %s", i, cases[i].text);
      g_assert_error (error, MMFG_CATALOG_ERROR, MMFG_CATALOG_ERROR_PARSE);
      if (!g_str_has_prefix (error->message, cases[i].where))
         g_error ("case %zu: \"%s\" does not start with \"%s\"", i,
                  error->message, cases[i].where);
   }
   // A NUL byte inside the given length.
   g_autoptr (GError) error = NULL;
   static const char nul[] = ENTRY_HEAD GOOD_HEADERS "\nbo\0dy\n";
   g_autoptr (MmfgCatalog) c =
      mmfg_catalog_parse (nul, sizeof nul - 1, "n.catalog", &error);
   g_assert_null (c);
   g_assert_true (g_str_has_prefix (error->message, "n.catalog:6: NUL"));
}

static void
test_parse_follows_systemd_rules (void)
{
   static const char text[] = "# comment\r\n"
                              "\n"
                              "-- 0123456789ABCDEF0123456789ABCDEF\r\n"
                              "Subject: s\n"
                              "Support: https://example.org/\n"
                              "X-Event: MSExchangeMig\n"
                              "X-Cause: c\n"
                              "\n"
                              "line one\n"
                              "# a comment, even here\n"
                              "\n"
                              "line two\n"
                              "\n\n";
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgCatalog) c =
      mmfg_catalog_parse (text, strlen (text), "site.de.catalog", &error);
   g_assert_no_error (error);
   g_assert_cmpuint (mmfg_catalog_size (c), ==, 1);
   const MmfgCatalogEntry *e = mmfg_catalog_nth (c, 0);
   g_assert_cmpstr (e->message_id, ==, "0123456789abcdef0123456789abcdef");
   g_assert_cmpstr (e->lang, ==, "de"); // from the file name, as systemd
   g_assert_cmpuint (e->event_id, ==, 0);
   g_assert_cmpstr (e->body, ==, "line one\n\nline two");
   g_assert_cmpstr (e->origin, ==, "site.de.catalog:3");
   g_assert_null (mmfg_catalog_nth (c, 1));
   const char *const de[] = {"de", NULL};
   g_assert_true (mmfg_catalog_lookup (c, NULL, 0, "c", de) == e);
   // English is the fallback, and there is none here.
   g_assert_null (mmfg_catalog_lookup (c, NULL, 0, "c", NULL));
}

// Any bytes: the parser either returns a catalog or an error, never both,
// never neither, and never crashes (the fuzzer's invariant, in small).
static void
test_parse_survives_any_bytes (void)
{
   static const char seed[] = ENTRY_HEAD GOOD_HEADERS "\nbody @USER@\n";
   for (gsize cut = 0; cut <= sizeof seed - 1; cut++) {
      g_autoptr (GError) error = NULL;
      g_autoptr (MmfgCatalog) c = mmfg_catalog_parse (seed, cut, "s", &error);
      g_assert_true ((c == NULL) != (error == NULL));
   }
   GRand *rand = g_rand_new_with_seed (4);
   for (int round = 0; round < 2000; round++) {
      char buf[96];
      gsize len = (gsize) g_rand_int_range (rand, 0, sizeof buf);
      memcpy (buf, seed, MIN (len, sizeof seed - 1));
      for (int flips = g_rand_int_range (rand, 0, 6); flips > 0; flips--)
         buf[g_rand_int_range (rand, 0, (gint32) sizeof buf)] =
            (char) g_rand_int_range (rand, 0, 256);
      g_autoptr (GError) error = NULL;
      g_autoptr (MmfgCatalog) c = mmfg_catalog_parse (buf, len, "r", &error);
      g_assert_true ((c == NULL) != (error == NULL));
   }
   g_rand_free (rand);
}

// Runs journalctl with `args` under the root `root`; returns its output.
static char *
journalctl (const char *root, const char *args)
{
   g_autofree char *cmd =
      g_strdup_printf ("journalctl --root=%s %s", root, args);
   g_auto (GStrv) argv = NULL;
   g_assert_true (g_shell_parse_argv (cmd, NULL, &argv, NULL));
   char *out = NULL;
   g_autofree char *err = NULL;
   int status = 0;
   g_autoptr (GError) error = NULL;
   const char *const env[] = {"LC_ALL=C", "SYSTEMD_PAGER=cat", NULL};
   g_spawn_sync (NULL, argv, (char **) env, G_SPAWN_SEARCH_PATH, NULL, NULL,
                 &out, &err, &status, &error);
   g_assert_no_error (error);
   if (!g_spawn_check_wait_status (status, NULL))
      g_error ("%s failed: %s", cmd, err);
   return out;
}

static void
test_journalctl_lists_the_installed_catalog (void)
{
   const char *file = g_getenv ("MMFG_JOURNAL_CATALOG");
   g_autofree char *journalctl_path = g_find_program_in_path ("journalctl");
   if (file == NULL || journalctl_path == NULL) {
      g_test_skip ("needs MMFG_JOURNAL_CATALOG and journalctl");
      return;
   }
   g_autofree char *root = g_dir_make_tmp ("mmfg-journal-XXXXXX", NULL);
   g_autofree char *dir =
      g_build_filename (root, "usr", "lib", "systemd", "catalog", NULL);
   g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
   g_autofree char *text = NULL;
   gsize len = 0;
   g_assert_true (g_file_get_contents (file, &text, &len, NULL));
   g_autofree char *dest = g_build_filename (dir, "mmfguard.catalog", NULL);
   g_assert_true (g_file_set_contents (dest, text, (gssize) len, NULL));

   g_free (journalctl (root, "--update-catalog"));
   g_autofree char *list = journalctl (root, "--list-catalog");
   g_autofree char *dump = journalctl (root, "--dump-catalog");

   g_autoptr (MmfgCatalog) c = builtin ();
   guint english = 0;
   for (guint i = 0; i < mmfg_catalog_size (c); i++) {
      const MmfgCatalogEntry *e = mmfg_catalog_nth (c, i);
      if (strcmp (e->lang, "en") != 0)
         continue;
      english++;
      g_autofree char *line =
         g_strdup_printf ("%s mmfguard: %s\n", e->message_id, e->subject);
      if (strstr (list, line) == NULL)
         g_error ("journalctl --list-catalog lacks: %s", line);
   }
   g_assert_cmpuint (english, >, 0);
   // Our keying headers are for the plugin; journalctl -x would show them.
   g_assert_null (strstr (dump, "X-Cause:"));
   g_assert_null (strstr (dump, "X-Event:"));
   g_assert_nonnull (strstr (dump, "What to do:"));
   remove_dir (root);
}

int
main (int argc, char *argv[])
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/catalog/every-cause-has-its-entries",
                    test_every_cause_has_its_entries);
   g_test_add_func ("/catalog/every-reason-has-its-entries",
                    test_every_reason_has_its_entries);
   g_test_add_func ("/catalog/no-orphan-entries", test_no_orphan_entries);
   g_test_add_func ("/catalog/other-events-have-entries-and-verdicts",
                    test_other_events_have_entries_and_verdicts);
   g_test_add_func ("/catalog/fields-used-are-supplied-and-supplied-are-used",
                    test_fields_used_are_supplied_and_supplied_are_used);
   g_test_add_func ("/catalog/explain-names-the-holder",
                    test_explain_names_the_holder);
   g_test_add_func ("/catalog/explain-fills-every-entry",
                    test_explain_fills_every_entry);
   g_test_add_func ("/catalog/every-entry-says-what-to-do",
                    test_every_entry_says_what_to_do);
   g_test_add_func ("/catalog/lines-fit-76-columns", test_lines_fit_76_columns);
   g_test_add_func ("/catalog/message-ids-are-stable-keys",
                    test_message_ids_are_stable_keys);
   g_test_add_func ("/catalog/langs-for-locale", test_langs_for_locale);
   g_test_add_func ("/catalog/lookup-falls-back-to-english",
                    test_lookup_falls_back_to_english);
   g_test_add_func ("/catalog/site-catalog-overrides-an-entry",
                    test_site_catalog_overrides_an_entry);
   g_test_add_func ("/catalog/site-catalog-errors-name-file-and-line",
                    test_site_catalog_errors_name_file_and_line);
   g_test_add_func ("/catalog/malformed-catalogs-give-file-and-line",
                    test_malformed_catalogs_give_file_and_line);
   g_test_add_func ("/catalog/parse-follows-systemd-rules",
                    test_parse_follows_systemd_rules);
   g_test_add_func ("/catalog/parse-survives-any-bytes",
                    test_parse_survives_any_bytes);
   g_test_add_func ("/catalog/journalctl-lists-the-installed-catalog",
                    test_journalctl_lists_the_installed_catalog);
   return g_test_run ();
}
