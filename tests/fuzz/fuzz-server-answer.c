// fuzz-server-answer.c — the file server helper's answers (file-server.h)
// over any bytes: they carry paths and user names a file server chose, and
// decide whether an account's mail file is held; and its folder listings,
// which decide what stands at each account's MMF.

#include "fuzz-target.h"

#include <glib.h>

#include "file-server.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   g_autoptr (MmfgServerFiles) files =
      mmfg_server_files_parse ((const char *) data, size);
   FUZZ_CHECK (files->status >= MMFG_LOCK_UNKNOWN_NONE &&
               files->status <= MMFG_LOCK_UNKNOWN_SERVER_FAILED);
   // An answer that was not understood is never "nobody holds anything".
   FUZZ_CHECK (files->status == MMFG_LOCK_UNKNOWN_NONE ||
               files->answer != NULL);
   FUZZ_CHECK (files->status != MMFG_LOCK_UNKNOWN_NONE ||
               files->share_path != NULL);
   GHashTableIter it;
   gpointer key, value;
   g_hash_table_iter_init (&it, files->opens);
   while (g_hash_table_iter_next (&it, &key, &value)) {
      const GPtrArray *opens = value;
      FUZZ_CHECK (opens->len > 0);
      FUZZ_CHECK (mmfg_server_files_find (files, key) == opens);
   }
   // The same bytes as the answer to a folder listing: one not understood,
   // in part or whole, is a problem and no entries, never a shorter list.
   g_autoptr (MmfgServerFolder) folder =
      mmfg_server_folder_parse ((const char *) data, size);
   FUZZ_CHECK (folder->problem == NULL || folder->entries->len == 0);
   for (guint i = 0; i < folder->entries->len; i++) {
      const MmfgServerEntry *e = folder->entries->pdata[i];
      FUZZ_CHECK (e->name != NULL && *e->name != '\0');
      FUZZ_CHECK (e->type >= MMFG_SERVER_ENTRY_FILE &&
                  e->type <= MMFG_SERVER_ENTRY_OTHER);
   }
   return 0;
}
