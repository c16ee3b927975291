// smb-open-files-posix.c — mmfguard-smb-files, the plugin's helper that asks an
// SMB file server (Windows or Samba) for its open files over the Server Service
// (MS-SRVS NetrFileEnum, level 3), through Samba's own client library,
// libnetapi.
//
// Rationale: a process of its own, not a library in the host. libnetapi
// maps about 120 shared libraries and keeps global state that is not
// thread-safe; a host that never configures a file server maps none of it;
// a server that does not answer is ended by killing this process, which no
// in-process call allows; and the connection, which costs a logon, is kept
// open here between the plugin's questions.
//
//   mmfguard-smb-files SERVER ADDRESS CREDENTIALS-FILE
//   mmfguard-smb-files SERVER ADDRESS --kerberos
//
// The password is read from the credentials file (smbclient's format:
// `username = `, `password = `, `domain = ` lines), never from the command
// line or the environment. Then, one question per line on stdin, one answer
// per line on stdout, both JSON:
//   {"share": "MAILDATA", "base": "PO\\MAILDATA\\MMF"}
//   {"status": "ok", "share_path": "C:\\srv\\maildata",
//    "files": [{"path": "C:\\srv\\maildata\\PO\\MAILDATA\\MMF\\00000A02.MMF",
//               "user": "jsmith", "locks": 0, "permissions": 3, "id": 7}]}
//   {"status": "access-denied", "answer": "Access is denied.", "code": 5}
// Statuses: ok, unreachable, logon-refused, access-denied, no-such-share,
// failed. "answer" is the library's own text, passed on as it is.
//
// A folder's entries, listed by the server in one directory enumeration
// (the post office's MMF folder, so that the plugin need not stat every
// MMF through a network file system, one round trip each):
//   {"share": "MAILDATA", "list": "PO\\MAILDATA\\MMF"}
//   {"status": "ok", "entries": [{"name": "00000A02.MMF", "size": 8192,
//    "mtime": 1765000000, "ctime": 1765000000, "type": "file",
//    "file_id": 10953230}]}
// "type" is file, directory, link (a reparse point: a symbolic link or a
// junction) or other; times are Unix seconds. "file_id" is the server's id
// of the file from the same enumeration (the SMB2 FileId: the inode on
// Samba, the file reference number on NTFS), equal for names that are one
// file: a hard link, or a symbolic link a server without the POSIX
// extensions follows. Rationale: readdirplus2's st_ino is that id; when
// the server sends none, libsmbclient makes one up from the entry's path,
// different for each name but for a rare hash collision (doc/file-server.md
// says what that means). The listing goes through
// libsmbclient over a connection of its own to the share, logged on with
// the same credentials (or Kerberos ticket), made at the first listing and
// kept. Rationale: readdirplus returns each entry's size, times and
// attributes from the enumeration itself (SMB2 QUERY_DIRECTORY), with no
// round trip per entry.

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <jansson.h>
#include <libsmbclient.h>
#include <netapi.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#define SMB_PORT "445"
#define CONNECT_PROBE_MS 3000
// Returned by libnetapi when no connection to the server's IPC$ could be
// made: the server is unreachable or refused the logon.
#define NETAPI_CONNECT_FAILED 1003
#define NERR_NET_NAME_NOT_FOUND 2310
#define ERROR_ACCESS_DENIED_CODE 5
#define ATTRIBUTE_DIRECTORY 0x10
#define ATTRIBUTE_DEVICE 0x40
#define ATTRIBUTE_REPARSE_POINT 0x400

typedef struct {
   char *username;
   char *password;
   char *domain;
} Credentials;

static void
credentials_clear (Credentials *c)
{
   g_free (c->username);
   if (c->password != NULL)
      memset (c->password, 0, strlen (c->password));
   g_free (c->password);
   g_free (c->domain);
}

static gboolean
read_credentials (const char *path, Credentials *c, char **why)
{
   g_autofree char *text = NULL;
   g_autoptr (GError) error = NULL;
   if (!g_file_get_contents (path, &text, NULL, &error)) {
      *why = g_strdup (error->message);
      return FALSE;
   }
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      char *eq = strchr (lines[i], '=');
      if (eq == NULL)
         continue;
      *eq = '\0';
      char *key = g_strstrip (lines[i]);
      char *value = g_strstrip (eq + 1);
      char **slot = strcmp (key, "username") == 0   ? &c->username
                    : strcmp (key, "password") == 0 ? &c->password
                    : strcmp (key, "domain") == 0   ? &c->domain
                                                    : NULL;
      if (slot != NULL) {
         g_free (*slot);
         *slot = g_strdup (value);
      }
   }
   memset (text, 0, strlen (text));
   if (c->username == NULL || c->password == NULL) {
      *why = g_strdup_printf ("%s has no %s = line", path,
                              c->username == NULL ? "username" : "password");
      return FALSE;
   }
   return TRUE;
}

