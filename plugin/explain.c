// explain.c — the values catalog entries are filled with.
//
// Rationale: text in a field is not translated, so fields carry values
// (numbers, names, paths, times, technical words like "SMB share mode")
// and the entries do the wording, in every language: the holder is its pid,
// program, users and client, each a field of its own; a failure is "path:
// the system's words". Technical values stay as they are: HOLDER_LOCK's
// lock kinds, MMF_KIND's file types as stat(1) names them ("fifo").
// catalog/README.md lists every field.

#include "explain.h"

#include <string.h>
#include <time.h>

#include "mig-plugin.h"

#define NOT_APPLICABLE "-"

static const char *const field_names[] = {
   "USER",
   "FULL_NAME",
   "HEX_ID",
   "POSTOFFICE",
   "MMF_PATH",
   "HOST_PATH",
   "HOLDER_PID",
   "HOLDER_PROGRAM",
   "HOLDER_UNIX_USER",
   "HOLDER_SMB_USER",
   "HOLDER_CLIENT",
   "HOLDER_SINCE",
   "HOLDER_COUNT",
   "HOLDER_LOCK",
   "IDLE_FOR",
   "IDLE_LIMIT",
   "TAKER_PID",
   "GONE_SMBD",
   "HOLDER_SHARE",
   "PASSWORD_RECOVERED_AT",
   "MMF_MTIME",
   "MMF_KIND",
   "MMF_ERROR",
   "RETRY_AFTER",
   "IDLE_MINUTES",
   "OPEN_ERROR",
   "CHECKED_AT",
   "PROBLEM",
   "EVENT_ID",
   "SOURCE",
   "INSERTS",
   "FS_TYPE",
   "MOUNT",
   "SERVER",
   "SHARE",
   "SERVER_ADDRESS",
   "SERVER_PATH",
   "SERVER_ANSWER",
   "SERVER_TIMEOUT_MS",
   "CONFIG",
   "HOLDER_FILE_ID",
   "HOLDER_LOCK_COUNT",
   "LOCK_TABLE_ERROR",
   "SMBSTATUS_ERROR",
   "FS_ERROR",
   "MMF_OTHER_PATH",
   "MMF_LINK_TARGET",
   "MMF_SHARED_WITH",
   "OTHER_HOLDERS",
   NULL,
};

const char *const *
mmfg_explain_field_names (void)
{
   return field_names;
}

gboolean
mmfg_explain_is_insert_field (const char *name)
{
   guint64 n = 0;
   return name != NULL && g_str_has_prefix (name, "INSERT") && name[6] != '0' &&
          g_ascii_string_to_unsigned (name + 6, 10, 1, MMFG_EXPLAIN_MAX_INSERTS,
                                      &n, NULL);
}

static void
set_or_unknown (MmfgFields *f, const char *name, const char *value)
{
   // An unset field renders as MMFG_FIELD_UNKNOWN: setting it would only
   // cost two copies and a hash insert.
   if (value != NULL && value[0] != '\0')
      mmfg_fields_set (f, name, value);
}

// Unix seconds as local time; `none` for 0. localtime_r and strftime
// rather than GDateTime: every explanation carries a time, and this is a
// fifth of a catalog-only on-error's cost the GLib way.
static void
set_time (MmfgFields *f, const char *name, gint64 t, const char *none)
{
   time_t when = (time_t) t;
   struct tm tm;
   char text[64];
#ifdef G_OS_WIN32
   gboolean local = t > 0 && localtime_s (&tm, &when) == 0;
#else
   gboolean local = t > 0 && localtime_r (&when, &tm) != NULL;
#endif
   if (!local ||
       strftime (text, sizeof text, "%Y-%m-%d %H:%M:%S %Z", &tm) == 0) {
      mmfg_fields_set (f, name, none);
      return;
   }
   mmfg_fields_set (f, name, text);
}

static const char *
lock_name (int lock, gboolean smb)
{
   switch (lock) {
   case MIG_LOCK_POSIX:
      return "POSIX record lock";
   case MIG_LOCK_OFD:
      return "OFD lock";
   case MIG_LOCK_FLOCK:
      return "flock";
   case MIG_LOCK_LEASE:
      return "lease";
   case MIG_LOCK_DELEGATION:
      return "NFS delegation";
   case MIG_LOCK_SHARE_MODE:
      return smb ? "SMB share mode" : "share mode (an open denying others)";
   case MIG_LOCK_SMB_RANGE:
      return "SMB byte-range lock";
   case MIG_LOCK_SERVER_OPEN:
      return "open on the file server";
   default:
      return MMFG_FIELD_UNKNOWN;
   }
}

