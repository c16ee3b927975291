// server-view.c — see server-view.h.

#include "server-view.h"

#include <string.h>

#include "mig-plugin.h"
#include "share-path.h"

void
mmfg_server_view_clear (MmfgServerView *view)
{
   mmfg_file_location_clear (&view->where);
   g_clear_pointer (&view->postoffice, g_free);
   g_clear_pointer (&view->postoffice_in_share, g_free);
   g_clear_pointer (&view->asked_in_share, g_free);
   g_clear_pointer (&view->files, mmfg_server_files_free);
   view->unknown = MMFG_LOCK_UNKNOWN_NONE;
}

static gboolean
is_separator (char c)
{
   return c == '\\' || c == '/';
}

static gboolean
same_char (char a, char b)
{
#ifdef G_OS_WIN32
   // Windows paths: case and the kind of separator do not matter.
   return (is_separator (a) && is_separator (b)) ||
          g_ascii_tolower (a) == g_ascii_tolower (b);
#else
   return a == b;
#endif
}

// What follows `prefix` in `path` (separators after it skipped), or NULL
// when `path` is not `prefix` or below it.
static const char *
below (const char *path, const char *prefix)
{
   gsize n = strlen (prefix);
   while (n > 1 && is_separator (prefix[n - 1]))
      n--;
   for (gsize i = 0; i < n; i++)
      if (path[i] == '\0' || !same_char (path[i], prefix[i]))
         return NULL;
   if (path[n] != '\0' && !is_separator (path[n]))
      return NULL;
   const char *rest = path + n;
   while (is_separator (*rest))
      rest++;
   return rest;
}

// `file` as a path inside the share, '\' separated; NULL when it is not
// below the post office.
static char *
in_share (const MmfgServerView *v, const char *file)
{
   const char *rest =
      file && v->postoffice ? below (file, v->postoffice) : NULL;
   if (rest == NULL || v->postoffice_in_share == NULL)
      return NULL;
   g_autofree char *tail = g_strdup (rest);
   g_strdelimit (tail, "/", '\\');
   if (*v->postoffice_in_share == '\0')
      return g_steal_pointer (&tail);
   if (*tail == '\0')
      return g_strdup (v->postoffice_in_share);
   return g_strconcat (v->postoffice_in_share, "\\", tail, NULL);
}

void
mmfg_server_view_ask (MmfgServerView *v, MmfgFileServers *servers,
                      const MmfgFileServerConfig *config, const char *file)
{
   v->where.server_address =
      g_strdup (config->address ? config->address : config->name);
   g_autofree char *one = file ? in_share (v, file) : NULL;
   v->asked_in_share = g_strdup (one ? one : v->postoffice_in_share);
   v->files = mmfg_file_servers_list (servers, config, v->where.share,
                                      v->asked_in_share);
   if (v->files->status == MMFG_LOCK_UNKNOWN_NONE)
      return;
   v->unknown = v->files->status;
   v->where.server_answer = g_strdup (v->files->answer);
   v->where.timeout_ms = config->timeout_ms;
   g_clear_pointer (&v->files, mmfg_server_files_free);
}

// Whether `inside` (a path in the share) is or is below what the server was
// asked about.
static gboolean
asked_about (const MmfgServerView *v, const char *inside)
{
   if (v->asked_in_share == NULL || *v->asked_in_share == '\0')
      return TRUE; // the whole share
   g_autofree char *asked = mmfg_server_path_key (v->asked_in_share);
   g_autofree char *path = mmfg_server_path_key (inside);
   gsize n = strlen (asked);
   return strncmp (path, asked, n) == 0 && (path[n] == '\0' || path[n] == '\\');
}

static void
add_holders (const MmfgServerView *v, const GPtrArray *opens,
             GPtrArray *holders)
{
   for (guint i = 0; opens != NULL && i < opens->len; i++) {
      const MmfgServerOpen *open = g_ptr_array_index (opens, i);
      MmfgHolder *h = g_new0 (MmfgHolder, 1);
      h->lock = MIG_LOCK_SERVER_OPEN;
      h->smb_user = g_strdup (open->user);
      h->client_machine = g_strdup (open->client);
      if (open->session_s >= 0)
         h->since = v->taken_at - open->session_s;
      // A session idle longer than [locks] stale-after-minutes: the client
      // may be gone while the server still lists its open.
      if (v->stale_after_s > 0 && open->idle_s > (gint64) v->stale_after_s) {
         h->possibly_stale = TRUE;
         h->stale = MMFG_STALE_IDLE;
         h->idle_minutes = open->idle_s / 60;
         h->idle_limit_minutes = v->stale_after_s / 60;
      }
      h->server = g_strdup (v->where.server);
      h->server_file_id = open->id;
      h->server_locks = open->locks;
      g_ptr_array_add (holders, h);
   }
}

void
mmfg_server_view_query (const MmfgServerView *v, const char *path,
                        MmfgLockFacts *out)
{
   mmfg_file_location_copy (&out->where, &v->where);
   out->holders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   g_autofree char *inside = in_share (v, path);
   if (inside != NULL && v->files != NULL)
      out->where.server_path =
         mmfg_share_path_on_server (v->files->share_path, inside);
   out->unknown = v->unknown;
   // A file not below the post office, or outside what the server was
   // asked about, is not known free.
   if (v->unknown == MMFG_LOCK_UNKNOWN_NONE &&
       (inside == NULL || !asked_about (v, inside)))
      out->unknown = MMFG_LOCK_UNKNOWN_NETWORK_UNMAPPED;
   out->known = out->unknown == MMFG_LOCK_UNKNOWN_NONE;
   if (out->known)
      add_holders (v, mmfg_server_files_find (v->files, out->where.server_path),
                   out->holders);
}

gboolean
mmfg_server_view_open_disturbs (const MmfgServerView *v, const char *path)
{
   // Rationale: any open from here may disturb. It can break a client's
   // oplock; and the network client may keep the file open on the server
   // after the close (smbnetfs for as long as it likes, an SMB client that
   // holds a lease), so that the server lists this machine as a client of
   // a free MMF at the next check. The head check is a local one.
   (void) v;
   (void) path;
   return TRUE;
}
