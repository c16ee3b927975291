// cmd-inspect.c — `mig-host inspect [PLUGIN]`: what a plugin declares.
//
// The plugin and where mig-host found it (--plugin, $MIG_PLUGIN or the
// installed one), the entry point's fields and ABI version, every hook id of
// the hook table and whether the plugin offers it, and its explanation
// catalog (catalog/1), all of it or one event's entries. The facts are
// gathered once into JSON; the human form is printed from the same object,
// so --json and the text never disagree.

#include "cli.h"
#include "cmd/commands.h"
#include "display-text.h"
#include "plugin-host/plugin-session.h"

#include <glib/gi18n-lib.h>
#include <string.h>

// More entries than this means a plugin that never says MIG_ERR_RANGE.
enum { MAX_CATALOG_ENTRIES = 100000 };

typedef struct {
   MhCliOptions cli; // --plugin, --config, --locale
   gboolean json;
   gboolean catalog_only; // --catalog: the catalog alone
   gint64 event;          // --catalog=EVENT: that event only; -1 all
} Options;

static char *
shown (const char *text)
{
   return mh_display_text (text != NULL ? text : "", -1, MH_DISPLAY_ONE_LINE);
}

static char *
shown_array (const char *field, size_t size)
{
   return mh_display_text (field, (gssize) strnlen (field, size),
                           MH_DISPLAY_ONE_LINE);
}
#define SHOWN(entry, member) shown_array ((entry).member, sizeof (entry).member)

static json_t *
json_text (const char *text)
{
   g_autofree char *clean = shown (text);
   return json_string (clean);
}

static json_t *
plugin_json (const MhPlugin *plugin, MhPluginOrigin origin)
{
   const mig_plugin_entry *e = mh_plugin_entry_of (plugin);
   g_autofree char *abi =
      g_strdup_printf ("%u.%u.%u", e->abi_major, e->abi_minor, e->abi_revision);
   g_autofree char *host_abi =
      g_strdup_printf ("%d.%d.%d", MIG_ABI_VERSION_MAJOR, MIG_ABI_VERSION_MINOR,
                       MIG_ABI_VERSION_REVISION);
   static const char *const origin_names[] = {
      [MH_PLUGIN_FROM_OPTION] = "option",
      [MH_PLUGIN_FROM_ENVIRONMENT] = "environment",
      [MH_PLUGIN_FROM_INSTALLED] = "installed",
   };
   return json_pack (
      "{s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:s, s:s, s:I, s:I}", "path",
      json_text (mh_plugin_path (plugin)), "found", origin_names[origin],
      "found_how", mh_plugin_origin_describe (origin), "id", json_text (e->id),
      "name", json_text (e->name), "version", json_text (e->version),
      "description", json_text (e->description), "abi", abi, "host_abi",
      host_abi, "entry_size", (json_int_t) e->struct_size, "host_entry_size",
      (json_int_t) sizeof (mig_plugin_entry));
}

static json_t *
hooks_json (const MhPlugin *plugin)
{
   json_t *hooks = json_array ();
   for (unsigned i = 0; i < MH_FN_N_HOOKS; i++) {
      MhFn fn = MH_FN_FIRST_HOOK + i;
      json_array_append_new (
         hooks, json_pack ("{s:s, s:b}", "id", mh_fn_info (fn)->id, "offered",
                           mh_plugin_hook (plugin, fn) != NULL));
   }
   return hooks;
}

// The catalog's entries (of `event` only, unless it is -1), or NULL with the
// error printed when the plugin failed while listing. An empty array when the
// plugin offers no catalog/1.
static json_t *
catalog_json (const MhPlugin *plugin, gint64 event)
{
   json_t *entries = json_array ();
   if (mh_plugin_hook (plugin, MH_FN_catalog) == NULL)
      return entries;
   for (uint32_t i = 0; i < MAX_CATALOG_ENTRIES; i++) {
      mig_catalog_entry entry;
      memset (&entry, 0, sizeof entry);
      entry.struct_size = sizeof entry;
      int32_t status = mh_call_catalog (plugin, i, &entry);
      if (status == MIG_ERR_RANGE)
         return entries;
      if (status != MIG_OK) {
         mh_cli_error ("inspect",
                       _ ("catalog entry %u: the plugin answered %s"), i,
                       mh_status_name (status));
         json_decref (entries);
         return NULL;
      }
      if (event >= 0 && entry.event_id != event)
         continue;
      g_autofree char *cause = SHOWN (entry, cause);
      g_autofree char *lang = SHOWN (entry, lang);
      g_autofree char *id = SHOWN (entry, message_id);
      g_autofree char *subject = SHOWN (entry, subject);
      json_array_append_new (entries,
                             json_pack ("{s:I, s:s, s:s, s:s, s:s}", "event",
                                        (json_int_t) entry.event_id, "cause",
                                        cause, "lang", lang, "message_id", id,
                                        "subject", subject));
   }
   mh_cli_error ("inspect",
                 _ ("the catalog did not end after %d entries; the "
                    "plugin never answers MIG_ERR_RANGE"),
                 MAX_CATALOG_ENTRIES);
   json_decref (entries);
   return NULL;
}

