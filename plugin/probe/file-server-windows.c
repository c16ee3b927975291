// file-server-windows.c — file-server.h on Windows: the file server is asked
// directly through netapi32, the Server Service's own client, with the
// migration host's Windows logon (no helper process, no credentials file):
//
// 1. NetShareGetInfo level 2: the share's folder on the server, what the
//    server's open-file list is keyed by;
// 2. NetFileEnum level 3 under that folder: every open, its SMB user, id,
//    permissions and lock count;
// 3. NetSessionEnum level 10: each user's client machines, how long their
//    session has been connected and idle — who to ask to exit MS Mail.
//
// Steps 1 and 2 need the right to administer the server (Administrators or
// Server Operators there); step 3 does not, and a failure of it only leaves
// the client unnamed. The answer is written in the Linux helper's protocol
// (smb-open-files-posix.c) and read by the same parser, so both platforms mean
// the same by every status.
//
// A netapi32 call cannot be interrupted: it runs in a thread of its own,
// and a server that does not answer within the timeout is given up on (the
// thread finishes on its own later, touching only its own job).

#include "file-server.h"

#include <jansson.h>
#include <string.h>
#include <windows.h>
#include <lm.h>

struct MmfgFileServers {
   int unused; // netapi32 keeps its connections to servers itself
};

MmfgFileServers *
mmfg_file_servers_new (const char *helper)
{
   (void) helper;
   return g_new0 (MmfgFileServers, 1);
}

void
mmfg_file_servers_free (MmfgFileServers *servers)
{
   g_free (servers);
}

// --- What the server said, in words

static const struct {
   DWORD code;
   const char *status; // the helper protocol's status
   const char *words;  // for codes the system has no message for
} codes[] = {
   {ERROR_ACCESS_DENIED, "access-denied", NULL},
   {NERR_NetNameNotFound, "no-such-share", "the server has no such share"},
   {ERROR_BAD_NETPATH, "unreachable", NULL},
   {ERROR_BAD_NET_NAME, "unreachable", NULL},
   {ERROR_NETNAME_DELETED, "unreachable", NULL},
   {ERROR_SEM_TIMEOUT, "unreachable", NULL},
   {RPC_S_SERVER_UNAVAILABLE, "unreachable", NULL},
   {NERR_ServerNotStarted, "unreachable", "the Server service is not started"},
   {ERROR_LOGON_FAILURE, "logon-refused", NULL},
   {ERROR_ACCOUNT_RESTRICTION, "logon-refused", NULL},
   {ERROR_ACCOUNT_DISABLED, "logon-refused", NULL},
};

static const char *
status_of_code (DWORD code)
{
   for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
      if (codes[i].code == code)
         return codes[i].status;
   return "failed";
}

static char *
words_of_code (DWORD code)
{
   for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
      if (codes[i].code == code && codes[i].words != NULL)
         return g_strdup (codes[i].words);
   g_autofree char *text = g_win32_error_message ((gint) code);
   return g_strdup (text != NULL && *text != '\0' ? text : "no message for it");
}

static json_t *
failure (const char *call, const wchar_t *server, DWORD code)
{
   g_autofree char *name =
      g_utf16_to_utf8 ((const gunichar2 *) server, -1, NULL, NULL, NULL);
   g_autofree char *words = words_of_code (code);
   g_autofree char *answer =
      g_strdup_printf ("%s on %s: %s (error %lu)", call, name ? name : "?",
                       words, (unsigned long) code);
   return json_pack ("{s:s, s:s, s:I}", "status", status_of_code (code),
                     "answer", answer, "code", (json_int_t) code);
}

// Whether \\SERVER\SHARE\ answers file requests.
static gboolean
share_reachable (const wchar_t *server, const wchar_t *share)
{
   g_autofree char *s =
      g_utf16_to_utf8 ((const gunichar2 *) server, -1, NULL, NULL, NULL);
   g_autofree char *h =
      g_utf16_to_utf8 ((const gunichar2 *) share, -1, NULL, NULL, NULL);
   g_autofree char *root =
      g_strconcat (s ? s : "", "\\", h ? h : "", "\\", NULL);
   g_autofree gunichar2 *wide = g_utf8_to_utf16 (root, -1, NULL, NULL, NULL);
   return wide != NULL &&
          GetFileAttributesW ((LPCWSTR) wide) != INVALID_FILE_ATTRIBUTES;
}

// The server serves the share's files, yet its Server Service lists no such
// share: it does not answer for its shares at all (Wine's netapi32, whose
// NetShareGetInfo and NetFileEnum are stubs, is such a server), so its open
// files cannot be listed either.
static json_t *
not_listed (const wchar_t *server, const wchar_t *share)
{
   g_autofree char *s =
      g_utf16_to_utf8 ((const gunichar2 *) server, -1, NULL, NULL, NULL);
   g_autofree char *h =
      g_utf16_to_utf8 ((const gunichar2 *) share, -1, NULL, NULL, NULL);
   g_autofree char *answer = g_strdup_printf (
      "NetShareGetInfo on %s: the server lists no share %s, yet serves its "
      "files; its Server Service does not answer for its shares or open files "
      "(error %d)",
      s ? s : "?", h ? h : "?", NERR_NetNameNotFound);
   return json_pack ("{s:s, s:s, s:I}", "status", "failed", "answer", answer,
                     "code", (json_int_t) NERR_NetNameNotFound);
}

