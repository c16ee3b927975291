// smbstatus.c — parses `smbstatus -B --json` with jansson. Pure: text in,
// tables out; fuzzable. Unknown members are ignored, so later Samba versions
// that add fields still parse.

#include "smbstatus.h"

#include <jansson.h>
#include <string.h>

G_DEFINE_QUARK (mmfg - smbstatus - error - quark, mmfg_smbstatus_error)

// NT access mask bits that read or change file data.
enum {
   ACCESS_READ_DATA = 0x1,
   ACCESS_WRITE_DATA = 0x2,
   ACCESS_APPEND_DATA = 0x4,
   ACCESS_EXECUTE = 0x20,
   ACCESS_DELETE = 0x10000,
   ACCESS_MAXIMUM_ALLOWED = 0x02000000,
   ACCESS_GENERIC_ALL = 0x10000000,
   ACCESS_GENERIC_EXECUTE = 0x20000000,
   ACCESS_GENERIC_WRITE = 0x40000000,
};
// Outside the enum: ISO C enumerators must fit in an int.
#define ACCESS_GENERIC_READ 0x80000000u

#define ACCESS_WRITES                                                          \
   (ACCESS_WRITE_DATA | ACCESS_APPEND_DATA | ACCESS_GENERIC_WRITE |            \
    ACCESS_GENERIC_ALL | ACCESS_MAXIMUM_ALLOWED)
#define ACCESS_TOUCHES_DATA                                                    \
   (ACCESS_READ_DATA | ACCESS_EXECUTE | ACCESS_DELETE | ACCESS_GENERIC_READ |  \
    ACCESS_GENERIC_EXECUTE | ACCESS_WRITES)

gboolean
mmfg_smb_open_is_hold (const MmfgSmbOpen *open)
{
   if (open->access_mask & ACCESS_WRITES)
      return TRUE;
   const guint32 read_write = MMFG_SMB_SHARE_READ | MMFG_SMB_SHARE_WRITE;
   gboolean denies = (open->share_access & read_write) != read_write;
   return denies && (open->access_mask & ACCESS_TOUCHES_DATA) != 0;
}

static void
file_free (MmfgSmbFile *file)
{
   g_free (file->path);
   g_array_unref (file->opens);
   g_array_unref (file->range_locks);
   g_free (file);
}

static void
session_free (MmfgSmbSession *session)
{
   g_free (session->username);
   g_free (session->remote_machine);
   g_free (session->address);
   g_free (session->service);
   g_free (session);
}

void
mmfg_smbstatus_free (MmfgSmbStatus *status)
{
   if (status == NULL)
      return;
   g_hash_table_unref (status->files_by_inode);
   g_hash_table_unref (status->files_by_path);
   g_hash_table_unref (status->sessions_by_pid);
   g_ptr_array_unref (status->files);
   g_free (status);
}

static MmfgSmbStatus *
status_new (void)
{
   MmfgSmbStatus *status = g_new0 (MmfgSmbStatus, 1);
   status->files = g_ptr_array_new_with_free_func ((GDestroyNotify) file_free);
   status->files_by_inode = g_hash_table_new_full (
      g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) g_ptr_array_unref);
   status->files_by_path = g_hash_table_new (g_str_hash, g_str_equal);
   status->sessions_by_pid = g_hash_table_new_full (
      g_int64_hash, g_int64_equal, NULL, (GDestroyNotify) session_free);
   return status;
}

// --- JSON helpers: each returns a default for a missing or mistyped member.

static const char *
member_string (json_t *object, const char *key)
{
   json_t *value = json_object_get (object, key);
   return json_is_string (value) ? json_string_value (value) : NULL;
}

// A number written as a JSON integer or as a decimal string ("6583").
static gboolean
member_number (json_t *object, const char *key, guint64 *out)
{
   json_t *value = json_object_get (object, key);
   if (json_is_integer (value) && json_integer_value (value) >= 0) {
      *out = (guint64) json_integer_value (value);
      return TRUE;
   }
   const char *text = json_is_string (value) ? json_string_value (value) : NULL;
   return text != NULL &&
          g_ascii_string_to_unsigned (text, 10, 0, G_MAXUINT64, out, NULL);
}

static gint64
server_pid (json_t *object)
{
   guint64 pid = 0;
   json_t *server_id = json_object_get (object, "server_id");
   if (!member_number (server_id, "pid", &pid) || pid > G_MAXINT32)
      return 0;
   return (gint64) pid;
}

