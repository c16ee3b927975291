// file-server-posix.c — file-server.h on POSIX systems: one helper process
// per server (mmfguard-smb-files, whose protocol smb-open-files-posix.c
// describes), asked over a socket pair. Reading its answers is
// file-server.c's.

#include "file-server.h"

#include <dlfcn.h>
#include <errno.h>
#include <jansson.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define HELPER_NAME "mmfguard-smb-files"

static void
json_unref (json_t *json)
{
   json_decref (json);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_unref)
#define MAX_ANSWER (64u * 1024 * 1024)

typedef struct {
   char *name;           // the [file-server NAME], for matching
   pthread_mutex_t lock; // one question at a time
   GPid pid;             // 0 when no helper runs
   int fd;               // our end of the socket pair
   GString *pending;     // bytes read past the last answer
} Connection;

struct MmfgFileServers {
   char *helper;
   pthread_mutex_t lock; // guards `connections`
   GPtrArray *connections;
};

static void
connection_stop (Connection *c)
{
   if (c->pid == 0)
      return;
   close (c->fd);
   // Closing its input ends the helper; a helper stuck in the network is
   // killed.
   kill (c->pid, SIGKILL);
   while (waitpid (c->pid, NULL, 0) < 0 && errno == EINTR)
      ;
   g_spawn_close_pid (c->pid);
   c->pid = 0;
   c->fd = -1;
   g_string_truncate (c->pending, 0);
}

static void
connection_free (Connection *c)
{
   connection_stop (c);
   pthread_mutex_destroy (&c->lock);
   g_string_free (c->pending, TRUE);
   g_free (c->name);
   g_free (c);
}

// The folder of the module (plugin or program) this code is linked into,
// found from the address of a variable of its own.
static const char module_anchor;

static char *
own_folder (void)
{
   Dl_info info;
   if (dladdr (&module_anchor, &info) == 0 || info.dli_fname == NULL)
      return NULL;
   return g_path_get_dirname (info.dli_fname);
}

MmfgFileServers *
mmfg_file_servers_new (const char *helper)
{
   MmfgFileServers *s = g_new0 (MmfgFileServers, 1);
   if (helper != NULL) {
      s->helper = g_strdup (helper);
   } else {
      g_autofree char *folder = own_folder ();
      s->helper = g_build_filename (folder ? folder : ".", HELPER_NAME, NULL);
   }
   pthread_mutex_init (&s->lock, NULL);
   s->connections =
      g_ptr_array_new_with_free_func ((GDestroyNotify) connection_free);
   return s;
}

void
mmfg_file_servers_free (MmfgFileServers *servers)
{
   if (servers == NULL)
      return;
   g_ptr_array_unref (servers->connections);
   pthread_mutex_destroy (&servers->lock);
   g_free (servers->helper);
   g_free (servers);
}

static Connection *
connection_for (MmfgFileServers *servers, const char *name)
{
   pthread_mutex_lock (&servers->lock);
   Connection *found = NULL;
   for (guint i = 0; i < servers->connections->len && found == NULL; i++) {
      Connection *c = g_ptr_array_index (servers->connections, i);
      if (g_ascii_strcasecmp (c->name, name) == 0)
         found = c;
   }
   if (found == NULL) {
      found = g_new0 (Connection, 1);
      found->name = g_strdup (name);
      found->fd = -1;
      found->pending = g_string_new (NULL);
      pthread_mutex_init (&found->lock, NULL);
      g_ptr_array_add (servers->connections, found);
   }
   pthread_mutex_unlock (&servers->lock);
   return found;
}

// Starts the helper with the fixed argument vector; its stdin and stdout
// are one end of a socket pair (send() with MSG_NOSIGNAL cannot kill the
// host with SIGPIPE when the helper is gone, as a pipe write could).
static gboolean
connection_start (MmfgFileServers *servers, Connection *c,
                  const MmfgFileServerConfig *config, GError **error)
{
   int pair[2];
   if (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, pair) != 0) {
      int saved = errno;
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   "cannot make a socket pair: %s", g_strerror (saved));
      return FALSE;
   }
   const char *argv[] = {servers->helper, config->name,
                         config->address ? config->address : config->name,
                         config->kerberos ? "--kerberos" : config->credentials,
                         NULL};
   GPid pid = 0;
   gboolean ok = g_spawn_async_with_pipes_and_fds (
      NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDERR_TO_DEV_NULL,
      NULL, NULL, pair[1], pair[1], -1, NULL, NULL, 0, &pid, NULL, NULL, NULL,
      error);
   close (pair[1]);
   if (!ok) {
      close (pair[0]);
      g_prefix_error (error, "cannot start %s: ", servers->helper);
      return FALSE;
   }
   c->pid = pid;
   c->fd = pair[0];
   return TRUE;
}