// Where answers go: the plugin's end of the socket, kept apart from stdout,
// which Samba's libraries print diagnostics to ("session setup failed: ...").
static FILE *answers;

static void
answer (json_t *reply)
{
   char *line = json_dumps (reply, JSON_COMPACT);
   if (line != NULL) {
      fputs (line, answers);
      fputc ('\n', answers);
      fflush (answers);
   }
   free (line);
   json_decref (reply);
}

static json_t *
failure (const char *status, const char *text, long code)
{
   return json_pack ("{s:s, s:s, s:I}", "status", status, "answer",
                     text ? text : "", "code", (json_int_t) code);
}

// Whether a TCP connection to the server's SMB port can be made: tells an
// unreachable server from one that refused the logon. NULL when it can,
// else why not.
static char *
connect_problem (const char *address)
{
   struct addrinfo hints = {.ai_socktype = SOCK_STREAM};
   struct addrinfo *found = NULL;
   int rc = getaddrinfo (address, SMB_PORT, &hints, &found);
   if (rc != 0)
      return g_strdup_printf ("cannot resolve %s: %s", address,
                              gai_strerror (rc));
   char *problem = NULL;
   for (struct addrinfo *a = found; a != NULL; a = a->ai_next) {
      int fd =
         socket (a->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
      if (fd < 0)
         continue;
      int err = connect (fd, a->ai_addr, a->ai_addrlen) == 0 ? 0 : errno;
      if (err == EINPROGRESS) {
         struct pollfd p = {.fd = fd, .events = POLLOUT};
         socklen_t len = sizeof err;
         err = poll (&p, 1, CONNECT_PROBE_MS) == 1 &&
                     getsockopt (fd, SOL_SOCKET, SO_ERROR, &err, &len) == 0
                  ? err
                  : ETIMEDOUT;
      }
      close (fd);
      g_free (problem);
      if (err == 0) {
         freeaddrinfo (found);
         return NULL;
      }
      problem = g_strdup_printf ("%s port " SMB_PORT ": %s", address,
                                 g_strerror (err));
   }
   freeaddrinfo (found);
   return problem ? problem
                  : g_strdup_printf ("%s: no address to connect to", address);
}

static json_t *
classify (struct libnetapi_ctx *ctx, const char *address, NET_API_STATUS status)
{
   const char *text = libnetapi_get_error_string (ctx, status);
   if (status == ERROR_ACCESS_DENIED_CODE)
      return failure ("access-denied", text, status);
   if (status == NERR_NET_NAME_NOT_FOUND)
      return failure ("no-such-share", text, status);
   if (status == NETAPI_CONNECT_FAILED) {
      g_autofree char *problem = connect_problem (address);
      return problem ? failure ("unreachable", problem, status)
                     : failure ("logon-refused", text, status);
   }
   return failure ("failed", text, status);
}

// The server-side folder of `share`, cached: it does not change while the
// helper runs.
static json_t *
share_folder (struct libnetapi_ctx *ctx, const char *address, const char *share,
              GHashTable *cache, const char **folder)
{
   *folder = g_hash_table_lookup (cache, share);
   if (*folder != NULL)
      return NULL;
   uint8_t *buffer = NULL;
   NET_API_STATUS status = NetShareGetInfo (address, share, 2, &buffer);
   if (status != 0)
      return classify (ctx, address, status);
   const struct SHARE_INFO_2 *info = (const struct SHARE_INFO_2 *) buffer;
   char *path = g_strdup (info->shi2_path ? info->shi2_path : "");
   NetApiBufferFree (buffer);
   g_hash_table_insert (cache, g_strdup (share), path);
   *folder = path;
   return NULL;
}

static json_t *
list_open_files (struct libnetapi_ctx *ctx, const char *address,
                 const char *base)
{
   json_t *files = json_array ();
   uint32_t resume = 0;
   NET_API_STATUS status;
   do {
      uint8_t *buffer = NULL;
      uint32_t read = 0, total = 0;
      status = NetFileEnum (address, base, NULL, 3, &buffer, (uint32_t) -1,
                            &read, &total, &resume);
      if (status != 0 && status != ERROR_MORE_DATA) {
         if (buffer != NULL)
            NetApiBufferFree (buffer);
         json_decref (files);
         return classify (ctx, address, status);
      }
      const struct FILE_INFO_3 *info = (const struct FILE_INFO_3 *) buffer;
      for (uint32_t i = 0; i < read; i++)
         json_array_append_new (
            files,
            json_pack ("{s:s, s:s, s:I, s:I, s:I}", "path",
                       info[i].fi3_pathname ? info[i].fi3_pathname : "", "user",
                       info[i].fi3_username ? info[i].fi3_username : "",
                       "locks", (json_int_t) info[i].fi3_num_locks,
                       "permissions", (json_int_t) info[i].fi3_permissions,
                       "id", (json_int_t) info[i].fi3_id));
      if (buffer != NULL)
         NetApiBufferFree (buffer);
   } while (status == ERROR_MORE_DATA);
   return json_pack ("{s:s, s:o}", "status", "ok", "files", files);
}

// The listing's own connection: libsmbclient, started at the first
// listing with the logon the open-file list uses.
typedef struct {
   SMBCCTX *ctx;
   gboolean kerberos;
   Credentials creds; // kept while the helper runs, as libnetapi keeps them
} Lister;

// libsmbclient asks for the logon of each server it connects to.
static void
give_credentials (SMBCCTX *ctx, const char *server, const char *share,
                  char *workgroup, int workgroup_len, char *username,
                  int username_len, char *password, int password_len)
{
   (void) server;
   (void) share;
   const Lister *l = smbc_getOptionUserData (ctx);
   if (l == NULL || l->kerberos || l->creds.username == NULL)
      return;
   if (l->creds.domain != NULL)
      g_strlcpy (workgroup, l->creds.domain, (gsize) workgroup_len);
   g_strlcpy (username, l->creds.username, (gsize) username_len);
   g_strlcpy (password, l->creds.password, (gsize) password_len);
}

static json_t *
list_failure (const char *url, int err)
{
   g_autofree char *text =
      g_strdup_printf ("cannot list %s: %s", url, g_strerror (err));
   const char *status = err == EACCES || err == EPERM ? "access-denied"
                        : err == ECONNREFUSED || err == EHOSTUNREACH ||
                              err == ETIMEDOUT || err == ENETUNREACH
                           ? "unreachable"
                           : "failed";
   return failure (status, text, err);
}

static gboolean
lister_start (Lister *l)
{
   if (l->ctx != NULL)
      return TRUE;
   SMBCCTX *ctx = smbc_new_context ();
   if (ctx == NULL)
      return FALSE;
   smbc_setDebug (ctx, 0);
   smbc_setOptionUserData (ctx, l);
   smbc_setFunctionAuthDataWithContext (ctx, give_credentials);
   if (l->kerberos) {
      smbc_setOptionUseKerberos (ctx, TRUE);
      smbc_setOptionUseCCache (ctx, TRUE);
      smbc_setOptionFallbackAfterKerberos (ctx, FALSE);
   }
   if (smbc_init_context (ctx) == NULL) {
      smbc_free_context (ctx, 1);
      return FALSE;
   }
   l->ctx = ctx;
   return TRUE;
}

static const char *
entry_type (uint16_t attrs)
{
   if (attrs & ATTRIBUTE_REPARSE_POINT)
      return "link";
   if (attrs & ATTRIBUTE_DIRECTORY)
      return "directory";
   if (attrs & ATTRIBUTE_DEVICE)
      return "other";
   return "file";
}

static json_t *
list_folder (Lister *l, const char *address, const char *share,
             const char *folder)
{
   // smb://ADDRESS/SHARE/FOLDER, each part escaped for the URL.
   g_autoptr (GString) url = g_string_new ("smb://");
   g_string_append_uri_escaped (url, address, NULL, FALSE);
   g_string_append_c (url, '/');
   g_string_append_uri_escaped (url, share, NULL, FALSE);
   g_auto (GStrv) parts = g_strsplit_set (folder, "\\/", -1);
   for (guint i = 0; parts[i] != NULL; i++) {
      if (*parts[i] == '\0')
         continue;
      g_string_append_c (url, '/');
      g_string_append_uri_escaped (url, parts[i], NULL, FALSE);
   }
   if (!lister_start (l))
      return failure ("failed", "libsmbclient could not start", 0);
   SMBCFILE *dir = smbc_getFunctionOpendir (l->ctx) (l->ctx, url->str);
   if (dir == NULL)
      return list_failure (url->str, errno);
   json_t *entries = json_array ();
   smbc_readdirplus2_fn next = smbc_getFunctionReaddirPlus2 (l->ctx);
   const struct libsmb_file_info *info;
   struct stat st;
   errno = 0;
   while ((info = next (l->ctx, dir, &st)) != NULL) {
      if (info->name == NULL || strcmp (info->name, ".") == 0 ||
          strcmp (info->name, "..") == 0)
         continue;
      json_t *entry = json_pack ("{s:s, s:I, s:I, s:I, s:s}", "name",
                                 info->name, "size", (json_int_t) info->size,
                                 "mtime", (json_int_t) info->mtime_ts.tv_sec,
                                 "ctime", (json_int_t) info->ctime_ts.tv_sec,
                                 "type", entry_type (info->attrs));
      json_object_set_new (entry, "file_id",
                           json_integer ((json_int_t) st.st_ino));
      json_array_append_new (entries, entry);
      errno = 0;
   }
   int err = errno;
   smbc_getFunctionClosedir (l->ctx) (l->ctx, dir);
   // The end of the listing and a failure in the middle both end it with
   // NULL; only errno tells them apart. A part of a listing is no listing.
   if (err != 0) {
      json_decref (entries);
      return list_failure (url->str, err);
   }
   return json_pack ("{s:s, s:o}", "status", "ok", "entries", entries);
}

static json_t *
handle (struct libnetapi_ctx *ctx, Lister *lister, const char *address,
        GHashTable *shares, const char *line)
{
   json_error_t error;
   json_t *request = json_loads (line, 0, &error);
   const char *share = NULL, *base = "", *list = NULL;
   if (request == NULL ||
       json_unpack (request, "{s:s, s?:s, s?:s}", "share", &share, "base",
                    &base, "list", &list) != 0) {
      json_decref (request);
      return failure ("failed", "the plugin's question is not understood", 0);
   }
   if (list != NULL) {
      json_t *reply = list_folder (lister, address, share, list);
      json_decref (request);
      return reply;
   }
   const char *folder = NULL;
   json_t *reply = share_folder (ctx, address, share, shares, &folder);
   if (reply == NULL) {
      g_autofree char *from =
         *base ? g_strconcat (folder, "\\", base, NULL) : g_strdup (folder);
      // Samba and Windows compare the base path as a prefix; the plugin
      // matches each path again anyway.
      reply = list_open_files (ctx, address, from);
      if (json_string_value (json_object_get (reply, "status")) != NULL &&
          strcmp (json_string_value (json_object_get (reply, "status")),
                  "ok") == 0)
         json_object_set_new (reply, "share_path", json_string (folder));
   }
   json_decref (request);
   return reply;
}

int
main (int argc, char **argv)
{
   if (argc != 4) {
      fprintf (stderr,
               "usage: %s SERVER ADDRESS (CREDENTIALS-FILE | --kerberos)\n"
               "Started by the mmfguard plugin; not meant to be run by hand.\n",
               argv[0]);
      return 2;
   }
   const char *address = argv[2];
   int answer_fd = dup (STDOUT_FILENO);
   answers = answer_fd >= 0 ? fdopen (answer_fd, "w") : NULL;
   if (answers == NULL || dup2 (STDERR_FILENO, STDOUT_FILENO) < 0)
      return 1;
   struct libnetapi_ctx *ctx = NULL;
   if (libnetapi_init (&ctx) != 0) {
      answer (failure ("failed",
                       "libnetapi could not start (is smb.conf readable?)", 0));
      return 1;
   }
   libnetapi_set_debuglevel (ctx, "0");
   Credentials creds = {0};
   Lister lister = {0};
   if (strcmp (argv[3], "--kerberos") == 0) {
      libnetapi_set_use_kerberos (ctx);
      libnetapi_set_use_ccache (ctx);
      lister.kerberos = TRUE;
   } else {
      g_autofree char *why = NULL;
      if (!read_credentials (argv[3], &creds, &why)) {
         answer (failure ("failed", why, 0));
         credentials_clear (&creds);
         libnetapi_free (ctx);
         return 1;
      }
      libnetapi_set_username (ctx, creds.username);
      libnetapi_set_password (ctx, creds.password);
      if (creds.domain != NULL)
         libnetapi_set_workgroup (ctx, creds.domain);
      lister.creds = creds; // the listing's logon, at its first question
   }

   g_autoptr (GHashTable) shares =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
   char *line = NULL;
   size_t cap = 0;
   ssize_t n;
   while ((n = getline (&line, &cap, stdin)) > 0) {
      line[strcspn (line, "\r\n")] = '\0';
      answer (handle (ctx, &lister, address, shares, line));
   }
   free (line);
   credentials_clear (&lister.creds);
   if (lister.ctx != NULL)
      smbc_free_context (lister.ctx, 1);
   libnetapi_free (ctx);
   return 0;
}
