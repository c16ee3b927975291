// cli.h — what every mig-host subcommand shares: option parsing, errors on
// stderr, JSON files, exit codes.

#pragma once

#include "exit-codes.h"
#include "plugin-host/answer-copy.h"
#include "plugin-host/plugin-session.h"
#include "wizard-input/user-list.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>

// Exit codes: MH_EXIT_OK, MH_EXIT_USAGE, ... (exit-codes.h says each).
#define MH_EXIT_ENUM(name, code, help, manual) MH_EXIT_##name = code,
enum { MH_EXIT_TABLE (MH_EXIT_ENUM) };
#undef MH_EXIT_ENUM

// The "Exit status: ..." paragraph of a subcommand's --help: `outcomes`
// (what 0, 1 and 2 mean for it, eg "0 all accounts proceed; 1 some
// deferred, none blocked"), then each of `codes` (a list ending in -1) with
// its words from exit-codes.h. Free with g_free().
char *mh_cli_exit_status (const char *outcomes, const int *codes);

// The exit code for a failure reported as a MH_HOST_ERROR.
int mh_cli_exit_for (const GError *error);

// Prints the error like mh_cli_error and returns its exit code.
int mh_cli_fail (const char *command, const GError *error);

// Parses the options of subcommand `command` ("preflight"); argv[0] is the
// subcommand's name. Prints the error and a pointer to --help on failure.
// Adds --version, which prints the version; FALSE then, and
// mh_cli_parse_failed_status() says 0.
gboolean mh_cli_parse (GOptionContext *context, const char *command, int *argc,
                       char ***argv);

// mh_cli_parse for a subcommand that takes options only, `entries`
// (ending with G_OPTION_ENTRY_NULL), its --help led by `summary`: an
// argument left over is an error naming it.
gboolean mh_cli_parse_options_only (const char *command, const char *summary,
                                    const GOptionEntry *entries, int *argc,
                                    char ***argv);

// The options several subcommands share, as parsed. Each subcommand lists
// the ones it takes among its own rows (mh_cli_option), in its --help's
// order; the others stay NULL.
typedef struct {
   char *plugin;         // --plugin FILE; after mh_cli_locate_plugin(),
                         // the plugin to load however it was named
   char *config;         // --config FILE
   char *locale;         // --locale L
   char *postoffice;     // --postoffice DIR, as given
   char *users;          // --users CSV
   char *users_encoding; // --users-encoding CODEPAGE
} MhCliOptions;

// Which of them; one row each in cli.c's table of --help texts.
typedef enum {
   MH_CLI_PLUGIN,
   MH_CLI_CONFIG,
   MH_CLI_LOCALE,
   MH_CLI_POSTOFFICE,
   MH_CLI_USERS,
   MH_CLI_USERS_ENCODING,
} MhCliOption;

// The GOptionEntry row of shared option `which`, stored into its member of
// `o`. `description` is its --help text where a subcommand says it in its
// own words; NULL gives the usual text.
GOptionEntry mh_cli_option (MhCliOptions *o, MhCliOption which,
                            const char *description);

// Frees what the shared options hold.
void mh_cli_options_clear (MhCliOptions *o);

// After parsing: fills o->plugin when --plugin was not given
// (mh_plugin_locate). When no plugin is found, prints why, followed by
// ` (hint)` when `hint` is not NULL, and makes its exit code the one
// mh_cli_parse_failed_status() returns.
gboolean mh_cli_locate_plugin (MhCliOptions *o, const char *command,
                               const char *hint);

// What preflight and watch open first, in this order: the post office and
// user list the options name (mh_postoffice_load) and the plugin, which
// must offer pre-migrate/1 (`without_it` says what the command cannot do
// without it); then refuses a folder that is no post office
// (mh_cli_check_postoffice). Returns 0 with `postoffice`, `list` and
// `session` set, or prints the error for `command` and returns its exit
// code.
int mh_cli_open_inputs (const MhCliOptions *o, const char *command,
                        const char *without_it, char **postoffice,
                        MhUserList **list, MhPluginSession **session);

// Refuses a --postoffice folder that is no post office at all, once, as a
// tool error: when `postoffice` (checked by mh_postoffice_path) holds
// neither GLB nor MMF and the plugin's batch-begin/1 blocks it as
// "postoffice-layout" (assessment.h) — or, with no plugin (`session` NULL,
// migrate --no-plugin), on the host's look alone. Prints the error for
// `command` (the folder, what it lacks, what to give) and returns
// MH_EXIT_NOTPOSTOFFICE; else 0, and the run goes on, every other verdict
// on the post office an outcome as before. Call it before any output is
// opened: a run that did not happen leaves no report.
int mh_cli_check_postoffice (const char *command, const char *postoffice,
                             guint n_accounts, const MhPluginSession *session);

// Refuses, before anything is read or written, an output file inside the
// post office `postoffice` (the --postoffice argument; NULL: none given):
// a report written over an MMF destroys the mail it reports on, and
// mig-host writes nothing into the post office it checks. `outputs` holds
// option and path pairs ("--json", path, ...; a NULL path is skipped,
// standard output too), ended by a NULL option. Prints the error for
// `command` and returns FALSE for the first one inside.
gboolean mh_cli_outputs_outside_postoffice (const char *command,
                                            const char *postoffice,
                                            const char *const *outputs);

// The exit status after mh_cli_parse() or a command's own option checks
// returned FALSE: 0 when --version was shown, the code of an error given to
// mh_cli_fail_options(), else MH_EXIT_USAGE.
int mh_cli_parse_failed_status (void);

// For a command's option checks that fail for a reason other than usage
// (the plugin they locate is missing): prints the error like mh_cli_fail()
// and makes its code the one mh_cli_parse_failed_status() returns.
void mh_cli_fail_options (const char *command, const GError *error);

// Prints "mig-host COMMAND: MESSAGE" on stderr, sanitised.
void mh_cli_error (const char *command, const char *format, ...)
   G_GNUC_PRINTF (2, 3);

// Writes `root` to `path` (replacing it atomically), indented.
gboolean mh_cli_write_json (json_t *root, const char *path, GError **error);

// Handles --version for a subcommand: prints the version line on stdout.
void mh_cli_print_version (void);