static const char *
str (json_t *object, const char *key)
{
   return json_string_value (json_object_get (object, key));
}

// "Label:" padded to 13 characters, by characters (German labels have
// umlauts).
static void
label (const char *text)
{
   printf ("%s%*s ", text, MAX (0, 13 - (int) g_utf8_strlen (text, -1)), "");
}

static void
print_plugin (json_t *p)
{
   // The JSON keeps the English words; the lines are the run's language.
   label (_ ("Plugin:"));
   printf ("%s (%s)\n", str (p, "path"), _ (str (p, "found_how")));
   label (_ ("Id:"));
   printf ("%s\n", str (p, "id"));
   label (_ ("Name:"));
   printf ("%s\n", str (p, "name"));
   label (_ ("Version:"));
   printf ("%s\n", str (p, "version"));
   label (_ ("Description:"));
   printf ("%s\n", str (p, "description"));
   label ("ABI:");
   printf ("%s (mig-host: %s)\n", str (p, "abi"), str (p, "host_abi"));
   // Sizes and event ids are 32-bit in the ABI; printed as such, because
   // JSON_INTEGER_FORMAT is not a format mingw's printf checks accept.
   label (_ ("Entry size:"));
   printf (
      _ ("%u bytes (mig-host knows %u)\n"),
      (unsigned) json_integer_value (json_object_get (p, "entry_size")),
      (unsigned) json_integer_value (json_object_get (p, "host_entry_size")));
}

static void
print_hooks (json_t *hooks)
{
   printf ("\n%s\n", _ ("Hooks:"));
   size_t i;
   json_t *h;
   json_array_foreach (hooks, i, h) {
      printf ("  %-16s %s\n", str (h, "id"),
              json_is_true (json_object_get (h, "offered"))
                 ? _ ("offered")
                 : _ ("not offered"));
   }
}

static void
print_catalog (json_t *catalog, gboolean offered, gint64 event)
{
   printf ("%s\n", _ ("Catalog:"));
   if (!offered) {
      printf (_ ("  (the plugin offers no %s)\n"), MIG_HOOK_CATALOG);
      return;
   }
   printf ("  %-6s %-28s %-5s %-32s %s\n", _ ("EVENT"), _ ("CAUSE"), _ ("LANG"),
           _ ("MESSAGE ID"), _ ("SUBJECT"));
   size_t i;
   json_t *e;
   json_array_foreach (catalog, i, e) {
      printf ("  %-6u %-28s %-5s %-32s %s\n",
              (unsigned) json_integer_value (json_object_get (e, "event")),
              str (e, "cause"), str (e, "lang"), str (e, "message_id"),
              str (e, "subject"));
   }
   if (event >= 0) {
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, event);
      printf (g_dngettext (GETTEXT_PACKAGE, "  %zu entry for event %s\n",
                           "  %zu entries for event %s\n",
                           json_array_size (catalog)),
              json_array_size (catalog), id);
   } else
      printf (g_dngettext (GETTEXT_PACKAGE, "  %zu entry\n", "  %zu entries\n",
                           json_array_size (catalog)),
              json_array_size (catalog));
}

// --catalog alone, or --catalog=EVENT (a number).
static gboolean
parse_catalog_option (const char *name, const char *value, gpointer data,
                      GError **error)
{
   Options *o = data;
   o->catalog_only = TRUE;
   if (value == NULL)
      return TRUE;
   guint64 id = 0;
   if (!g_ascii_string_to_unsigned (value, 10, 0, UINT32_MAX, &id, NULL)) {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   "%s=%s: give an event id, eg --catalog=7007", name, value);
      return FALSE;
   }
   o->event = (gint64) id;
   return TRUE;
}

static gboolean
is_event_id (const char *text)
{
   return text[0] != '\0' && strspn (text, "0123456789") == strlen (text) &&
          strlen (text) <= 10;
}

