// cli.h — what every mig-host subcommand shares: option parsing, errors on
// stderr, JSON files, exit codes.

#pragma once

#include "answer.h"
#include "plugin-session.h"
#include "user-list.h"

#include <glib.h>
#include <jansson.h>
#include <stdio.h>

// Exit codes. 0, 1 and 2 are outcomes, as the migration wizard's batch mode
// gives them (Q198957); a failure of the tool itself (usage, configuration,
// unreadable input, unwritable output) has a code of its own, from BSD's
// sysexits.h, so that a script can tell "some accounts are blocked" from
// "the run did not happen". An interrupted run ends with 128 + the signal.
enum {
   MIG_EXIT_OK = 0,          // all proceed / migrated / handled
   MIG_EXIT_DEFER = 1,       // some deferred, none blocked (event not handled)
   MIG_EXIT_BLOCKED = 2,     // some blocked or failed (validate: cases failed)
   MIG_EXIT_USAGE = 64,      // EX_USAGE: a wrong option or argument
   MIG_EXIT_DATAERR = 65,    // EX_DATAERR: the user list's content is unusable
   MIG_EXIT_NOINPUT = 66,    // EX_NOINPUT: an input file cannot be read
   MIG_EXIT_UNAVAILABLE = 69, // EX_UNAVAILABLE: the plugin cannot be loaded,
                             // speaks another ABI, or lacks a needed hook
   MIG_EXIT_SOFTWARE = 70,   // EX_SOFTWARE: mig-host's own dispatch failed
   MIG_EXIT_CANTCREAT = 73,  // EX_CANTCREAT: a report or folder cannot be made
   MIG_EXIT_IOERR = 74,      // EX_IOERR: writing a report failed midway
   MIG_EXIT_CONFIG = 78,     // EX_CONFIG: the plugin refused its configuration
   MIG_EXIT_SIGINT = 130,    // interrupted (Ctrl-C); reports marked incomplete
   MIG_EXIT_SIGTERM = 143,   // terminated; reports marked incomplete
};

// The exit code for a failure reported as a MIG_HOST_ERROR.
int mig_cli_exit_for (const GError *error);

// Prints the error like mig_cli_error and returns its exit code.
int mig_cli_fail (const char *command, const GError *error);

// Parses the options of subcommand `command` ("preflight"); argv[0] is the
// subcommand's name. Prints the error and a pointer to --help on failure.
// Adds --version, which prints the version; FALSE then, and
// mig_cli_parse_failed_status() says 0.
gboolean mig_cli_parse (GOptionContext *context, const char *command,
                        int *argc, char ***argv);

// mig_cli_parse for a subcommand that takes options only, `entries`
// (ending with G_OPTION_ENTRY_NULL), its --help led by `summary`: an
// argument left over is an error naming it.
gboolean mig_cli_parse_options_only (const char *command, const char *summary,
                                     const GOptionEntry *entries, int *argc,
                                     char ***argv);

// The options several subcommands share, as parsed. Each subcommand lists
// the ones it takes among its own rows (mig_cli_option), in its --help's
// order; the others stay NULL.
typedef struct {
   char *plugin;          // --plugin FILE; after mig_cli_locate_plugin(),
                          // the plugin to load however it was named
   char *config;          // --config FILE
   char *locale;          // --locale L
   char *postoffice;      // --postoffice DIR, as given
   char *users;           // --users CSV
   char *users_encoding;  // --users-encoding CODEPAGE
} MigCliOptions;

// Which of them; one row each in cli.c's table of --help texts.
typedef enum {
   MIG_CLI_PLUGIN,
   MIG_CLI_CONFIG,
   MIG_CLI_LOCALE,
   MIG_CLI_POSTOFFICE,
   MIG_CLI_USERS,
   MIG_CLI_USERS_ENCODING,
} MigCliOption;

// The GOptionEntry row of shared option `which`, stored into its member of
// `o`. `description` is its --help text where a subcommand says it in its
// own words; NULL gives the usual text.
GOptionEntry mig_cli_option (MigCliOptions *o, MigCliOption which,
                             const char *description);

// Frees what the shared options hold.
void mig_cli_options_clear (MigCliOptions *o);

// After parsing: fills o->plugin when --plugin was not given
// (mig_plugin_locate). When no plugin is found, prints why, followed by
// ` (hint)` when `hint` is not NULL, and makes its exit code the one
// mig_cli_parse_failed_status() returns.
gboolean mig_cli_locate_plugin (MigCliOptions *o, const char *command,
                                const char *hint);

// What preflight and watch open first, in this order: the post office and
// user list the options name (mig_postoffice_load) and the plugin, which
// must offer pre-migrate/1 (`without_it` says what the command cannot do
// without it). Returns 0 with `postoffice`, `list` and `session` set, or
// prints the error for `command` and returns its exit code.
int mig_cli_open_inputs (const MigCliOptions *o, const char *command,
                         const char *without_it, char **postoffice,
                         MigUserList **list, MigPluginSession **session);

// The exit status after mig_cli_parse() or a command's own option checks
// returned FALSE: 0 when --version was shown, the code of an error given to
// mig_cli_fail_options(), else MIG_EXIT_USAGE.
int mig_cli_parse_failed_status (void);

// For a command's option checks that fail for a reason other than usage
// (the plugin they locate is missing): prints the error like mig_cli_fail()
// and makes its code the one mig_cli_parse_failed_status() returns.
void mig_cli_fail_options (const char *command, const GError *error);

// Prints "mig-host COMMAND: MESSAGE" on stderr, sanitised.
void mig_cli_error (const char *command, const char *format, ...)
   G_GNUC_PRINTF (2, 3);

// Writes `root` to `path` (replacing it atomically), indented.
gboolean mig_cli_write_json (json_t *root, const char *path, GError **error);

// Prints `text` (plugin text, may span lines) sanitised, each line indented
// by `indent` spaces.
void mig_cli_print_block (FILE *out, const char *text, int indent);

// mig_cli_print_block into a string.
void mig_cli_append_block (GString *out, const char *text, int indent);

// How an account's paragraph in the human reports ends: the answer's text
// indented by 3, the causes found beside the deciding one ("Also found:
// ..."), then "See: DOCUMENTATION" when it names any.
void mig_cli_append_answer (GString *out, const MigAnswer *answer);

// Handles --version for a subcommand: prints the version line on stdout.
void mig_cli_print_version (void);
