// cli.h — what every mig-host subcommand shares: option parsing, errors on
// stderr, JSON files, exit codes.

#pragma once

#include <glib.h>
#include <jansson.h>
#include <stdio.h>

// Exit codes, as the migration wizard's batch mode (Q198957).
enum {
   MIG_EXIT_OK = 0,      // all proceed / handled
   MIG_EXIT_DEFER = 1,   // some deferred (or: event not handled)
   MIG_EXIT_ERROR = 2,   // some blocked, or an error
};

// Parses the options of subcommand `command` ("preflight"); argv[0] is the
// subcommand's name. Prints the error and a pointer to --help on failure.
gboolean mig_cli_parse (GOptionContext *context, const char *command,
                        int *argc, char ***argv);

// mig_cli_parse for a subcommand that takes options only: an argument left
// over is an error naming it.
gboolean mig_cli_parse_options_only (GOptionContext *context,
                                     const char *command, int *argc,
                                     char ***argv);

// Prints "mig-host COMMAND: MESSAGE" on stderr, sanitised.
void mig_cli_error (const char *command, const char *format, ...)
   G_GNUC_PRINTF (2, 3);

// Writes `root` to `path` (replacing it atomically), indented.
gboolean mig_cli_write_json (json_t *root, const char *path, GError **error);

// Prints `text` (plugin text, may span lines) sanitised, each line indented
// by `indent` spaces.
void mig_cli_print_block (FILE *out, const char *text, int indent);
