// plugin-loader.c — loading a plugin and checking its entry point.

#include "plugin-loader.h"

#include "display-text.h"
#include "host-error.h"
#include "plugin-calls.h"

#include <gmodule.h>
#include <string.h>

struct MigPlugin {
   char *path;
   GModule *module;
   const mig_plugin_entry *entry;
   const void *hooks[MIG_FN_N_HOOKS];
   gboolean initialised;
};

const char *
mig_status_name (int32_t status)
{
   switch (status) {
   case MIG_OK:
      return "MIG_OK";
   case MIG_ERR_INVALID_ARGUMENT:
      return "MIG_ERR_INVALID_ARGUMENT";
   case MIG_ERR_VERSION:
      return "MIG_ERR_VERSION";
   case MIG_ERR_NOT_INITIALISED:
      return "MIG_ERR_NOT_INITIALISED";
   case MIG_ERR_CONFIG:
      return "MIG_ERR_CONFIG";
   case MIG_ERR_RANGE:
      return "MIG_ERR_RANGE";
   case MIG_ERR_INTERNAL:
      return "MIG_ERR_INTERNAL";
   default:
      return "unknown error";
   }
}

const char *
mig_plugin_installed_path (void)
{
   return MIG_PLUGIN_INSTALLED_PATH;
}

gboolean
mig_plugin_locate (char **path, MigPluginOrigin *origin, GError **error)
{
   MigPluginOrigin from = MIG_PLUGIN_FROM_OPTION;
   if (*path == NULL) {
      const char *env = g_getenv (MIG_PLUGIN_ENV);
      if (env != NULL && env[0] != '\0') {
         if (!g_file_test (env, G_FILE_TEST_IS_REGULAR)) {
            g_autofree char *shown = mig_display_path (env);
            g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                         "cannot load plugin %s (from $%s): %s; correct or "
                         "unset %s, or give --plugin FILE", shown,
                         MIG_PLUGIN_ENV,
                         g_file_test (env, G_FILE_TEST_EXISTS)
                            ? "not a regular file" : "no such file",
                         MIG_PLUGIN_ENV);
            return FALSE;
         }
         *path = g_strdup (env);
         from = MIG_PLUGIN_FROM_ENVIRONMENT;
      } else if (g_file_test (MIG_PLUGIN_INSTALLED_PATH, G_FILE_TEST_EXISTS)) {
         *path = g_strdup (MIG_PLUGIN_INSTALLED_PATH);
         from = MIG_PLUGIN_FROM_INSTALLED;
      } else {
         g_autofree char *shown = mig_display_path (MIG_PLUGIN_INSTALLED_PATH);
         g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_USAGE,
                      "no plugin: give --plugin FILE or set %s=FILE; the "
                      "installed plugin %s is not there (is mmfguard "
                      "installed?)", MIG_PLUGIN_ENV, shown);
         return FALSE;
      }
   }
   if (origin != NULL)
      *origin = from;
   return TRUE;
}

const char *
mig_plugin_origin_describe (MigPluginOrigin origin)
{
   switch (origin) {
   case MIG_PLUGIN_FROM_ENVIRONMENT:
      return "from $" MIG_PLUGIN_ENV;
   case MIG_PLUGIN_FROM_INSTALLED:
      return "installed with mig-host";
   case MIG_PLUGIN_FROM_OPTION:
   default:
      return "from the command line";
   }
}

static gboolean
check_file (const char *path, const char *shown, GError **error)
{
   if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return TRUE;
   g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                "cannot load plugin %s: %s; give the path of the plugin's "
                "shared object, eg: build/plugin/mmfguard.so",
                shown,
                g_file_test (path, G_FILE_TEST_EXISTS) ? "not a regular file"
                                                       : "no such file");
   return FALSE;
}

// Checks what must hold before anything in the plugin is called.
static gboolean
check_entry (const mig_plugin_entry *entry, const char *shown, GError **error)
{
   if (entry->struct_size < offsetof (mig_plugin_entry, abi_minor)) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "cannot load plugin %s: its entry point is %u bytes, too "
                   "small to hold a version; it is not a mig plugin or is "
                   "broken: rebuild it against mig-plugin.h",
                   shown, entry->struct_size);
      return FALSE;
   }
   if (entry->abi_major != MIG_ABI_VERSION_MAJOR) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_VERSION,
                   "cannot load plugin %s: it was built for plugin ABI %u, "
                   "mig-host speaks ABI %d.%d; use a plugin built against "
                   "mig-plugin.h %d.x or a mig-host of the plugin's ABI",
                   shown, entry->abi_major, MIG_ABI_VERSION_MAJOR,
                   MIG_ABI_VERSION_MINOR, MIG_ABI_VERSION_MAJOR);
      return FALSE;
   }
   if (!MIG_HAS_FIELD (entry, mig_plugin_entry, get_hook)) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "cannot load plugin %s: its entry point is %u bytes, "
                   "smaller than ABI 1.0's %zu; the plugin is broken: rebuild "
                   "it against mig-plugin.h",
                   shown, entry->struct_size, sizeof (mig_plugin_entry));
      return FALSE;
   }
   if (entry->init == NULL || entry->deinit == NULL ||
       entry->get_hook == NULL || entry->id == NULL || entry->name == NULL ||
       entry->version == NULL || entry->description == NULL) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "cannot load plugin %s: its entry point leaves a required "
                   "field NULL (init, deinit, get_hook, id, name, version and "
                   "description must be set); the plugin is broken",
                   shown);
      return FALSE;
   }
   return TRUE;
}

