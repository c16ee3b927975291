// exit-codes.h — mig-host's exit codes, once. The enum in cli.h, every
// subcommand's --help and the EXIT STATUS section of mig-host(1) (built by
// doc/exit-codes.py from this file) are made from this table.
//
// 0, 1 and 2 are outcomes, as the migration wizard's batch mode gives them
// (Q198957); each subcommand says in its --help what they mean for it. A
// failure of the tool itself (usage, configuration, unreadable input,
// unwritable output) has a code of its own, from BSD's sysexits.h, so that a
// script can tell "some accounts are blocked" from "the run did not happen".
// An interrupted run ends with 128 + the signal.
//
// One failure of the tool has no sysexits code that says it: --postoffice
// names a folder that is not an MS Mail post office at all. It gets 79, the
// first number after sysexits' 64-78, so that 0-3 stay outcomes, 64-78 keep
// the meanings every sysexits reader knows, and the code stays below the
// shell's 126-127 and 128 + signal. A post office that is only partly broken
// (an access file short, MASTER.GLB held) is no tool error: the plugin blocks
// it, and that is an outcome (2).
//
// A row is X(NAME, CODE, HELP, MANUAL): MH_EXIT_NAME = CODE; HELP, the few
// words --help prints after the number; MANUAL, the sentence of the manual.

#pragma once

#define MH_EXIT_TABLE(X)                                                       \
   X (OK, 0, "success",                                                        \
      "All accounts proceed (preflight), were migrated (migrate), are clear "  \
      "(watch); the event was explained (explain); the plugin was shown "      \
      "(inspect); no case failed (validate).")                                 \
   X (DEFER, 1, "some deferred",                                               \
      "Some accounts were deferred and none blocked or failed; accounts "      \
      "still held at *--timeout* (watch); for explain, the plugin does not "   \
      "handle the event (its original description is shown).")                 \
   X (BLOCKED, 2, "some blocked",                                              \
      "Some accounts (or the post office) blocked or failed; nothing held "    \
      "but something blocked (watch); the plugin failed on an event "          \
      "(explain); some validate case failed.")                                 \
   X (DAMAGED, 3, "the event log is damaged: records were lost",               \
      "explain --log: the event log is damaged (cut off, or with records "     \
      "that cannot be read) and records were lost; the accounts explained "    \
      "are those of the records read.")                                        \
   X (USAGE, 64, "usage",                                                      \
      "Usage: an unknown option, a missing or wrong argument, an output "      \
      "folder or file inside the post office.")                                \
   X (DATAERR, 65, "unusable user list",                                       \
      "The user list (or event log) is unusable: no header row, no Hex-ID "    \
      "column, no accounts (or none to migrate: every row MigrateUser=N), "    \
      "a user listed twice, a byte not in its code page.")                     \
   X (NOINPUT, 66, "unreadable input",                                         \
      "An input cannot be read: the user list, the post office folder, the "   \
      "event log, *--description @FILE*.")                                     \
   X (UNAVAILABLE, 69, "plugin unusable",                                      \
      "No plugin found, or it cannot be loaded, speaks another ABI major or "  \
      "lacks a hook the command needs; for inspect, the plugin fails to list " \
      "its catalog.")                                                          \
   X (SOFTWARE, 70, "internal error",                                          \
      "mig-host itself failed: its libffi dispatch could not be prepared "     \
      "from the hook table, or validate cannot find its own executable. A "    \
      "defect of mig-host's build, never caused by a plugin or an input; "     \
      "report it.")                                                            \
   X (CANTCREAT, 73, "output not writable",                                    \
      "An output cannot be created: *--json*, *--csv*, *--html*, "             \
      "*--events*, *--out* (or it is a report another *mig-host* run is "      \
      "writing, never replaced under it).")                                    \
   X (IOERR, 74, "writing failed midway",                                      \
      "A report could not be written completely, or writing *--out* failed "   \
      "during a migration (a full disk, a read-only or failing folder): the "  \
      "run stopped at once and lists the accounts it did not do.")             \
   X (TEMPFAIL, 75, "--out in use by another run",                             \
      "Another *mig-host migrate* holds the *--out* folder, or is writing "    \
      "the *--json* or *--events* file given (its process id and start time "  \
      "are printed); run again when it has ended, or give *--wait-lock*.")     \
   X (CONFIG, 78, "configuration refused",                                     \
      "The plugin refused to initialise with its configuration (its reason "   \
      "is printed).")                                                          \
   X (NOTPOSTOFFICE, 79, "not a post office",                                  \
      "*--postoffice* names a folder that is not an MS Mail post office: "     \
      "neither GLB/ nor MMF/ is in it (and the plugin agrees), or it is the "  \
      "folder above MAILDATA or one inside it. Said once, naming the folder "  \
      "and what to give instead; nothing was checked, copied or reported.")    \
   X (SIGINT, 130, "interrupted (SIGINT)",                                     \
      "Interrupted by SIGINT (Ctrl-C); the reports are closed and marked "     \
      "incomplete.")                                                           \
   X (SIGTERM, 143, "terminated (SIGTERM)",                                    \
      "Terminated by SIGTERM; the reports are closed and marked incomplete.")
