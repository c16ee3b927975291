// plugin-loader.c — loading a plugin and checking its entry point.

#include "plugin-host/plugin-loader.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <gmodule.h>
#include <string.h>

struct MhPlugin {
   char *path;
   GModule *module;
   const mig_plugin_entry *entry;
   const void *hooks[MH_FN_N_HOOKS];
   gboolean initialised;
};

const char *
mh_status_name (int32_t status)
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
mh_plugin_installed_path (void)
{
   return MIG_PLUGIN_INSTALLED_PATH;
}

gboolean
mh_plugin_locate (char **path, MhPluginOrigin *origin, GError **error)
{
   MhPluginOrigin from = MH_PLUGIN_FROM_OPTION;
   if (*path == NULL) {
      const char *env = g_getenv (MH_PLUGIN_ENV);
      if (env != NULL && env[0] != '\0') {
         if (!g_file_test (env, G_FILE_TEST_IS_REGULAR)) {
            g_autofree char *shown = mh_display_path (env);
            g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                         _ ("cannot load plugin %s (from $%s): %s; correct or "
                            "unset %s, or give --plugin FILE"),
                         shown, MH_PLUGIN_ENV,
                         g_file_test (env, G_FILE_TEST_EXISTS)
                            ? _ ("not a regular file")
                            : _ ("no such file"),
                         MH_PLUGIN_ENV);
            return FALSE;
         }
         *path = g_strdup (env);
         from = MH_PLUGIN_FROM_ENVIRONMENT;
      } else if (g_file_test (MIG_PLUGIN_INSTALLED_PATH, G_FILE_TEST_EXISTS)) {
         *path = g_strdup (MIG_PLUGIN_INSTALLED_PATH);
         from = MH_PLUGIN_FROM_INSTALLED;
      } else {
         g_autofree char *shown = mh_display_path (MIG_PLUGIN_INSTALLED_PATH);
         g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                      _ ("no plugin: give --plugin FILE or set %s=FILE; the "
                         "installed plugin %s is not there (is mmfguard "
                         "installed?)"),
                      MH_PLUGIN_ENV, shown);
         return FALSE;
      }
   }
   if (origin != NULL)
      *origin = from;
   return TRUE;
}

const char *
mh_plugin_origin_describe (MhPluginOrigin origin)
{
   switch (origin) {
   case MH_PLUGIN_FROM_ENVIRONMENT:
      // MH_PLUGIN_ENV spelled out: a translated text is one literal.
      return N_ ("from $MIG_PLUGIN");
   case MH_PLUGIN_FROM_INSTALLED:
      return N_ ("installed with mig-host");
   case MH_PLUGIN_FROM_OPTION:
   default:
      return N_ ("from the command line");
   }
}

static gboolean
check_file (const char *path, const char *shown, GError **error)
{
   if (g_file_test (path, G_FILE_TEST_IS_REGULAR))
      return TRUE;
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                _ ("cannot load plugin %s: %s; give the path of the plugin's "
                   "shared object, eg: build/plugin/mmfguard.so"),
                shown,
                g_file_test (path, G_FILE_TEST_EXISTS)
                   ? _ ("not a regular file")
                   : _ ("no such file"));
   return FALSE;
}

// Checks what must hold before anything in the plugin is called.
static gboolean
check_entry (const mig_plugin_entry *entry, const char *shown, GError **error)
{
   if (entry->struct_size < offsetof (mig_plugin_entry, abi_minor)) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                   _ ("cannot load plugin %s: its entry point is %u bytes, too "
                      "small to hold a version; it is not a mig plugin or is "
                      "broken: rebuild it against mig-plugin.h"),
                   shown, entry->struct_size);
      return FALSE;
   }
   if (entry->abi_major != MIG_ABI_VERSION_MAJOR) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_VERSION,
                   _ ("cannot load plugin %s: it was built for plugin ABI %u, "
                      "mig-host speaks ABI %d.%d; use a plugin built against "
                      "mig-plugin.h %d.x or a mig-host of the plugin's ABI"),
                   shown, entry->abi_major, MIG_ABI_VERSION_MAJOR,
                   MIG_ABI_VERSION_MINOR, MIG_ABI_VERSION_MAJOR);
      return FALSE;
   }
   if (!MIG_HAS_FIELD (entry, mig_plugin_entry, get_hook)) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
         _ ("cannot load plugin %s: its entry point is %u bytes, "
            "smaller than ABI 1.0's %zu; the plugin is broken: rebuild "
            "it against mig-plugin.h"),
         shown, entry->struct_size, sizeof (mig_plugin_entry));
      return FALSE;
   }
   if (entry->init == NULL || entry->deinit == NULL ||
       entry->get_hook == NULL || entry->id == NULL || entry->name == NULL ||
       entry->version == NULL || entry->description == NULL) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
         _ ("cannot load plugin %s: its entry point leaves a required "
            "field NULL (init, deinit, get_hook, id, name, version and "
            "description must be set); the plugin is broken"),
         shown);
      return FALSE;
   }
   return TRUE;
}