static gboolean
send_all (int fd, const char *data, gsize len)
{
   while (len > 0) {
      ssize_t n = send (fd, data, len, MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return FALSE;
      data += n;
      len -= (gsize) n;
   }
   return TRUE;
}

// One line from the helper within the deadline. NULL with `*timed_out` set
// when it did not come in time, or NULL when the helper closed or failed.
static char *
read_line (Connection *c, gint64 deadline, gboolean *timed_out)
{
   for (;;) {
      char *nl = memchr (c->pending->str, '\n', c->pending->len);
      if (nl != NULL) {
         gsize len = (gsize) (nl - c->pending->str);
         char *line = g_strndup (c->pending->str, len);
         g_string_erase (c->pending, 0, (gssize) len + 1);
         return line;
      }
      if (c->pending->len > MAX_ANSWER)
         return NULL;
      gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
      if (left <= 0) {
         *timed_out = TRUE;
         return NULL;
      }
      struct pollfd p = {.fd = c->fd, .events = POLLIN};
      int ready = poll (&p, 1, (int) MIN (left, G_MAXINT));
      if (ready < 0 && errno == EINTR)
         continue;
      if (ready <= 0)
         continue; // the deadline is checked above
      char chunk[65536];
      ssize_t n = recv (c->fd, chunk, sizeof chunk, 0);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return NULL;
      g_string_append_len (c->pending, chunk, n);
   }
}

// One question and its answer line on a running helper: NULL, with why in
// `*problem` (and `*timed_out` set when it did not come in time), when it
// gave none.
static char *
ask_line (Connection *c, const MmfgFileServerConfig *config, json_t *question,
          gboolean *timed_out, char **problem)
{
   g_autofree char *text = json_dumps (question, JSON_COMPACT);
   gint64 deadline =
      g_get_monotonic_time () + (gint64) config->timeout_ms * 1000;
   *timed_out = FALSE;
   char *line = NULL;
   if (text != NULL && send_all (c->fd, text, strlen (text)) &&
       send_all (c->fd, "\n", 1))
      line = read_line (c, deadline, timed_out);
   if (line != NULL)
      return line;
   // No answer: the helper is ended, and the next question starts anew.
   connection_stop (c);
   *problem =
      *timed_out
         ? g_strdup_printf ("no answer within %u ms", config->timeout_ms)
         : g_strdup ("the helper " HELPER_NAME " ended without an answer");
   return NULL;
}

// One question and its answer on a running helper.
static void
ask (Connection *c, const MmfgFileServerConfig *config, const char *share,
     const char *base, MmfgServerFiles *files)
{
   g_autoptr (json_t) question =
      json_pack ("{s:s, s:s}", "share", share, "base", base);
   gboolean timed_out = FALSE;
   g_autofree char *problem = NULL;
   g_autofree char *line = ask_line (c, config, question, &timed_out, &problem);
   if (line != NULL) {
      mmfg_server_files_read (files, line, strlen (line));
      return;
   }
   files->status = timed_out ? MMFG_LOCK_UNKNOWN_SERVER_TIMEOUT
                             : MMFG_LOCK_UNKNOWN_SERVER_FAILED;
   files->answer = g_steal_pointer (&problem);
}

// The helper of `server`, running, with its lock held; NULL, with the lock
// released and why in `*problem`, when it cannot be started.
static Connection *
connection_ready (MmfgFileServers *servers, const MmfgFileServerConfig *server,
                  char **problem)
{
   Connection *c = connection_for (servers, server->name);
   pthread_mutex_lock (&c->lock);
   g_autoptr (GError) error = NULL;
   if (c->pid == 0 && !connection_start (servers, c, server, &error)) {
      pthread_mutex_unlock (&c->lock);
      *problem = g_strdup (error->message);
      return NULL;
   }
   return c;
}

MmfgServerFiles *
mmfg_file_servers_list (MmfgFileServers *servers,
                        const MmfgFileServerConfig *server, const char *share,
                        const char *base)
{
   MmfgServerFiles *files = mmfg_server_files_new ();
   gint64 start = g_get_monotonic_time ();
   g_autofree char *problem = NULL;
   Connection *c = connection_ready (servers, server, &problem);
   if (c == NULL) {
      files->status = MMFG_LOCK_UNKNOWN_SERVER_FAILED;
      files->answer = g_steal_pointer (&problem);
   } else {
      ask (c, server, share, base ? base : "", files);
      pthread_mutex_unlock (&c->lock);
   }
   files->took_us = g_get_monotonic_time () - start;
   return files;
}

MmfgServerFolder *
mmfg_file_servers_list_folder (MmfgFileServers *servers,
                               const MmfgFileServerConfig *server,
                               const char *share, const char *folder)
{
   gint64 start = g_get_monotonic_time ();
   g_autofree char *problem = NULL;
   g_autofree char *line = NULL;
   Connection *c = connection_ready (servers, server, &problem);
   if (c != NULL) {
      g_autoptr (json_t) question =
         json_pack ("{s:s, s:s}", "share", share, "list", folder);
      gboolean timed_out = FALSE;
      line = ask_line (c, server, question, &timed_out, &problem);
      pthread_mutex_unlock (&c->lock);
   }
   MmfgServerFolder *listed;
   if (line != NULL) {
      listed = mmfg_server_folder_parse (line, strlen (line));
   } else {
      listed = mmfg_server_folder_parse ("{}", 2);
      g_free (listed->problem);
      listed->problem = g_steal_pointer (&problem);
   }
   listed->took_us = g_get_monotonic_time () - start;
   return listed;
}