static char *
utf8 (const wchar_t *text)
{
   return text
             ? g_utf16_to_utf8 ((const gunichar2 *) text, -1, NULL, NULL, NULL)
             : NULL;
}

// --- The three questions

// user (folded) -> json array of the user's sessions.
static GHashTable *
sessions_by_user (const wchar_t *server)
{
   GHashTable *by_user = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                (GDestroyNotify) json_decref);
   LPBYTE buffer = NULL;
   DWORD read = 0, total = 0, resume = 0;
   NET_API_STATUS status =
      NetSessionEnum ((LPWSTR) server, NULL, NULL, 10, &buffer,
                      MAX_PREFERRED_LENGTH, &read, &total, &resume);
   if (status == NERR_Success || status == ERROR_MORE_DATA) {
      const SESSION_INFO_10 *s = (const SESSION_INFO_10 *) buffer;
      for (DWORD i = 0; i < read; i++) {
         g_autofree char *user = utf8 (s[i].sesi10_username);
         g_autofree char *client = utf8 (s[i].sesi10_cname);
         if (user == NULL || client == NULL)
            continue;
         // The client as the server writes it, "\\PC042": the machine.
         const char *machine = client;
         while (*machine == '\\')
            machine++;
         char *key = g_utf8_casefold (user, -1);
         json_t *list = g_hash_table_lookup (by_user, key);
         if (list == NULL) {
            list = json_array ();
            g_hash_table_insert (by_user, key, list);
         } else {
            g_free (key);
         }
         json_array_append_new (
            list, json_pack ("{s:s, s:I, s:I}", "client", machine, "session_s",
                             (json_int_t) s[i].sesi10_time, "idle_s",
                             (json_int_t) s[i].sesi10_idle_time));
      }
   }
   if (buffer != NULL)
      NetApiBufferFree (buffer);
   return by_user;
}

// The user's session, when the user has exactly one: with several, the
// server does not say which one opened the file.
static void
add_session (json_t *file, GHashTable *sessions, const char *user)
{
   if (user == NULL)
      return;
   g_autofree char *key = g_utf8_casefold (user, -1);
   json_t *list = g_hash_table_lookup (sessions, key);
   if (list == NULL || json_array_size (list) == 0)
      return;
   if (json_array_size (list) == 1) {
      json_object_update (file, json_array_get (list, 0));
      return;
   }
   GString *clients = g_string_new (NULL);
   size_t i;
   json_t *s;
   json_array_foreach (list, i, s) {
      g_string_append_printf (
         clients, "%s%s", i > 0 ? " or " : "",
         json_string_value (json_object_get (s, "client")));
   }
   json_object_set_new (file, "client", json_string (clients->str));
   g_string_free (clients, TRUE);
}

static json_t *
ask_server (const wchar_t *server, const wchar_t *share, const char *base)
{
   LPBYTE buffer = NULL;
   NET_API_STATUS status =
      NetShareGetInfo ((LPWSTR) server, (LPWSTR) share, 2, &buffer);
   if (status == NERR_NetNameNotFound && share_reachable (server, share))
      return not_listed (server, share);
   if (status != NERR_Success)
      return failure ("NetShareGetInfo", server, status);
   g_autofree char *share_path =
      utf8 (((const SHARE_INFO_2 *) buffer)->shi2_path);
   NetApiBufferFree (buffer);
   if (share_path == NULL)
      return failure ("NetShareGetInfo", server, ERROR_INVALID_DATA);

   g_autofree char *folder =
      *base != '\0'
         ? g_strconcat (share_path,
                        g_str_has_suffix (share_path, "\\") ? "" : "\\", base,
                        NULL)
         : g_strdup (share_path);
   g_autofree gunichar2 *wide_folder =
      g_utf8_to_utf16 (folder, -1, NULL, NULL, NULL);
   json_t *files = json_array ();
   g_autoptr (GHashTable) sessions = sessions_by_user (server);
   DWORD_PTR resume = 0;
   DWORD read = 0;
   do {
      DWORD total = 0;
      read = 0;
      buffer = NULL;
      status =
         NetFileEnum ((LPWSTR) server, (LPWSTR) wide_folder, NULL, 3, &buffer,
                      MAX_PREFERRED_LENGTH, &read, &total, &resume);
      if (status != NERR_Success && status != ERROR_MORE_DATA) {
         if (buffer != NULL)
            NetApiBufferFree (buffer);
         json_decref (files);
         return failure ("NetFileEnum", server, status);
      }
      const FILE_INFO_3 *f = (const FILE_INFO_3 *) buffer;
      for (DWORD i = 0; i < read; i++) {
         g_autofree char *path = utf8 (f[i].fi3_pathname);
         g_autofree char *user = utf8 (f[i].fi3_username);
         if (path == NULL)
            continue;
         json_t *file = json_pack (
            "{s:s, s:s, s:I, s:I, s:I}", "path", path, "user", user ? user : "",
            "locks", (json_int_t) f[i].fi3_num_locks, "permissions",
            (json_int_t) f[i].fi3_permissions, "id", (json_int_t) f[i].fi3_id);
         add_session (file, sessions, user);
         json_array_append_new (files, file);
      }
      if (buffer != NULL)
         NetApiBufferFree (buffer);
   } while (status == ERROR_MORE_DATA && read > 0);
   return json_pack ("{s:s, s:s, s:o}", "status", "ok", "share_path",
                     share_path, "files", files);
}

