// file-server.c — see file-server.h: the answers of a file server, as
// both platforms' ways of asking write them (the helper protocol described
// in smb-open-files-posix.c), read into MmfgServerFiles, and looked up by
// path. Asking is the platform's: file-server-posix.c (Linux, through the
// helper) and file-server-windows.c (netapi32).

#include "file-server.h"

#include <jansson.h>
#include <string.h>

static void
json_unref (json_t *json)
{
   json_decref (json);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (json_t, json_unref)

void
mmfg_server_files_free (MmfgServerFiles *files)
{
   if (files == NULL)
      return;
   g_free (files->answer);
   g_free (files->share_path);
   g_clear_pointer (&files->opens, g_hash_table_unref);
   g_free (files);
}

static void
server_open_free (MmfgServerOpen *open)
{
   g_free (open->user);
   g_free (open->client);
   g_free (open);
}

char *
mmfg_server_path_key (const char *server_path)
{
   g_autofree char *slashed = g_strdup (server_path);
   g_strdelimit (slashed, "/", '\\');
   if (g_utf8_validate (slashed, -1, NULL))
      return g_utf8_casefold (slashed, -1);
   return g_ascii_strdown (slashed, -1);
}

static MmfgLockUnknown
status_of (const char *status)
{
   static const struct {
      const char *name;
      MmfgLockUnknown reason;
   } statuses[] = {
      {"ok", MMFG_LOCK_UNKNOWN_NONE},
      {"unreachable", MMFG_LOCK_UNKNOWN_SERVER_UNREACHABLE},
      {"logon-refused", MMFG_LOCK_UNKNOWN_SERVER_LOGON_REFUSED},
      {"access-denied", MMFG_LOCK_UNKNOWN_SERVER_ACCESS_DENIED},
      {"no-such-share", MMFG_LOCK_UNKNOWN_SERVER_NO_SUCH_SHARE},
   };
   for (gsize i = 0; status != NULL && i < G_N_ELEMENTS (statuses); i++)
      if (strcmp (statuses[i].name, status) == 0)
         return statuses[i].reason;
   return MMFG_LOCK_UNKNOWN_SERVER_FAILED;
}

static void
add_open (GHashTable *opens, json_t *file)
{
   const char *path = json_string_value (json_object_get (file, "path"));
   if (path == NULL || *path == '\0')
      return;
   MmfgServerOpen *open = g_new0 (MmfgServerOpen, 1);
   const char *user = json_string_value (json_object_get (file, "user"));
   open->user = user && *user ? g_strdup (user) : NULL;
   open->id = (guint32) json_integer_value (json_object_get (file, "id"));
   open->locks = (guint32) json_integer_value (json_object_get (file, "locks"));
   open->permissions =
      (guint32) json_integer_value (json_object_get (file, "permissions"));
   // From the server's sessions, where the way of asking lists them
   // (file-server-windows.c): optional.
   const char *client = json_string_value (json_object_get (file, "client"));
   open->client = client && *client ? g_strdup (client) : NULL;
   json_t *session_s = json_object_get (file, "session_s");
   json_t *idle_s = json_object_get (file, "idle_s");
   open->session_s =
      json_is_integer (session_s) ? json_integer_value (session_s) : -1;
   open->idle_s = json_is_integer (idle_s) ? json_integer_value (idle_s) : -1;
   char *key = mmfg_server_path_key (path);
   GPtrArray *same = g_hash_table_lookup (opens, key);
   if (same == NULL) {
      same = g_ptr_array_new_with_free_func ((GDestroyNotify) server_open_free);
      g_hash_table_insert (opens, key, same);
   } else {
      g_free (key);
   }
   g_ptr_array_add (same, open);
}

MmfgServerFiles *
mmfg_server_files_new (void)
{
   MmfgServerFiles *files = g_new0 (MmfgServerFiles, 1);
   files->opens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                         (GDestroyNotify) g_ptr_array_unref);
   return files;
}

