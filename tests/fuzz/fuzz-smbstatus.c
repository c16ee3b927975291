// fuzz-smbstatus.c — `smbstatus -B --json` output (smbstatus.h) over any
// bytes, and every query the lock probe makes of the result. The JSON carries
// names a remote SMB client chose (user, machine, file paths).

#include "fuzz-target.h"

#include <glib.h>

#include "smbstatus.h"

// What lock-probe-linux.c does with a file's opens and range locks: is it
// held, and by which session on which machine.
static void
query_holder (const MmfgSmbStatus *status, gint64 pid)
{
   const MmfgSmbSession *session = mmfg_smbstatus_session (status, pid);
   if (session == NULL)
      return;
   FUZZ_CHECK (session->pid == pid);
   g_autofree char *machine = mmfg_smb_session_client_machine (session);
   (void) machine;
}

static void
query_file (const MmfgSmbStatus *status, const MmfgSmbFile *file)
{
   FUZZ_CHECK (file->path != NULL);
   FUZZ_CHECK (g_hash_table_lookup (status->files_by_path, file->path) == file);
   const GPtrArray *same =
      mmfg_smbstatus_files_with_inode (status, file->inode);
   FUZZ_CHECK (same != NULL);
   gboolean listed = FALSE;
   for (guint i = 0; i < same->len; i++)
      listed = listed || g_ptr_array_index (same, i) == file;
   FUZZ_CHECK (listed);

   for (guint i = 0; i < file->opens->len; i++) {
      const MmfgSmbOpen *open = &g_array_index (file->opens, MmfgSmbOpen, i);
      (void) mmfg_smb_open_is_hold (open);
      query_holder (status, open->pid);
   }
   for (guint i = 0; i < file->range_locks->len; i++)
      query_holder (status,
                    g_array_index (file->range_locks, MmfgSmbRangeLock, i).pid);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSmbStatus) status =
      mmfg_smbstatus_parse ((const char *) data, size, &error);
   if (status == NULL) {
      FUZZ_CHECK (error != NULL && error->domain == MMFG_SMBSTATUS_ERROR);
      return 0;
   }
   FUZZ_CHECK (error == NULL);
   for (guint i = 0; i < status->files->len; i++)
      query_file (status, g_ptr_array_index (status->files, i));
   return 0;
}
