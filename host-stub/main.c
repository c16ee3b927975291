// main.c — mig-host: the reference host, batch runner and test harness for
// mail-migration plugins. Dispatches to one subcommand per file.

#include "cli.h"
#include "host-locale.h"
#include "cmd/commands.h"
#include "log-format.h"
#include "mig-plugin.h"
#include "run/run-interrupt.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

typedef struct {
   const char *name;
   int (*run) (int argc, char **argv);
   const char *summary;
   // Ends cleanly on SIGINT/SIGTERM: its handlers go in before anything is
   // opened. The others keep the default (the signal ends them at once).
   gboolean handles_interrupt;
} Command;

static const Command commands[] = {
   {"inspect", mh_cmd_inspect,
    N_ ("show what a plugin declares: ABI version, hooks, catalog"), FALSE},
   {"preflight", mh_cmd_preflight,
    N_ ("ask the plugin about every account of a post office; migrate "
        "nothing"),
    FALSE},
   {"explain", mh_cmd_explain,
    N_ ("explain one event of the migration wizard's log"), FALSE},
   {"watch", mh_cmd_watch,
    N_ ("wait until no account is held, showing who still holds them"), FALSE},
   {"migrate", mh_cmd_migrate,
    N_ ("migrate a post office's accounts, asking the plugin first"), TRUE},
   {"validate", mh_cmd_validate,
    N_ ("run a plugin through the ABI conformance suite"), FALSE},
};

static void
usage (FILE *out)
{
   fprintf (out,
            _ ("Usage: mig-host COMMAND [OPTION...]\n\n"
               "The reference host for mail-migration plugins "
               "(plugin ABI %d.%d).\n\nCommands:\n"),
            MIG_ABI_VERSION_MAJOR, MIG_ABI_VERSION_MINOR);
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
      fprintf (out, "  %-10s %s\n", commands[i].name, _ (commands[i].summary));
   fprintf (out, _ ("\nmig-host COMMAND --help shows a command's options.\n"));
}

#ifdef __ELF__
// Holds SIGINT and SIGTERM from the loader's first call into this program,
// before any library's constructor runs and long before main(): a signal in
// a run's first milliseconds stays pending instead of killing it with no
// report. Only the dynamic loader's own mapping comes before.
static void
hold_signals_at_load (int argc, char **argv, char **envp)
{
   (void) argc;
   (void) argv;
   (void) envp;
   mh_interrupt_hold ();
}

__attribute__ ((section (".preinit_array"), used)) static void (
      *const preinit_hold) (int, char **, char **) = hold_signals_at_load;
#endif

int
main (int argc, char **argv)
{
   // First (again, where there is no .preinit_array): a signal before the
   // command knows what to do with it stays pending instead of killing a
   // run before its reports exist.
   mh_interrupt_hold ();
   setlocale (LC_ALL, "");
   mh_locale_init (argc, argv);
   mh_log_install ();
   if (argc < 2) {
      usage (stderr);
      return MH_EXIT_USAGE;
   }
   if (strcmp (argv[1], "--help") == 0 || strcmp (argv[1], "-h") == 0 ||
       strcmp (argv[1], "help") == 0) {
      usage (stdout);
      return MH_EXIT_OK;
   }
   if (strcmp (argv[1], "--version") == 0) {
      mh_cli_print_version ();
      return MH_EXIT_OK;
   }
   for (gsize i = 0; i < G_N_ELEMENTS (commands); i++) {
      if (strcmp (argv[1], commands[i].name) == 0) {
         g_autofree char *prgname = g_strconcat ("mig-host ", argv[1], NULL);
         g_set_prgname (prgname);
         if (commands[i].handles_interrupt)
            mh_interrupt_install ();
         mh_interrupt_release ();
         return commands[i].run (argc - 1, argv + 1);
      }
   }
   g_autofree char *shown = g_utf8_make_valid (argv[1], -1);
   fprintf (stderr, _ ("mig-host: unknown command \"%s\"\n\n"), shown);
   usage (stderr);
   return MH_EXIT_USAGE;
}
