// process-info-linux.c — a process's program and user, from /proc.

#include "process-info.h"

#include <errno.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

// comm is cut at 15 bytes (TASK_COMM_LEN - 1); the executable's name is then
// the better answer when we may read it.
#define COMM_MAX 15

static char *
read_comm (const char *proc_dir)
{
   g_autofree char *path = g_build_filename (proc_dir, "comm", NULL);
   g_autofree char *text = NULL;
   if (!g_file_get_contents (path, &text, NULL, NULL))
      return NULL;
   g_strchomp (text);
   return text[0] != '\0' ? g_steal_pointer (&text) : NULL;
}

static char *
read_exe_basename (const char *proc_dir)
{
   g_autofree char *path = g_build_filename (proc_dir, "exe", NULL);
   g_autofree char *target = g_file_read_link (path, NULL);
   if (target == NULL)
      return NULL;
   // An unlinked executable reads "/usr/bin/foo (deleted)".
   char *deleted = g_strrstr (target, " (deleted)");
   if (deleted != NULL && deleted[strlen (" (deleted)")] == '\0')
      *deleted = '\0';
   return g_path_get_basename (target);
}

static char *
read_program (const char *proc_dir)
{
   g_autofree char *comm = read_comm (proc_dir);
   if (comm != NULL && strlen (comm) < COMM_MAX)
      return g_steal_pointer (&comm);
   g_autofree char *exe = read_exe_basename (proc_dir);
   if (exe != NULL && (comm == NULL || g_str_has_prefix (exe, comm)))
      return g_steal_pointer (&exe);
   return g_steal_pointer (&comm);
}

gint64
mmfg_process_status_effective_uid (const char *status_text)
{
   const char *line = status_text;
   while (line != NULL && *line != '\0') {
      if (g_str_has_prefix (line, "Uid:")) {
         // "Uid:\treal\teffective\tsaved\tfs". Only this line is split:
         // splitting the rest of the file cost ~0.2 M instructions a holder.
         const char *end = strchr (line, '\n');
         g_autofree char *uids = end != NULL
                                    ? g_strndup (line + 4, end - line - 4)
                                    : g_strdup (line + 4);
         g_auto (GStrv) fields = g_strsplit_set (uids, " \t", 0);
         guint seen = 0;
         for (guint i = 0; fields[i] != NULL; i++) {
            if (fields[i][0] == '\0')
               continue;
            guint64 uid;
            if (++seen == 2)
               return g_ascii_string_to_unsigned (fields[i], 10, 0, G_MAXUINT32,
                                                  &uid, NULL)
                         ? (gint64) uid
                         : -1;
         }
         return -1;
      }
      line = strchr (line, '\n');
      if (line != NULL)
         line++;
   }
   return -1;
}

static char *
user_name (uid_t uid)
{
   struct passwd pw, *found = NULL;
   char buffer[4096];
   if (getpwuid_r (uid, &pw, buffer, sizeof buffer, &found) == 0 &&
       found != NULL)
      return g_strdup (found->pw_name);
   return g_strdup_printf ("%u", (unsigned) uid);
}

static char *
read_unix_user (const char *proc_dir)
{
   g_autofree char *path = g_build_filename (proc_dir, "status", NULL);
   g_autofree char *text = NULL;
   if (!g_file_get_contents (path, &text, NULL, NULL))
      return NULL;
   gint64 uid = mmfg_process_status_effective_uid (text);
   return uid >= 0 ? user_name ((uid_t) uid) : NULL;
}

MmfgProcessInfo *
mmfg_process_info_read (const char *proc_root, gint64 pid)
{
   MmfgProcessInfo *info = g_new0 (MmfgProcessInfo, 1);
   info->pid = pid;
   if (pid <= 0)
      return info;
   g_autofree char *pid_text = g_strdup_printf ("%" G_GINT64_FORMAT, pid);
   g_autofree char *proc_dir = g_build_filename (proc_root, pid_text, NULL);
   info->alive = g_file_test (proc_dir, G_FILE_TEST_IS_DIR);
   if (!info->alive)
      return info;
   info->program = read_program (proc_dir);
   info->unix_user = read_unix_user (proc_dir);
   return info;
}

void
mmfg_process_info_free (MmfgProcessInfo *info)
{
   if (info == NULL)
      return;
   g_free (info->program);
   g_free (info->unix_user);
   g_free (info);
}