// "0x00000001" -> 1; missing -> FALSE.
static gboolean
member_hex (json_t *object, const char *key, guint32 *out)
{
   const char *text = member_string (json_object_get (object, key), "hex");
   guint64 value;
   if (text == NULL || !g_str_has_prefix (text, "0x") ||
       !g_ascii_string_to_unsigned (text + 2, 16, 0, G_MAXUINT32, &value, NULL))
      return FALSE;
   *out = (guint32) value;
   return TRUE;
}

static gint64
member_time (json_t *object, const char *key)
{
   const char *text = member_string (object, key);
   if (text == NULL)
      return 0;
   g_autoptr (GDateTime) time = g_date_time_new_from_iso8601 (text, NULL);
   return time ? g_date_time_to_unix (time) : 0;
}

// Share access from "hex", else from the READ/WRITE/DELETE booleans.
static guint32
share_access (json_t *open)
{
   guint32 bits = 0;
   if (member_hex (open, "sharemode", &bits))
      return bits;
   json_t *mode = json_object_get (open, "sharemode");
   if (json_is_true (json_object_get (mode, "READ")))
      bits |= MMFG_SMB_SHARE_READ;
   if (json_is_true (json_object_get (mode, "WRITE")))
      bits |= MMFG_SMB_SHARE_WRITE;
   if (json_is_true (json_object_get (mode, "DELETE")))
      bits |= MMFG_SMB_SHARE_DELETE;
   return bits;
}

// --- Files

static MmfgSmbFile *
file_for_path (MmfgSmbStatus *status, const char *path, json_t *entry)
{
   MmfgSmbFile *file = g_hash_table_lookup (status->files_by_path, path);
   if (file != NULL)
      return file;
   json_t *fileid = json_object_get (entry, "fileid");
   guint64 devid = 0, inode = 0;
   if (!member_number (fileid, "devid", &devid) ||
       !member_number (fileid, "inode", &inode))
      return NULL;
   file = g_new0 (MmfgSmbFile, 1);
   file->path = g_strdup (path);
   file->devid = devid;
   file->inode = inode;
   file->opens = g_array_new (FALSE, FALSE, sizeof (MmfgSmbOpen));
   file->range_locks = g_array_new (FALSE, FALSE, sizeof (MmfgSmbRangeLock));
   g_ptr_array_add (status->files, file);
   g_hash_table_insert (status->files_by_path, file->path, file);
   GPtrArray *same_inode =
      g_hash_table_lookup (status->files_by_inode, &file->inode);
   if (same_inode == NULL) {
      same_inode = g_ptr_array_new ();
      g_hash_table_insert (status->files_by_inode, &file->inode, same_inode);
   }
   g_ptr_array_add (same_inode, file);
   return file;
}

static void
add_opens (MmfgSmbFile *file, json_t *opens)
{
   const char *key;
   json_t *entry;
   json_object_foreach (opens, key, entry) {
      if (!json_is_object (entry))
         continue;
      MmfgSmbOpen open = {0};
      open.pid = server_pid (entry);
      open.share_access = share_access (entry);
      if (!member_hex (entry, "access_mask", &open.access_mask))
         open.access_mask = ACCESS_GENERIC_ALL; // unknown: assume the worst
      open.opened_at = member_time (entry, "opened_at");
      g_array_append_val (file->opens, open);
   }
}

static void
add_range_locks (MmfgSmbFile *file, json_t *locks)
{
   size_t index;
   json_t *entry;
   json_array_foreach (locks, index, entry) {
      if (!json_is_object (entry))
         continue;
      MmfgSmbRangeLock lock = {0};
      lock.pid = server_pid (entry);
      const char *type = member_string (entry, "type");
      lock.exclusive = type == NULL || strcmp (type, "R") != 0;
      member_number (entry, "start", &lock.start);
      member_number (entry, "size", &lock.size);
      g_array_append_val (file->range_locks, lock);
   }
}

static void
parse_open_files (MmfgSmbStatus *status, json_t *open_files)
{
   const char *path;
   json_t *entry;
   json_object_foreach (open_files, path, entry) {
      MmfgSmbFile *file =
         json_is_object (entry) ? file_for_path (status, path, entry) : NULL;
      if (file != NULL)
         add_opens (file, json_object_get (entry, "opens"));
   }
}

