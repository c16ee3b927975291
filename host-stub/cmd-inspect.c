// cmd-inspect.c — `mig-host inspect PLUGIN`: what a plugin declares.
//
// The entry point's fields and ABI version, every hook id of the hook table
// and whether the plugin offers it, and its explanation catalog (catalog/1).

#include "cli.h"
#include "commands.h"
#include "display-text.h"
#include "plugin-session.h"

#include <string.h>

// More entries than this means a plugin that never says MIG_ERR_RANGE.
enum { MAX_CATALOG_ENTRIES = 100000 };

static void
print_field (const char *label, const char *value)
{
   g_autofree char *shown = mig_display_text (value, -1, MIG_DISPLAY_ONE_LINE);
   printf ("%-13s %s\n", label, shown);
}

static void
print_entry (const MigPlugin *plugin)
{
   const mig_plugin_entry *e = mig_plugin_entry_of (plugin);
   print_field ("Plugin:", mig_plugin_path (plugin));
   print_field ("Id:", e->id);
   print_field ("Name:", e->name);
   print_field ("Version:", e->version);
   print_field ("Description:", e->description);
   printf ("%-13s %u.%u.%u (mig-host: %d.%d.%d)\n", "ABI:", e->abi_major,
           e->abi_minor, e->abi_revision, MIG_ABI_VERSION_MAJOR,
           MIG_ABI_VERSION_MINOR, MIG_ABI_VERSION_REVISION);
   printf ("%-13s %u bytes (mig-host knows %zu)\n", "Entry size:",
           e->struct_size, sizeof (mig_plugin_entry));
}

static void
print_hooks (const MigPlugin *plugin)
{
   printf ("\nHooks:\n");
   for (unsigned i = 0; i < MIG_FN_N_HOOKS; i++) {
      MigFn fn = MIG_FN_FIRST_HOOK + i;
      printf ("  %-16s %s\n", mig_fn_info (fn)->id,
              mig_plugin_hook (plugin, fn) != NULL ? "offered" : "not offered");
   }
}

static char *
shown_array (const char *field, size_t size)
{
   return mig_display_text (field, (gssize) strnlen (field, size),
                            MIG_DISPLAY_ONE_LINE);
}
#define SHOWN(entry, member) shown_array ((entry).member, sizeof (entry).member)

// Returns FALSE when the plugin failed while listing.
static gboolean
print_catalog (const MigPlugin *plugin)
{
   printf ("\nCatalog:\n");
   if (mig_plugin_hook (plugin, MIG_FN_catalog) == NULL) {
      printf ("  (the plugin offers no %s)\n", MIG_HOOK_CATALOG);
      return TRUE;
   }
   printf ("  %-6s %-28s %-5s %-32s %s\n", "EVENT", "CAUSE", "LANG",
           "MESSAGE ID", "SUBJECT");
   for (uint32_t i = 0; i < MAX_CATALOG_ENTRIES; i++) {
      mig_catalog_entry entry;
      memset (&entry, 0, sizeof entry);
      entry.struct_size = sizeof entry;
      int32_t status = mig_call_catalog (plugin, i, &entry);
      if (status == MIG_ERR_RANGE) {
         printf ("  %u entries\n", i);
         return TRUE;
      }
      if (status != MIG_OK) {
         mig_cli_error ("inspect", "catalog entry %u: the plugin answered %s",
                        i, mig_status_name (status));
         return FALSE;
      }
      g_autofree char *cause = SHOWN (entry, cause);
      g_autofree char *lang = SHOWN (entry, lang);
      g_autofree char *id = SHOWN (entry, message_id);
      g_autofree char *subject = SHOWN (entry, subject);
      printf ("  %-6u %-28s %-5s %-32s %s\n", entry.event_id, cause, lang, id,
              subject);
   }
   mig_cli_error ("inspect", "the catalog did not end after %d entries; the "
                  "plugin never answers MIG_ERR_RANGE", MAX_CATALOG_ENTRIES);
   return FALSE;
}

int
mig_cmd_inspect (int argc, char **argv)
{
   g_autofree char *config = NULL;
   g_autofree char *locale = NULL;
   GOptionEntry options[] = {
      {"config", 0, 0, G_OPTION_ARG_FILENAME, &config,
       "The plugin's configuration file", "FILE"},
      {"locale", 0, 0, G_OPTION_ARG_FILENAME, &locale,
       "Language of the catalog's text (default: from the environment)", "L"},
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new ("PLUGIN");
   g_option_context_set_summary (
      context,
      "Shows what a plugin declares: its entry point and ABI version, every "
      "hook of the ABI's hook table and whether the plugin offers it, and its "
      "explanation catalog.\n\nExit status: 0 on success; 69 when the plugin "
      "cannot be loaded, 78 when it refuses its configuration, 64 usage (see "
      "the README).");
   g_option_context_add_main_entries (context, options, NULL);
   if (!mig_cli_parse (context, "inspect", &argc, &argv))
      return mig_cli_parse_failed_status ();
   if (argc != 2) {
      mig_cli_error ("inspect", "give exactly one plugin file, eg: mig-host "
                     "inspect build/plugin/mmfguard.so");
      return MIG_EXIT_USAGE;
   }

   g_autoptr (GError) error = NULL;
   g_autoptr (MigPlugin) plugin = mig_plugin_load (argv[1], &error);
   if (plugin == NULL)
      return mig_cli_fail ("inspect", error);
   print_entry (plugin);
   print_hooks (plugin);
   fflush (stdout);

   // The catalog's hook answers only after init(); load it again through a
   // session (the module is resident, so this costs nothing).
   g_autoptr (MigPluginSession) session =
      mig_plugin_session_open (argv[1], locale, config, &error);
   if (session == NULL)
      return mig_cli_fail ("inspect", error);
   return print_catalog (session->plugin) ? MIG_EXIT_OK : MIG_EXIT_SOFTWARE;
}