void
mmfg_server_files_read (MmfgServerFiles *files, const char *line, gsize len)
{
   json_error_t error;
   g_autoptr (json_t) reply = json_loadb (line, len, 0, &error);
   const char *status = json_string_value (json_object_get (reply, "status"));
   files->status = status_of (status);
   if (status == NULL) {
      files->answer =
         g_strdup_printf ("the helper's answer is not understood: %s",
                          reply ? "no status" : error.text);
      return;
   }
   if (files->status != MMFG_LOCK_UNKNOWN_NONE) {
      const char *answer =
         json_string_value (json_object_get (reply, "answer"));
      files->answer = g_strdup (answer && *answer ? answer : status);
      return;
   }
   const char *share_path =
      json_string_value (json_object_get (reply, "share_path"));
   files->share_path = g_strdup (share_path ? share_path : "");
   json_t *list = json_object_get (reply, "files");
   if (!json_is_array (list)) {
      files->status = MMFG_LOCK_UNKNOWN_SERVER_FAILED;
      files->answer = g_strdup ("the helper's answer has no list of files");
      return;
   }
   size_t i;
   json_t *file;
   json_array_foreach (list, i, file)
      add_open (files->opens, file);
}

const GPtrArray *
mmfg_server_files_find (const MmfgServerFiles *files, const char *server_path)
{
   if (files == NULL || files->opens == NULL || server_path == NULL)
      return NULL;
   g_autofree char *key = mmfg_server_path_key (server_path);
   return g_hash_table_lookup (files->opens, key);
}

MmfgServerFiles *
mmfg_server_files_parse (const char *answer, gsize len)
{
   MmfgServerFiles *files = mmfg_server_files_new ();
   mmfg_server_files_read (files, answer, len);
   return files;
}

void
mmfg_server_folder_free (MmfgServerFolder *folder)
{
   if (folder == NULL)
      return;
   g_free (folder->problem);
   g_ptr_array_unref (folder->entries);
   g_free (folder);
}

static void
server_entry_free (MmfgServerEntry *e)
{
   g_free (e->name);
   g_free (e);
}

static gboolean
entry_type_of (const char *type, MmfgServerEntryType *out)
{
   static const struct {
      const char *name;
      MmfgServerEntryType type;
   } types[] = {
      {"file", MMFG_SERVER_ENTRY_FILE},
      {"directory", MMFG_SERVER_ENTRY_DIRECTORY},
      {"link", MMFG_SERVER_ENTRY_LINK},
      {"other", MMFG_SERVER_ENTRY_OTHER},
   };
   for (gsize i = 0; type != NULL && i < G_N_ELEMENTS (types); i++)
      if (strcmp (types[i].name, type) == 0) {
         *out = types[i].type;
         return TRUE;
      }
   return FALSE;
}

MmfgServerFolder *
mmfg_server_folder_parse (const char *answer, gsize len)
{
   MmfgServerFolder *folder = g_new0 (MmfgServerFolder, 1);
   folder->entries =
      g_ptr_array_new_with_free_func ((GDestroyNotify) server_entry_free);
   json_error_t error;
   g_autoptr (json_t) reply = json_loadb (answer, len, 0, &error);
   const char *status = json_string_value (json_object_get (reply, "status"));
   if (status == NULL) {
      folder->problem =
         g_strdup_printf ("the helper's answer is not understood: %s",
                          reply ? "no status" : error.text);
      return folder;
   }
   if (strcmp (status, "ok") != 0) {
      const char *text = json_string_value (json_object_get (reply, "answer"));
      folder->problem = g_strdup (text && *text ? text : status);
      return folder;
   }
   json_t *list = json_object_get (reply, "entries");
   size_t i;
   json_t *item;
   if (!json_is_array (list)) {
      folder->problem = g_strdup ("the helper's answer has no entries");
      return folder;
   }
   json_array_foreach (list, i, item) {
      const char *name = NULL, *type = NULL;
      json_int_t size = 0, mtime = 0, ctime = 0;
      MmfgServerEntryType kind;
      if (json_unpack (item, "{s:s, s:I, s:I, s:I, s:s}", "name", &name, "size",
                       &size, "mtime", &mtime, "ctime", &ctime, "type",
                       &type) != 0 ||
          *name == '\0' || !entry_type_of (type, &kind)) {
         g_ptr_array_set_size (folder->entries, 0);
         folder->problem =
            g_strdup_printf ("entry %zu of the helper's listing is not "
                             "understood",
                             i);
         return folder;
      }
      MmfgServerEntry *e = g_new0 (MmfgServerEntry, 1);
      e->name = g_strdup (name);
      e->size = size;
      e->mtime = mtime;
      e->ctime = ctime;
      e->type = kind;
      // Optional: a helper or server that gives no file id leaves it 0.
      json_t *id = json_object_get (item, "file_id");
      if (json_is_integer (id) && json_integer_value (id) != 0)
         e->file_id = (guint64) json_integer_value (id);
      g_ptr_array_add (folder->entries, e);
   }
   return folder;
}
