// mig-host-run.h — mig-host (MMFG_MIG_HOST) run by a test through its
// command line, on Linux and under Wine alike, and the JSON it answers
// with, read back. Whatever goes wrong fails the test: a run that cannot
// start or that ends in a crash, a report that is missing or is not JSON.
//
// Rationale: GSubprocess, not g_spawn_sync, because its exit status means
// the same on Windows as on Linux.

#pragma once

#include <gio/gio.h>
#include <jansson.h>

// How a run differs from the test's own process; NULL or {0}: not at all.
typedef struct {
   const char *cwd;        // the folder it runs in; NULL: the test's
   const char *env_name;   // one variable of the test's environment changed
                           // for the run; NULL: none
   const char *env_value;  // env_name's value in the run; NULL: unset
   const char *stdin_text; // written to its stdin, which is then closed;
                           // NULL: stdin is the test's
} MigHostSetting;

// Runs mig-host with the arguments listed after `err` (NULL-terminated, the
// program left out) to the end: mig_host_run (&out, NULL, "inspect",
// "--json", NULL). Its stdout and stderr go to *out and *err (newly
// allocated) when these are not NULL, and to the test's log always. It must
// exit, never crash. Returns its exit code.
int mig_host_run (char **out, char **err, ...) G_GNUC_NULL_TERMINATED;
// The same, set up as `setting` says (NULL: as the test is), with the
// arguments in a NULL-terminated array.
int mig_host_runv (const MigHostSetting *setting, const char *const *args,
                   char **out, char **err);
// The same with the arguments in a va_list.
int mig_host_run_valist (const MigHostSetting *setting, char **out, char **err,
                         va_list args);

// A mig-host run whose stdout the test reads line by line while it acts on
// what it says (lets a lock holder go, sends a signal). Its stderr is the
// test's. Owned by the test from _start to _finish.
typedef struct {
   GSubprocess *process; // eg for g_subprocess_send_signal
   GDataInputStream *lines;
   GString *read; // stdout read so far, each line with its "\n"
} MigHostProcess;

// Starts mig-host with `args` (NULL-terminated, the program left out).
void mig_host_start (MigHostProcess *p, const char *const *args);
// The next line of stdout without its "\n", newly allocated; NULL at the end.
char *mig_host_read_line (MigHostProcess *p);
// Reads stdout up to and including a line starting with `prefix` (NULL: to
// the end); FALSE when the output ended first.
gboolean mig_host_read_until (MigHostProcess *p, const char *prefix);
// Reads the rest of stdout and waits for the end; *rest (when not NULL)
// receives what was not read before, the test's log all of it. It must
// exit, never crash. Returns its exit code; `p` is cleared.
int mig_host_finish (MigHostProcess *p, char **rest);

// How many times `needle` occurs in `text` (a run's output), overlapping
// occurrences included.
guint output_count (const char *text, const char *needle);

// The JSON document in the file `path` (a new reference), or the test
// fails naming the file.
json_t *report_load (const char *path);
// The JSON document `text` is (a new reference), or the test fails showing
// the text.
json_t *report_parse (const char *text);
// The member of the report's "accounts" whose "user" is `user` (borrowed),
// or the test fails.
json_t *report_account (json_t *report, const char *user);
// `object`'s member `key` as a string; NULL when it is missing or not one.
const char *report_str (json_t *object, const char *key);
// `object`'s member `key` as an integer; 0 when it is missing or not one.
json_int_t report_num (json_t *object, const char *key);
// The account of `user` in a migrate report has `outcome`, or the test
// fails naming the outcome it has and its cause.
void report_assert_outcome (json_t *report, const char *user,
                            const char *outcome);