static gboolean
holder_is_smb (const MmfgHolder *h)
{
   // A share mode alone is also what a local Windows process holds: only
   // smbd's opens are SMB clients.
   return h->smb_user != NULL || h->lock == MIG_LOCK_SMB_RANGE ||
          h->lock == MIG_LOCK_SERVER_OPEN ||
          (h->lock == MIG_LOCK_SHARE_MODE &&
           g_strcmp0 (h->program, "smbd") == 0);
}

// Why the holder looks stale, as values: one field per kind, so that an
// entry's row for each kind shows only when it applies.
static void
set_stale (MmfgFields *f, const MmfgHolder *h)
{
   const char *const names[] = {"IDLE_FOR", "IDLE_LIMIT", "TAKER_PID",
                                "GONE_SMBD"};
   for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
      mmfg_fields_set (f, names[i], MMFG_FIELD_UNKNOWN);
   if (h == NULL)
      return;
   switch (h->stale) {
   case MMFG_STALE_IDLE:
      mmfg_fields_set_printf (f, "IDLE_FOR", "%" G_GINT64_FORMAT,
                              h->idle_minutes);
      mmfg_fields_set_printf (f, "IDLE_LIMIT", "%u", h->idle_limit_minutes);
      break;
   case MMFG_STALE_TAKER_GONE:
      mmfg_fields_set_printf (f, "TAKER_PID", "%" G_GINT64_FORMAT, h->pid);
      break;
   case MMFG_STALE_SMBD_GONE:
      mmfg_fields_set_printf (f, "GONE_SMBD", "%" G_GINT64_FORMAT, h->pid);
      break;
   case MMFG_STALE_NONE:
   default:
      break;
   }
}

// Every holder but the one named, "pid 4243 (sleep, alice)", joined by
// "; ": a lock inherited by a child (`flock FILE sleep 600`) has two
// holders alive at once, and the operator must end both. Unknown (the line
// left out) when there is no other.
static void
set_other_holders (MmfgFields *f, GPtrArray *all, const MmfgHolder *named)
{
   g_autoptr (GString) s = g_string_new (NULL);
   for (guint i = 0; all != NULL && i < all->len; i++) {
      const MmfgHolder *h = g_ptr_array_index (all, i);
      if (h == named || h->is_host)
         continue;
      if (s->len > 0)
         g_string_append (s, "; ");
      if (h->pid > 0)
         g_string_append_printf (s, "pid %" G_GINT64_FORMAT, h->pid);
      else
         g_string_append (s, "pid ?");
      if (h->program != NULL || h->unix_user != NULL)
         g_string_append_printf (s, " (%s%s%s)", h->program ? h->program : "",
                                 h->program && h->unix_user ? ", " : "",
                                 h->unix_user ? h->unix_user : "");
      if (h->client_machine != NULL)
         g_string_append_printf (s, " on %s", h->client_machine);
   }
   mmfg_fields_set (f, "OTHER_HOLDERS",
                    s->len > 0 ? s->str : MMFG_FIELD_UNKNOWN);
}

static void
set_holder (MmfgFields *f, const MmfgFindings *findings)
{
   GPtrArray *all = findings ? findings->locks.holders : NULL;
   const MmfgHolder *h =
      findings ? mmfg_findings_first_holder (findings) : NULL;
   mmfg_fields_set_printf (f, "HOLDER_COUNT", "%u", all ? all->len : 0u);
   set_other_holders (f, all, h);
   if (h == NULL) {
      static const char *const none[] = {
         "HOLDER_PID",      "HOLDER_PROGRAM", "HOLDER_UNIX_USER",
         "HOLDER_SMB_USER", "HOLDER_CLIENT",  "HOLDER_SINCE",
         "HOLDER_LOCK",     "HOLDER_FILE_ID", "HOLDER_LOCK_COUNT",
         "HOLDER_SHARE",
      };
      for (gsize i = 0; i < G_N_ELEMENTS (none); i++)
         mmfg_fields_set (f, none[i], NOT_APPLICABLE);
      set_stale (f, NULL);
      return;
   }
   if (h->lock == MIG_LOCK_SERVER_OPEN) {
      mmfg_fields_set_printf (f, "HOLDER_FILE_ID", "%u", h->server_file_id);
      mmfg_fields_set_printf (f, "HOLDER_LOCK_COUNT", "%u", h->server_locks);
   } else {
      mmfg_fields_set (f, "HOLDER_FILE_ID", NOT_APPLICABLE);
      mmfg_fields_set (f, "HOLDER_LOCK_COUNT", NOT_APPLICABLE);
   }
   if (h->pid > 0)
      mmfg_fields_set_printf (f, "HOLDER_PID", "%" G_GINT64_FORMAT, h->pid);
   else
      mmfg_fields_set (f, "HOLDER_PID", MMFG_FIELD_UNKNOWN);
   set_or_unknown (f, "HOLDER_PROGRAM", h->program);
   set_or_unknown (f, "HOLDER_UNIX_USER", h->unix_user);
   if (holder_is_smb (h)) {
      set_or_unknown (f, "HOLDER_SMB_USER", h->smb_user);
      set_or_unknown (f, "HOLDER_CLIENT", h->client_machine);
   } else {
      // A local process has no SMB user: its row is left out, not "-".
      mmfg_fields_set (f, "HOLDER_SMB_USER", MMFG_FIELD_UNKNOWN);
      set_or_unknown (f, "HOLDER_CLIENT", h->client_machine);
   }
   set_time (f, "HOLDER_SINCE", h->since, MMFG_FIELD_UNKNOWN);
   mmfg_fields_set (f, "HOLDER_LOCK", lock_name (h->lock, holder_is_smb (h)));
   mmfg_fields_set (f, "HOLDER_SHARE",
                    h->service ? h->service : MMFG_FIELD_UNKNOWN);
   set_stale (f, h);
}