// Asks for every id of the hook table. A struct whose function is NULL is
// treated as not offered: calling it would crash the host.
static void
look_up_hooks (MigPlugin *plugin)
{
   for (unsigned i = 0; i < MIG_FN_N_HOOKS; i++) {
      MigFn fn = MIG_FN_FIRST_HOOK + i;
      const MigFnInfo *info = mig_fn_info (fn);
      const void *hook = mig_call_get_hook (plugin, info->id);
      void (*function) (void) = NULL;
      if (hook != NULL)
         memcpy (&function, (const char *) hook + info->member_offset,
                 sizeof function);
      if (hook != NULL && function == NULL) {
         g_autofree char *shown = mig_display_path (plugin->path);
         g_warning ("plugin %s offers hook %s with a NULL function; "
                    "mig-host ignores the hook (the plugin is broken)",
                    shown, info->id);
         hook = NULL;
      }
      plugin->hooks[i] = hook;
   }
}

MigPlugin *
mig_plugin_load (const char *path, GError **error)
{
   g_autofree char *shown = mig_display_path (path);
   if (!mig_dispatch_prepare (error) || !check_file (path, shown, error))
      return NULL;
   if (!g_module_supported ()) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "cannot load plugin %s: this system cannot load modules",
                   shown);
      return NULL;
   }
   // An absolute path, so that dlopen does not search the library path for
   // a bare file name.
   g_autofree char *absolute = g_canonicalize_filename (path, NULL);
   // No G_MODULE_BIND_LAZY: every symbol is bound at load time (RTLD_NOW).
   GModule *module = g_module_open (absolute, G_MODULE_BIND_LOCAL);
   if (module == NULL) {
      g_autofree char *why = mig_display_text (g_module_error (), -1, 0);
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "cannot load plugin %s: %s; is it a shared object built "
                   "for this machine, with its libraries installed?",
                   shown, why);
      return NULL;
   }
   gpointer symbol = NULL;
   if (!g_module_symbol (module, MIG_ENTRY_SYMBOL, &symbol) || symbol == NULL) {
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_LOAD,
                   "cannot load plugin %s: it exports no symbol \"%s\", so it "
                   "is not a mig plugin; give the plugin's .so, built against "
                   "mig-plugin.h",
                   shown, MIG_ENTRY_SYMBOL);
      g_module_close (module);
      return NULL;
   }
   const mig_plugin_entry *entry = symbol;
   if (!check_entry (entry, shown, error)) {
      g_module_close (module);
      return NULL;
   }
   g_module_make_resident (module);

   MigPlugin *plugin = g_new0 (MigPlugin, 1);
   plugin->path = g_strdup (path);
   plugin->module = module;
   plugin->entry = entry;
   look_up_hooks (plugin);
   return plugin;
}

void
mig_plugin_free (MigPlugin *plugin)
{
   if (plugin == NULL)
      return;
   mig_plugin_deinit (plugin);
   // The module is resident: closing drops our reference, never the code.
   g_module_close (plugin->module);
   g_free (plugin->path);
   g_free (plugin);
}

const char *
mig_plugin_path (const MigPlugin *plugin)
{
   return plugin->path;
}

const mig_plugin_entry *
mig_plugin_entry_of (const MigPlugin *plugin)
{
   return plugin->entry;
}

const void *
mig_plugin_hook (const MigPlugin *plugin, MigFn fn)
{
   if (fn < MIG_FN_FIRST_HOOK || fn >= MIG_FN_COUNT)
      return NULL;
   return plugin->hooks[fn - MIG_FN_FIRST_HOOK];
}

gboolean
mig_plugin_init (MigPlugin *plugin, const mig_host *host, GError **error)
{
   if (plugin->initialised)
      return TRUE;
   char reason[4096] = "";
   int32_t status = mig_call_init (plugin, host, reason, sizeof reason);
   reason[sizeof reason - 1] = '\0'; // a broken plugin may not terminate it
   if (status != MIG_OK) {
      g_autofree char *shown = mig_display_path (plugin->path);
      g_autofree char *why = mig_display_text (
         reason[0] != '\0' ? reason : "it gave no reason", -1,
         MIG_DISPLAY_KEEP_LINES);
      g_set_error (error, MIG_HOST_ERROR, MIG_HOST_ERROR_INIT,
                   "plugin %s refused to initialise (%s): %s", shown,
                   mig_status_name (status), why);
      return FALSE;
   }
   plugin->initialised = TRUE;
   // Hooks are valid until the last deinit(); ask again now that the plugin
   // is initialised, in case it offers more.
   look_up_hooks (plugin);
   return TRUE;
}

void
mig_plugin_deinit (MigPlugin *plugin)
{
   if (!plugin->initialised)
      return;
   mig_call_deinit (plugin);
   plugin->initialised = FALSE;
}
