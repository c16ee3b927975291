// validate-context.h — what every conformance case of `mig-host validate`
// shares: the case's context (the plugin, the host, the fixture, what
// failed), the calls through libffi, the inputs, the text checks. The cases
// are in validate-*.c by group; validate-cases.c holds their table and runs
// one. Internal to mig-host.

#pragma once

#include "plugin-host/plugin-calls.h"
#include "plugin-host/host-services.h"
#include "validate/validate-cases.h"
#include "validate/validate-fixture.h"

#include <glib.h>

enum {
   LOAD_INIT_BOUND_US = 100 * 1000, // load plus init: 100 ms
   BIG_TEXT = 64 * 1024,
   CANARY_LEN = 64,
   CANARY_BYTE = 0xA5,
   TAIL = 64, // bytes appended to a "larger" struct
   THREADS = 8,
   CALLS_PER_THREAD = 100,
   HOSTILE_LEN = 64 * 1024,
};

typedef struct {
   MhPlugin *plugin;
   MhHostServices *services;
   const mig_host *host;
   MhValidateFixture fx;
   gint64 load_us;
   GString *detail; // what failed, "; "-separated
   guint n_failures;
   gboolean warned;
} Ctx;

// A text buffer of `size` bytes followed by canaries.
typedef struct {
   char *buffer;
   uint32_t size;
} Guarded;

// Records a failure of the case: what broke which rule.
void fail (Ctx *c, const char *format, ...) G_GNUC_PRINTF (2, 3);
// Records what the case checked, for a case that passes.
void note (Ctx *c, const char *format, ...) G_GNUC_PRINTF (2, 3);
// A hook's return value in words: a verdict's name, else the error's.
const char *returned (int32_t v);
// The case's result from what was recorded.
MhCaseResult verdict_of (Ctx *c);
// The hook struct for row `fn`, asked now; NULL when not offered.
const void *hook (Ctx *c, MhFn fn);
// Calls row `fn` of `table` through libffi with `args`.
int32_t call (MhFn fn, const void *table, void **args);
// The hooks, called through libffi as a host would.
int32_t pre_migrate (Ctx *c, const mig_account *account, mig_answer *answer);
int32_t on_error (Ctx *c, const mig_event *event, mig_answer *answer);
int32_t batch_begin (Ctx *c, const mig_batch *batch, mig_answer *answer);
int32_t batch_end (Ctx *c, uint64_t batch_id);
int32_t catalog_entry (Ctx *c, uint32_t index, mig_catalog_entry *entry);
// init() with `host`, and init() with the case's own host (failing the
// case when it is refused).
int32_t init_with (Ctx *c, const mig_host *host);
gboolean init_ok (Ctx *c);
// Inputs about the fixture's post office.
mig_account account_for (Ctx *c, const char *user, const char *hex_id);
mig_event event_for (const char *const *inserts, const mig_account *account);
void answer_init (mig_answer *a, char *text, uint32_t text_size);
// Whether the plugin offers pre-migrate/1 or on-error/1.
gboolean has_hooks_for_accounts (Ctx *c);
// One call that should produce text (pre-migrate of an account without an
// MMF, or on-error of a 7007).
int32_t text_call (Ctx *c, const char *user, mig_answer *answer);
// Text buffers followed by canaries, and the checks of what was written.
Guarded guarded_new (uint32_t size);
gboolean canary_intact (const Guarded *g, uint32_t from);
gboolean check_text (Ctx *c, const char *what, const Guarded *g);
gboolean answer_fields_ok (const mig_answer *a);

// validate-lifecycle.c: load, hook ids, init and deinit, ABI version
MhCaseResult case_load_time (Ctx *c);
MhCaseResult case_unknown_hook_ids (Ctx *c);
MhCaseResult case_get_hook_null (Ctx *c);
MhCaseResult case_hooks_before_init (Ctx *c);
MhCaseResult case_init_deinit_init (Ctx *c);
MhCaseResult case_init_reference_counted (Ctx *c);
MhCaseResult case_abi_major_mismatch (Ctx *c);

// validate-structs.c: struct sizes smaller, larger, with a non-zero tail
MhCaseResult case_struct_size_smaller (Ctx *c);
MhCaseResult case_struct_size_larger (Ctx *c);
MhCaseResult case_struct_size_nonzero_tail (Ctx *c);

// validate-text.c: text buffers and NULL arguments
MhCaseResult case_text_buffer_zero (Ctx *c);
MhCaseResult case_text_buffer_small (Ctx *c);
MhCaseResult case_null_arguments (Ctx *c);

// validate-concurrency.c: concurrent calls against a serial run
MhCaseResult case_concurrent_calls (Ctx *c);

// validate-hostile.c: hostile strings
MhCaseResult case_hostile_non_utf8 (Ctx *c);
MhCaseResult case_hostile_long_strings (Ctx *c);
MhCaseResult case_hostile_format_strings (Ctx *c);
MhCaseResult case_hostile_terminal_escapes (Ctx *c);

// validate-truthful.c: truthful answers
MhCaseResult case_postoffice_verdict_in_pre_migrate (Ctx *c);
MhCaseResult case_findings_agree (Ctx *c);

// validate-locks-posix.c: the host's own lock and a client's (not built on
// Windows, where their rows are skipped)
MhCaseResult case_host_held_lock (Ctx *c);
MhCaseResult case_client_holder_text_agrees (Ctx *c);
