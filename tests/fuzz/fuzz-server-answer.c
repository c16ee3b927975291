// fuzz-server-answer.c — the file server helper's answers (file-server.h)
// over any bytes: they carry paths and user names a file server chose, and
// decide whether an account's mail file is held.

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
   return 0;
}
