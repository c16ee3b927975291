// file-facts-posix.c — file-facts.h on POSIX systems: what stands at a
// path, from lstat()/stat(), and whether a folder is writable, from
// statvfs() and access().

#include "file-facts.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

// The file type as stat(1) names it (%F): a technical value, worded around
// by the catalog in each language.
static const char *
kind_of (mode_t mode)
{
   if (S_ISFIFO (mode))
      return "fifo";
   if (S_ISCHR (mode))
      return "character special file";
   if (S_ISBLK (mode))
      return "block special file";
   if (S_ISDIR (mode))
      return "directory";
   if (S_ISSOCK (mode))
      return "socket";
   return "weird file";
}

void
mmfg_file_facts_at (const char *path, MmfgMmfFacts *out)
{
   struct stat st;
   if (fstatat (AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      out->state = errno == ENOENT ? MMFG_MMF_MISSING : MMFG_MMF_UNREADABLE;
      out->error_number = errno;
      return;
   }
   // A link is a finding of its own, wherever it points (a dangling one
   // too): what the wizard or a copy would read is not the file named, and
   // the host's copy refuses to follow it. The link's own facts are kept.
   if (S_ISLNK (st.st_mode)) {
      out->state = MMFG_MMF_SYMLINK;
      out->kind = "symbolic link";
      out->link_target = g_file_read_link (path, NULL);
      if (out->link_target == NULL)
         out->link_target = g_strdup ("?");
      out->dev = st.st_dev;
      out->ino = st.st_ino;
      out->mtime = st.st_mtim.tv_sec;
      out->ctime = st.st_ctim.tv_sec;
      return;
   }
   out->dev = st.st_dev;
   out->ino = st.st_ino;
   out->nlink = (guint64) st.st_nlink;
   out->size = st.st_size;
   out->mtime = st.st_mtim.tv_sec;
   out->ctime = st.st_ctim.tv_sec;
   if (!S_ISREG (st.st_mode)) {
      out->state = MMFG_MMF_NOT_REGULAR;
      out->kind = kind_of (st.st_mode);
   } else {
      out->state = st.st_size == 0 ? MMFG_MMF_EMPTY : MMFG_MMF_OK;
   }
}

char *
mmfg_folder_write_problem (const char *dir)
{
   struct stat st;
   struct statvfs vfs;
   // "path: the system's words", as the catalog expects.
   if (stat (dir, &st) != 0)
      return g_strdup_printf ("%s: %s", dir, g_strerror (errno));
   if (statvfs (dir, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
      return g_strdup_printf ("%s: %s", dir, g_strerror (EROFS));
   if ((st.st_mode & (S_IWUSR | S_IWGRP | S_IWOTH)) == 0 ||
       access (dir, W_OK) != 0)
      return g_strdup_printf ("%s: %s", dir, g_strerror (EACCES));
   return NULL;
}

gboolean
mmfg_folder_stamp (const char *dir, MmfgFolderStamp *out)
{
   struct stat st;
   if (stat (dir, &st) != 0)
      return FALSE;
   out->dev = (guint64) st.st_dev;
   out->ino = (guint64) st.st_ino;
   out->mtime_ns = (gint64) st.st_mtim.tv_sec * G_GINT64_CONSTANT (1000000000) +
                   st.st_mtim.tv_nsec;
   return TRUE;
}
