// description-owners-linux.c — finds the processes behind OFD locks
// through fdinfo.

#include "description-owners.h"

#include <string.h>

#include "proc-locks.h"

gboolean
mmfg_description_owned (MmfgProcLockKind kind)
{
   return kind == MMFG_PROC_LOCK_OFD || kind == MMFG_PROC_LOCK_FLOCK ||
          kind == MMFG_PROC_LOCK_LEASE;
}

void
mmfg_description_owners_parse_fdinfo (const char *fdinfo_text, gint64 pid,
                                      GArray *owners)
{
   const char *line = fdinfo_text;
   while (line != NULL && *line != '\0') {
      const char *newline = strchr (line, '\n');
      gsize len = newline ? (gsize) (newline - line) : strlen (line);
      MmfgProcLock lock;
      if (g_str_has_prefix (line, "lock:") &&
          mmfg_proc_locks_parse_line (line + 5, len - 5, &lock) &&
          mmfg_description_owned (lock.kind)) {
         MmfgDescriptionOwner owner = {lock.kind, pid, lock.major, lock.minor,
                                       lock.inode};
         g_array_append_val (owners, owner);
      }
      line = newline ? newline + 1 : NULL;
   }
}

static gboolean
is_pid_name (const char *name)
{
   for (const char *p = name; *p != '\0'; p++)
      if (!g_ascii_isdigit (*p))
         return FALSE;
   return name[0] != '\0';
}

static void
scan_process (const char *proc_root, const char *pid_name, GArray *owners)
{
   g_autofree char *dir_path =
      g_build_filename (proc_root, pid_name, "fdinfo", NULL);
   g_autoptr (GDir) dir = g_dir_open (dir_path, 0, NULL);
   if (dir == NULL)
      return; // exited, or not ours to read
   gint64 pid = g_ascii_strtoll (pid_name, NULL, 10);
   const char *fd_name;
   while ((fd_name = g_dir_read_name (dir)) != NULL) {
      g_autofree char *path = g_build_filename (dir_path, fd_name, NULL);
      g_autofree char *text = NULL;
      if (g_file_get_contents (path, &text, NULL, NULL))
         mmfg_description_owners_parse_fdinfo (text, pid, owners);
   }
}

static gboolean
already_listed (GArray *list, const MmfgDescriptionOwner *owner)
{
   for (guint i = 0; i < list->len; i++) {
      const MmfgDescriptionOwner *o =
         &g_array_index (list, MmfgDescriptionOwner, i);
      if (o->pid == owner->pid && o->kind == owner->kind &&
          o->major == owner->major && o->minor == owner->minor)
         return TRUE;
   }
   return FALSE;
}

static void
index_owners (GArray *owners, GHashTable *inodes, GHashTable *by_inode)
{
   for (guint i = 0; i < owners->len; i++) {
      const MmfgDescriptionOwner *owner =
         &g_array_index (owners, MmfgDescriptionOwner, i);
      if (!g_hash_table_contains (inodes, &owner->inode))
         continue;
      GArray *list = g_hash_table_lookup (by_inode, &owner->inode);
      if (list == NULL) {
         list = g_array_new (FALSE, FALSE, sizeof (MmfgDescriptionOwner));
         g_hash_table_insert (
            by_inode, g_memdup2 (&owner->inode, sizeof owner->inode), list);
      }
      if (!already_listed (list, owner))
         g_array_append_val (list, *owner);
   }
}

GHashTable *
mmfg_description_owners_scan (const char *proc_root, GHashTable *inodes)
{
   GHashTable *by_inode = g_hash_table_new_full (
      g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) g_array_unref);
   g_autoptr (GDir) proc = g_dir_open (proc_root, 0, NULL);
   if (proc == NULL)
      return by_inode;
   g_autoptr (GArray) owners =
      g_array_new (FALSE, FALSE, sizeof (MmfgDescriptionOwner));
   const char *name;
   while ((name = g_dir_read_name (proc)) != NULL)
      if (is_pid_name (name))
         scan_process (proc_root, name, owners);
   index_owners (owners, inodes, by_inode);
   return by_inode;
}
