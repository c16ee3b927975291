// bench-plugin.c — the plugin loaded and initialised the way a host does it.

#include "bench-plugin.h"

#include <dlfcn.h>
#include <string.h>

gboolean
bench_plugin_open (BenchPlugin *p, const char *path, const char *config,
                   GError **error)
{
   memset (p, 0, sizeof *p);
   p->module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
   if (p->module == NULL) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "cannot load %s: %s", path, dlerror ());
      return FALSE;
   }
   p->entry = dlsym (p->module, MIG_ENTRY_SYMBOL);
   if (p->entry == NULL) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "%s exports no %s",
                   path, MIG_ENTRY_SYMBOL);
      return FALSE;
   }
   p->host = (mig_host){
      .struct_size = sizeof (mig_host),
      .abi_major = MIG_ABI_VERSION_MAJOR,
      .abi_minor = MIG_ABI_VERSION_MINOR,
      .abi_revision = MIG_ABI_VERSION_REVISION,
      .name = "mmfguard-bench",
      .version = "1",
      .config_path = config,
   };
   char reason[512];
   int32_t rc = p->entry->init (&p->host, reason, sizeof reason);
   if (rc != MIG_OK) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "init of %s failed (%d): %s", path, rc, reason);
      return FALSE;
   }
   p->begin = p->entry->get_hook (MIG_HOOK_BATCH_BEGIN);
   p->end = p->entry->get_hook (MIG_HOOK_BATCH_END);
   p->pre_migrate = p->entry->get_hook (MIG_HOOK_PRE_MIGRATE);
   p->on_error = p->entry->get_hook (MIG_HOOK_ON_ERROR);
   p->catalog = p->entry->get_hook (MIG_HOOK_CATALOG);
   if (!p->begin || !p->end || !p->pre_migrate || !p->on_error || !p->catalog) {
      p->entry->deinit ();
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED,
                   "%s lacks one of the 1.0 hooks", path);
      return FALSE;
   }
   return TRUE;
}

void
bench_plugin_close (BenchPlugin *p)
{
   if (p->entry != NULL)
      p->entry->deinit ();
   p->entry = NULL;
}

void
bench_answer_init (mig_answer *a, char *text, uint32_t text_size)
{
   memset (a, 0, sizeof *a);
   a->struct_size = sizeof *a;
   a->text = text;
   a->text_size = text_size;
}