// The entry point's own functions, called through libffi like every hook.
// (plugin-calls.h has the same calls for validate and the tests; the loader
// sits below it and calls the dispatcher itself.)
static const void *
entry_get_hook (const MhPlugin *plugin, const char *id)
{
   void *args[] = {&id};
   MhFfiResult result;
   if (!mh_dispatch_call (MH_FN_get_hook, plugin->entry, args, &result))
      return NULL;
   return mh_ffi_result_ptr (&result);
}

static int32_t
entry_init (const MhPlugin *plugin, const mig_host *host, char *error,
            uint32_t error_size)
{
   void *args[] = {&host, &error, &error_size};
   MhFfiResult result;
   if (!mh_dispatch_call (MH_FN_init, plugin->entry, args, &result))
      return MIG_ERR_INTERNAL;
   return mh_ffi_result_i32 (&result);
}

// Asks for every id of the hook table. A struct whose function is NULL is
// treated as not offered: calling it would crash the host.
static void
look_up_hooks (MhPlugin *plugin)
{
   for (unsigned i = 0; i < MH_FN_N_HOOKS; i++) {
      MhFn fn = MH_FN_FIRST_HOOK + i;
      const MhFnInfo *info = mh_fn_info (fn);
      const void *hook = entry_get_hook (plugin, info->id);
      void (*function) (void) = NULL;
      if (hook != NULL)
         memcpy (&function, (const char *) hook + info->member_offset,
                 sizeof function);
      if (hook != NULL && function == NULL) {
         g_autofree char *shown = mh_display_path (plugin->path);
         g_warning ("plugin %s offers hook %s with a NULL function; "
                    "mig-host ignores the hook (the plugin is broken)",
                    shown, info->id);
         hook = NULL;
      }
      plugin->hooks[i] = hook;
   }
}

MhPlugin *
mh_plugin_load (const char *path, GError **error)
{
   g_autofree char *shown = mh_display_path (path);
   if (!mh_dispatch_prepare (error) || !check_file (path, shown, error))
      return NULL;
   if (!g_module_supported ()) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                   _ ("cannot load plugin %s: this system cannot load modules"),
                   shown);
      return NULL;
   }
   // An absolute path, so that dlopen does not search the library path for
   // a bare file name.
   g_autofree char *absolute = g_canonicalize_filename (path, NULL);
   // No G_MODULE_BIND_LAZY: every symbol is bound at load time (RTLD_NOW).
   GModule *module = g_module_open (absolute, G_MODULE_BIND_LOCAL);
   if (module == NULL) {
      g_autofree char *why = mh_display_text (g_module_error (), -1, 0);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
                   _ ("cannot load plugin %s: %s; is it a shared object built "
                      "for this machine, with its libraries installed?"),
                   shown, why);
      return NULL;
   }
   gpointer symbol = NULL;
   if (!g_module_symbol (module, MIG_ENTRY_SYMBOL, &symbol) || symbol == NULL) {
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD,
         _ ("cannot load plugin %s: it exports no symbol \"%s\", so it "
            "is not a mig plugin; give the plugin's .so, built against "
            "mig-plugin.h"),
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

   MhPlugin *plugin = g_new0 (MhPlugin, 1);
   plugin->path = g_strdup (path);
   plugin->module = module;
   plugin->entry = entry;
   look_up_hooks (plugin);
   return plugin;
}

void
mh_plugin_free (MhPlugin *plugin)
{
   if (plugin == NULL)
      return;
   mh_plugin_deinit (plugin);
   // The module is resident: closing drops our reference, never the code.
   g_module_close (plugin->module);
   g_free (plugin->path);
   g_free (plugin);
}

const char *
mh_plugin_path (const MhPlugin *plugin)
{
   return plugin->path;
}

const mig_plugin_entry *
mh_plugin_entry_of (const MhPlugin *plugin)
{
   return plugin->entry;
}

const void *
mh_plugin_hook (const MhPlugin *plugin, MhFn fn)
{
   if (fn < MH_FN_FIRST_HOOK || fn >= MH_FN_COUNT)
      return NULL;
   return plugin->hooks[fn - MH_FN_FIRST_HOOK];
}

gboolean
mh_plugin_init (MhPlugin *plugin, const mig_host *host, GError **error)
{
   if (plugin->initialised)
      return TRUE;
   char reason[4096] = "";
   int32_t status = entry_init (plugin, host, reason, sizeof reason);
   reason[sizeof reason - 1] = '\0'; // a broken plugin may not terminate it
   if (status != MIG_OK) {
      g_autofree char *shown = mh_display_path (plugin->path);
      g_autofree char *why =
         mh_display_text (reason[0] != '\0' ? reason : "it gave no reason", -1,
                          MH_DISPLAY_KEEP_LINES);
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INIT,
                   _ ("plugin %s refused to initialise (%s): %s"), shown,
                   mh_status_name (status), why);
      return FALSE;
   }
   plugin->initialised = TRUE;
   // Hooks are valid until the last deinit(); ask again now that the plugin
   // is initialised, in case it offers more.
   look_up_hooks (plugin);
   return TRUE;
}

void
mh_plugin_deinit (MhPlugin *plugin)
{
   if (!plugin->initialised)
      return;
   mh_dispatch_call (MH_FN_deinit, plugin->entry, NULL, NULL);
   plugin->initialised = FALSE;
}