static gboolean
parse_options (Options *o, int *argc, char ***argv)
{
   o->event = -1;
   // GOption takes a callback as a gpointer; ISO C has no cast from a
   // function pointer to one, so it is copied (as POSIX dlsym's are).
   GOptionArgFunc catalog_function = parse_catalog_option;
   gpointer catalog_callback = NULL;
   G_STATIC_ASSERT (sizeof catalog_function == sizeof catalog_callback);
   memcpy (&catalog_callback, &catalog_function, sizeof catalog_callback);
   GOptionEntry options[] = {
      mh_cli_option (&o->cli, MH_CLI_PLUGIN,
                     "The plugin to inspect, as the argument PLUGIN "
                     "(default: $MIG_PLUGIN, else the installed plugin)"),
      {"json", 0, 0, G_OPTION_ARG_NONE, &o->json,
       "Print it all as one JSON object instead", NULL},
      {"catalog", 0, G_OPTION_FLAG_OPTIONAL_ARG, G_OPTION_ARG_CALLBACK,
       catalog_callback,
       "Show the catalog only; with EVENT, only that event's entries", "EVENT"},
      mh_cli_option (&o->cli, MH_CLI_CONFIG, NULL),
      mh_cli_option (&o->cli, MH_CLI_LOCALE,
                     "Language of the catalog's text (default: from the "
                     "environment)"),
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new ("[PLUGIN]");
   GOptionGroup *group = g_option_group_new (NULL, NULL, NULL, o, NULL);
   g_option_group_add_entries (group, options);
   g_option_context_set_main_group (context, group);
   g_autofree char *exit_status = mh_cli_exit_status (
      "0 on success",
      (const int[]){MH_EXIT_UNAVAILABLE, MH_EXIT_CONFIG, MH_EXIT_USAGE, -1});
   g_autofree char *summary = g_strconcat (
      "Shows what a plugin declares: where mig-host found it, its entry "
      "point and ABI version, every hook of the ABI's hook table and whether "
      "the plugin offers it, and its explanation catalog.\n\n"
      "The plugin is PLUGIN or --plugin, else $MIG_PLUGIN, else the plugin "
      "installed with mig-host.\n\n",
      exit_status, NULL);
   g_option_context_set_summary (context, summary);
   if (!mh_cli_parse (context, "inspect", argc, argv))
      return FALSE;
   // --catalog 7007 (with a space) leaves the id as an argument.
   if (o->catalog_only && o->event < 0 && *argc >= 2 &&
       is_event_id ((*argv)[*argc - 1]) &&
       !g_file_test ((*argv)[*argc - 1], G_FILE_TEST_EXISTS)) {
      o->event = g_ascii_strtoll ((*argv)[*argc - 1], NULL, 10);
      (*argc)--;
   }
   if (*argc > 2 || (*argc == 2 && o->cli.plugin != NULL)) {
      mh_cli_error ("inspect", "%s",
                    _ ("give one plugin, as PLUGIN or --plugin, eg: "
                       "mig-host inspect build/plugin/mmfguard.so"));
      return FALSE;
   }
   if (*argc == 2)
      o->cli.plugin = g_strdup ((*argv)[1]);
   return TRUE;
}

static int
run_inspect (Options *o)
{
   MhPluginOrigin origin = MH_PLUGIN_FROM_OPTION;
   g_autoptr (GError) error = NULL;
   if (!mh_plugin_locate (&o->cli.plugin, &origin, &error))
      return mh_cli_fail ("inspect", error);
   // The catalog's hook answers only after init(), so the plugin is loaded
   // and initialised with the host's services, like every other command.
   // The hooks are listed as offered after init (a plugin may offer more).
   g_autoptr (MhPluginSession) session = mh_plugin_session_open (
      o->cli.plugin, o->cli.locale, o->cli.config, &error);
   if (session == NULL)
      return mh_cli_fail ("inspect", error);
   const MhPlugin *plugin = session->plugin;
   json_t *catalog = catalog_json (plugin, o->event);
   // A catalog the plugin fails to list is the plugin's failure, not
   // mig-host's (70 is kept for mig-host's own defects).
   if (catalog == NULL)
      return MH_EXIT_UNAVAILABLE;
   gboolean offered = mh_plugin_hook (plugin, MH_FN_catalog) != NULL;
   json_t *root = json_object ();
   if (!o->catalog_only) {
      json_object_set_new (root, "plugin", plugin_json (plugin, origin));
      json_object_set_new (root, "hooks", hooks_json (plugin));
   }
   if (o->event >= 0)
      json_object_set_new (root, "catalog_event", json_integer (o->event));
   json_object_set_new (root, "catalog", catalog);

   if (o->json) {
      json_dumpf (root, stdout, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
      printf ("\n");
   } else {
      if (!o->catalog_only) {
         print_plugin (json_object_get (root, "plugin"));
         print_hooks (json_object_get (root, "hooks"));
         printf ("\n");
      }
      print_catalog (catalog, offered, o->event);
   }
   json_decref (root);
   return MH_EXIT_OK;
}

int
mh_cmd_inspect (int argc, char **argv)
{
   Options o = {0};
   int status = parse_options (&o, &argc, &argv)
                   ? run_inspect (&o)
                   : mh_cli_parse_failed_status ();
   mh_cli_options_clear (&o.cli);
   return status;
}