static void
set_mmf (MmfgFields *f, const MmfgAccountView *a, const MmfgFindings *findings,
         const MmfgSettings *settings)
{
   const MmfgMmfFacts *m = findings ? &findings->mmf : NULL;
   g_autofree char *mapped = NULL;
   if ((m == NULL || m->path == NULL) && a->host_path != NULL)
      mapped =
         settings ? mmfg_settings_map_path (settings, a->host_path) : NULL;
   const char *path = m && m->path ? m->path : mapped;
   set_or_unknown (f, "MMF_PATH", path);
   // The logged path, only where it says something the checked one does not.
   if (a->host_path != NULL &&
       g_strcmp0 (a->host_path, m ? m->path : NULL) != 0)
      mmfg_fields_set (f, "HOST_PATH", a->host_path);
   gboolean stat_ok = m != NULL && m->state != MMFG_MMF_INVALID_ID &&
                      m->state != MMFG_MMF_MISSING &&
                      m->state != MMFG_MMF_UNREADABLE;
   set_time (f, "MMF_MTIME", stat_ok ? m->mtime : 0, MMFG_FIELD_UNKNOWN);
   set_or_unknown (f, "MMF_KIND", m ? m->kind : NULL);
   mmfg_fields_set (f, "MMF_OTHER_PATH",
                    m && m->other_path ? m->other_path : MMFG_FIELD_UNKNOWN);
   mmfg_fields_set (f, "MMF_LINK_TARGET",
                    m && m->link_target ? m->link_target : MMFG_FIELD_UNKNOWN);
   mmfg_fields_set (f, "MMF_SHARED_WITH",
                    m && m->shared_with ? m->shared_with : MMFG_FIELD_UNKNOWN);
   if (m != NULL && m->error_number != 0 &&
       (m->state == MMFG_MMF_UNREADABLE || m->state == MMFG_MMF_NOT_REGULAR))
      mmfg_fields_set (f, "MMF_ERROR", g_strerror (m->error_number));
   else if (m != NULL && m->state == MMFG_MMF_NOT_REGULAR)
      mmfg_fields_set (f, "MMF_ERROR",
                       MMFG_FIELD_UNKNOWN); // nothing failed: left out
   else
      mmfg_fields_set (f, "MMF_ERROR", m ? NOT_APPLICABLE : MMFG_FIELD_UNKNOWN);
}

// Where the file is when it is on another server: values the file-server
// entries name.
static void
set_location (MmfgFields *f, const MmfgFindings *findings,
              const MmfgSettings *settings)
{
   const MmfgFileLocation *w = findings ? &findings->locks.where : NULL;
   static const char *const names[] = {
      "FS_TYPE",        "MOUNT",       "SERVER",        "SHARE",
      "SERVER_ADDRESS", "SERVER_PATH", "SERVER_ANSWER", "SERVER_TIMEOUT_MS",
   };
   if (w == NULL || !w->network) {
      for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
         mmfg_fields_set (f, names[i], NOT_APPLICABLE);
   } else {
      const char *values[] = {
         w->fs_type,        w->mount_point, w->server,        w->share,
         w->server_address, w->server_path, w->server_answer, NULL,
      };
      for (gsize i = 0; i + 1 < G_N_ELEMENTS (names); i++)
         mmfg_fields_set (f, names[i],
                          values[i] ? values[i] : MMFG_FIELD_UNKNOWN);
      if (w->timeout_ms > 0)
         mmfg_fields_set_printf (f, "SERVER_TIMEOUT_MS", "%u", w->timeout_ms);
      else
         mmfg_fields_set (f, "SERVER_TIMEOUT_MS", NOT_APPLICABLE);
   }
   // The file the operator edits; with none, the name it conventionally has.
   mmfg_fields_set (f, "CONFIG",
                    settings && settings->source_path ? settings->source_path
                                                      : "mmfguard.conf");
}

