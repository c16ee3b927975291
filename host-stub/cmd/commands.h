// commands.h — mig-host's subcommands. Each takes the arguments after
// "mig-host" (argv[0] is the subcommand's name) and returns the exit code.

#pragma once

int mh_cmd_inspect (int argc, char **argv);
int mh_cmd_preflight (int argc, char **argv);
int mh_cmd_explain (int argc, char **argv);
int mh_cmd_migrate (int argc, char **argv);
int mh_cmd_validate (int argc, char **argv);
int mh_cmd_watch (int argc, char **argv);
