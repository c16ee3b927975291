// plugin-fixture.c — the plugin under test, loaded (see plugin-fixture.h).

#include "plugin-fixture.h"

#include <dlfcn.h>
#include <glib.h>

const mig_plugin_entry *
plugin_fixture_entry (void)
{
   static const mig_plugin_entry *entry;
   if (entry != NULL)
      return entry;
   const char *path = g_getenv ("MMFG_PLUGIN");
   g_assert_nonnull (path);
   void *module = dlopen (path, RTLD_NOW | RTLD_LOCAL);
   if (module == NULL)
      g_error ("dlopen %s: %s", path, dlerror ());
   entry = dlsym (module, MIG_ENTRY_SYMBOL);
   g_assert_nonnull (entry);
   return entry;
}

const void *
plugin_fixture_hook (const char *id)
{
   const void *hook = plugin_fixture_entry ()->get_hook (id);
   if (hook == NULL)
      g_error ("the plugin offers no %s", id);
   return hook;
}