static void
parse_range_locks (MmfgSmbStatus *status, json_t *range_locks)
{
   const char *path;
   json_t *entry;
   json_object_foreach (range_locks, path, entry) {
      MmfgSmbFile *file =
         json_is_object (entry) ? file_for_path (status, path, entry) : NULL;
      if (file != NULL)
         add_range_locks (file, json_object_get (entry, "locks"));
   }
}

// --- Sessions

// "ipv4:192.0.2.17:50123" -> "192.0.2.17"; "ipv6:fe80::1:50123" -> "fe80::1".
static char *
address_from_hostname (const char *hostname)
{
   if (hostname == NULL)
      return NULL;
   const char *start = strchr (hostname, ':');
   const char *end = strrchr (hostname, ':');
   if (start == NULL || end == start)
      return g_strdup (hostname);
   return g_strndup (start + 1, (gsize) (end - start - 1));
}

static void
parse_sessions (MmfgSmbStatus *status, json_t *sessions)
{
   const char *key;
   json_t *entry;
   json_object_foreach (sessions, key, entry) {
      gint64 pid = json_is_object (entry) ? server_pid (entry) : 0;
      if (pid <= 0 || g_hash_table_contains (status->sessions_by_pid, &pid))
         continue;
      MmfgSmbSession *session = g_new0 (MmfgSmbSession, 1);
      session->pid = pid;
      session->username = g_strdup (member_string (entry, "username"));
      session->remote_machine =
         g_strdup (member_string (entry, "remote_machine"));
      session->address =
         address_from_hostname (member_string (entry, "hostname"));
      g_hash_table_insert (status->sessions_by_pid, &session->pid, session);
   }
}

// Tree connects tell the share a session uses and since when.
static void
parse_tcons (MmfgSmbStatus *status, json_t *tcons)
{
   const char *key;
   json_t *entry;
   json_object_foreach (tcons, key, entry) {
      gint64 pid = json_is_object (entry) ? server_pid (entry) : 0;
      MmfgSmbSession *session =
         g_hash_table_lookup (status->sessions_by_pid, &pid);
      if (session == NULL)
         continue;
      gint64 connected_at = member_time (entry, "connected_at");
      if (session->service == NULL ||
          (connected_at > 0 && connected_at < session->connected_at)) {
         g_free (session->service);
         session->service = g_strdup (member_string (entry, "service"));
         session->connected_at = connected_at;
      }
   }
}

MmfgSmbStatus *
mmfg_smbstatus_parse (const char *text, gsize len, GError **error)
{
   json_error_t json_error;
   json_t *root = json_loadb (text, len, JSON_REJECT_DUPLICATES, &json_error);
   if (root == NULL || !json_is_object (root)) {
      g_set_error (
         error, MMFG_SMBSTATUS_ERROR, MMFG_SMBSTATUS_ERROR_MALFORMED,
         "smbstatus output is not a JSON object: %s (line %d, column %d)",
         root ? "another JSON value" : json_error.text, json_error.line,
         json_error.column);
      json_decref (root);
      return NULL;
   }
   json_t *open_files = json_object_get (root, "open_files");
   if (!json_is_object (open_files)) {
      g_set_error_literal (
         error, MMFG_SMBSTATUS_ERROR, MMFG_SMBSTATUS_ERROR_NO_OPEN_FILES,
         "smbstatus printed no open_files: it does so when not run as root, or "
         "when it reads a configuration whose lock database no running smbd "
         "uses");
      json_decref (root);
      return NULL;
   }
   MmfgSmbStatus *status = status_new ();
   parse_sessions (status, json_object_get (root, "sessions"));
   parse_tcons (status, json_object_get (root, "tcons"));
   parse_open_files (status, open_files);
   parse_range_locks (status, json_object_get (root, "byte_range_locks"));
   json_decref (root);
   return status;
}

const GPtrArray *
mmfg_smbstatus_files_with_inode (const MmfgSmbStatus *status, guint64 inode)
{
   return g_hash_table_lookup (status->files_by_inode, &inode);
}

const MmfgSmbSession *
mmfg_smbstatus_session (const MmfgSmbStatus *status, gint64 pid)
{
   return g_hash_table_lookup (status->sessions_by_pid, &pid);
}

char *
mmfg_smb_session_client_machine (const MmfgSmbSession *session)
{
   const char *name = session->remote_machine;
   const char *address = session->address;
   if (name != NULL && name[0] != '\0' && address != NULL &&
       g_ascii_strcasecmp (name, address) != 0)
      return g_strdup_printf ("%s (%s)", name, address);
   if (name != NULL && name[0] != '\0')
      return g_strdup (name);
   return g_strdup (address);
}