// --- The question in a thread of its own, bounded

typedef struct {
   gint refs;
   wchar_t *server;
   wchar_t *share;
   char *base;
   GMutex lock;
   GCond done_cond;
   gboolean done;
   char *answer; // the helper protocol's answer line
} Job;

static void
job_unref (Job *job)
{
   if (!g_atomic_int_dec_and_test (&job->refs))
      return;
   g_free (job->server);
   g_free (job->share);
   g_free (job->base);
   g_free (job->answer);
   g_mutex_clear (&job->lock);
   g_cond_clear (&job->done_cond);
   g_free (job);
}

static gpointer
job_run (gpointer data)
{
   Job *job = data;
   json_t *reply = ask_server (job->server, job->share, job->base);
   char *answer = reply ? json_dumps (reply, JSON_COMPACT) : NULL;
   json_decref (reply);
   g_mutex_lock (&job->lock);
   job->answer = answer;
   job->done = TRUE;
   g_cond_signal (&job->done_cond);
   g_mutex_unlock (&job->lock);
   job_unref (job);
   return NULL;
}

static MmfgServerFiles *
not_asked (MmfgLockUnknown status, char *answer)
{
   MmfgServerFiles *files = mmfg_server_files_new ();
   files->status = status;
   files->answer = answer;
   return files;
}

MmfgServerFiles *
mmfg_file_servers_list (MmfgFileServers *servers,
                        const MmfgFileServerConfig *server, const char *share,
                        const char *base)
{
   (void) servers; // may be NULL: nothing is kept between questions
   gint64 start = g_get_monotonic_time ();
   g_autofree char *unc = g_strconcat (
      "\\\\", server->address ? server->address : server->name, NULL);
   Job *job = g_new0 (Job, 1);
   job->refs = 2; // this call's and the thread's
   job->server = (wchar_t *) g_utf8_to_utf16 (unc, -1, NULL, NULL, NULL);
   job->share = (wchar_t *) g_utf8_to_utf16 (share, -1, NULL, NULL, NULL);
   job->base = g_strdup (base ? base : "");
   g_mutex_init (&job->lock);
   g_cond_init (&job->done_cond);
   g_autoptr (GError) error = NULL;
   GThread *thread = NULL;
   if (job->server != NULL && job->share != NULL)
      thread = g_thread_try_new ("mmfguard-netapi", job_run, job, &error);
   MmfgServerFiles *files = NULL;
   if (thread == NULL) {
      job_unref (job); // the thread's: it never ran
      files =
         not_asked (MMFG_LOCK_UNKNOWN_SERVER_FAILED,
                    g_strdup_printf ("cannot ask %s: %s", unc,
                                     error ? error->message
                                           : "its name is not valid UTF-8"));
   } else {
      g_thread_unref (thread);
      gint64 deadline = g_get_monotonic_time () +
                        (gint64) server->timeout_ms * G_TIME_SPAN_MILLISECOND;
      g_mutex_lock (&job->lock);
      while (!job->done &&
             g_cond_wait_until (&job->done_cond, &job->lock, deadline))
         ;
      gboolean done = job->done;
      g_autofree char *answer = g_strdup (job->answer);
      g_mutex_unlock (&job->lock);
      if (!done)
         files = not_asked (
            MMFG_LOCK_UNKNOWN_SERVER_TIMEOUT,
            g_strdup_printf ("no answer within %u ms", server->timeout_ms));
      else if (answer == NULL)
         files = not_asked (MMFG_LOCK_UNKNOWN_SERVER_FAILED,
                            g_strdup_printf ("the answer of %s could not be "
                                             "written down",
                                             unc));
      else
         files = mmfg_server_files_parse (answer, strlen (answer));
   }
   job_unref (job);
   files->took_us = g_get_monotonic_time () - start;
   return files;
}

MmfgServerFolder *
mmfg_file_servers_list_folder (MmfgFileServers *servers,
                               const MmfgFileServerConfig *server,
                               const char *share, const char *folder)
{
   (void) servers;
   (void) server;
   (void) share;
   (void) folder;
   // Windows lists a UNC folder itself, in one FindFirstFile enumeration
   // that already carries every entry's size, times and attributes.
   MmfgServerFolder *listed = mmfg_server_folder_parse ("{}", 2);
   g_free (listed->problem);
   listed->problem =
      g_strdup ("not asked: Windows lists the folder through its UNC path");
   return listed;
}