// What is wrong with the post office as a whole, for its entries.
static const char *
postoffice_problem (const MmfgFindings *findings)
{
   const MmfgPostofficeFacts *po = findings && findings->postoffice.checked
                                      ? &findings->postoffice.facts
                                      : NULL;
   if (po != NULL && po->layout_problem != NULL)
      return po->layout_problem;
   if (po != NULL && po->access_problem != NULL)
      return po->access_problem;
   if (po != NULL && po->writable_problem != NULL)
      return po->writable_problem;
   return MMFG_FIELD_UNKNOWN;
}

MmfgFields *
mmfg_explain_account (const MmfgAccountView *account,
                      const MmfgFindings *findings,
                      const MmfgDecision *decision,
                      const MmfgSettings *settings)
{
   static const MmfgAccountView nobody = {0};
   const MmfgAccountView *a = account ? account : &nobody;
   MmfgFields *f = mmfg_fields_new ();

   set_or_unknown (f, "USER", a->user);
   set_or_unknown (f, "FULL_NAME", a->full_name);
   set_or_unknown (f, "HEX_ID", a->hex_id);
   set_or_unknown (f, "POSTOFFICE", a->postoffice);
   set_mmf (f, a, findings, settings);
   set_holder (f, findings);
   set_location (f, findings, settings);

   gint64 recovered = a->password_recovered_at;
   if (recovered == 0 && findings != NULL)
      recovered = findings->password_recovered_at;
   if (!a->password_unknown || recovered != 0)
      set_time (f, "PASSWORD_RECOVERED_AT", recovered, "never");

   // The decision's own retry-after, else the configured one (a block has
   // none, but its text may still suggest a retry).
   guint retry = decision ? decision->retry_after_s : 0;
   if (retry == 0 && settings != NULL)
      retry = settings->retry_after_s;
   mmfg_fields_set_printf (f, "RETRY_AFTER", "%u", retry);
   // MS Mail's own default idle disconnect is 60 minutes (KB Q86101).
   guint idle_s = settings ? settings->idle_interval_s : 60 * 60;
   mmfg_fields_set_printf (f, "IDLE_MINUTES", "%u", idle_s / 60);

   // Why the lock state is unknown, in the system's or the tool's words: a
   // table row each, left out when that source answered.
   const MmfgLockFacts *locks =
      findings && !findings->locks.known ? &findings->locks : NULL;
   const char *why[][2] = {
      {"OPEN_ERROR", locks ? locks->open_error : NULL},
      {"LOCK_TABLE_ERROR", locks ? locks->lock_table_error : NULL},
      {"SMBSTATUS_ERROR", locks ? locks->smbstatus_error : NULL},
      {"FS_ERROR", locks ? locks->fs_error : NULL},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (why); i++)
      mmfg_fields_set (f, why[i][0],
                       why[i][1] ? why[i][1] : MMFG_FIELD_UNKNOWN);

   gint64 checked = findings && findings->checked_at > 0
                       ? findings->checked_at
                       : g_get_real_time () / G_USEC_PER_SEC;
   set_time (f, "CHECKED_AT", checked, MMFG_FIELD_UNKNOWN);
   mmfg_fields_set (f, "PROBLEM", postoffice_problem (findings));

   guint event = decision ? decision->event_id : 0;
   mmfg_explain_event (f, MMFG_DEFAULT_SOURCE, event, NULL, 0);
   return f;
}

void
mmfg_explain_event (MmfgFields *fields, const char *source, guint event_id,
                    const char *const *inserts, guint n_inserts)
{
   g_return_if_fail (fields != NULL);
   mmfg_fields_set (fields, "SOURCE", source ? source : MMFG_DEFAULT_SOURCE);
   if (event_id != 0)
      mmfg_fields_set_printf (fields, "EVENT_ID", "%u", event_id);
   else
      mmfg_fields_set (fields, "EVENT_ID", NOT_APPLICABLE);
   GString *all = g_string_new (NULL);
   guint n = inserts ? MIN (n_inserts, MMFG_EXPLAIN_MAX_INSERTS) : 0;
   for (guint i = 0; i < n; i++) {
      const char *v = inserts[i] ? inserts[i] : "";
      g_autofree char *name = g_strdup_printf ("INSERT%u", i + 1);
      mmfg_fields_set (fields, name, v);
      g_string_append_printf (all, "%s\"%s\"", i ? ", " : "", v);
   }
   mmfg_fields_set (fields, "INSERTS", all->len ? all->str : "no inserts");
   g_string_free (all, TRUE);
}
