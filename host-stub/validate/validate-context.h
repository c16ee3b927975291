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
} MhCaseCtx;

// A text buffer of `size` bytes followed by canaries.
typedef struct {
   char *buffer;
   uint32_t size;
} MhGuarded;

// Records a failure of the case: what broke which rule.
void mh_case_fail (MhCaseCtx *c, const char *format, ...) G_GNUC_PRINTF (2, 3);
// Records what the case checked, for a case that passes.
void mh_case_note (MhCaseCtx *c, const char *format, ...) G_GNUC_PRINTF (2, 3);
// A hook's return value in words: a verdict's name, else the error's.
const char *mh_case_returned (int32_t v);
// The case's result from what was recorded.
MhCaseResult mh_case_verdict_of (MhCaseCtx *c);
// The hook struct for row `fn`, asked now; NULL when not offered.
const void *mh_case_hook (MhCaseCtx *c, MhFn fn);
// Calls row `fn` of `table` through libffi with `args`.
int32_t mh_case_call (MhFn fn, const void *table, void **args);
// The hooks, called through libffi as a host would.
int32_t mh_case_pre_migrate (MhCaseCtx *c, const mig_account *account,
                             mig_answer *answer);
int32_t mh_case_on_error (MhCaseCtx *c, const mig_event *event,
                          mig_answer *answer);
int32_t mh_case_batch_begin (MhCaseCtx *c, const mig_batch *batch,
                             mig_answer *answer);
int32_t mh_case_batch_end (MhCaseCtx *c, uint64_t batch_id);
int32_t mh_case_catalog_entry (MhCaseCtx *c, uint32_t index,
                               mig_catalog_entry *entry);
// init() with `host`, and init() with the case's own host (failing the
// case when it is refused).
int32_t mh_case_init_with (MhCaseCtx *c, const mig_host *host);
gboolean mh_case_init_ok (MhCaseCtx *c);
// Inputs about the fixture's post office.
mig_account mh_case_account_for (MhCaseCtx *c, const char *user,
                                 const char *hex_id);
mig_event mh_case_event_for (const char *const *inserts,
                             const mig_account *account);
void mh_case_answer_init (mig_answer *a, char *text, uint32_t text_size);
// Whether the plugin offers pre-migrate/1 or on-error/1.
gboolean mh_case_has_hooks_for_accounts (MhCaseCtx *c);
// One call that should produce text (pre-migrate of an account without an
// MMF, or on-error of a 7007).
int32_t mh_case_text_call (MhCaseCtx *c, const char *user, mig_answer *answer);
// Text buffers followed by canaries, and the checks of what was written.
MhGuarded mh_case_guarded_new (uint32_t size);
gboolean mh_case_canary_intact (const MhGuarded *g, uint32_t from);
gboolean mh_case_check_text (MhCaseCtx *c, const char *what,
                             const MhGuarded *g);
gboolean mh_case_answer_fields_ok (const mig_answer *a);

// validate-lifecycle.c: load, hook ids, init and deinit, ABI version
MhCaseResult mh_case_load_time (MhCaseCtx *c);
MhCaseResult mh_case_unknown_hook_ids (MhCaseCtx *c);
MhCaseResult mh_case_get_hook_null (MhCaseCtx *c);
MhCaseResult mh_case_hooks_before_init (MhCaseCtx *c);
MhCaseResult mh_case_init_deinit_init (MhCaseCtx *c);
MhCaseResult mh_case_init_reference_counted (MhCaseCtx *c);
MhCaseResult mh_case_abi_major_mismatch (MhCaseCtx *c);
MhCaseResult mh_case_refused_init_counts_nothing (MhCaseCtx *c);
MhCaseResult mh_case_init_error_cut (MhCaseCtx *c);
MhCaseResult mh_case_pre_migrate_offered (MhCaseCtx *c);
MhCaseResult mh_case_other_config_refused (MhCaseCtx *c);

// validate-structs.c: struct sizes smaller, larger, with a non-zero tail
MhCaseResult mh_case_struct_size_smaller (MhCaseCtx *c);
MhCaseResult mh_case_struct_size_larger (MhCaseCtx *c);
MhCaseResult mh_case_struct_size_nonzero_tail (MhCaseCtx *c);

// validate-text.c: text buffers and NULL arguments
MhCaseResult mh_case_text_buffer_zero (MhCaseCtx *c);
MhCaseResult mh_case_text_buffer_small (MhCaseCtx *c);
MhCaseResult mh_case_null_arguments (MhCaseCtx *c);

// validate-concurrency.c: concurrent calls against a serial run
MhCaseResult mh_case_concurrent_calls (MhCaseCtx *c);

// validate-hostile.c: hostile strings
MhCaseResult mh_case_hostile_non_utf8 (MhCaseCtx *c);
MhCaseResult mh_case_hostile_long_strings (MhCaseCtx *c);
MhCaseResult mh_case_hostile_format_strings (MhCaseCtx *c);
MhCaseResult mh_case_hostile_terminal_escapes (MhCaseCtx *c);

// validate-batches.c: a batch misused
MhCaseResult mh_case_batch_misuse (MhCaseCtx *c);
MhCaseResult mh_case_batch_other_postoffice (MhCaseCtx *c);

// validate-truthful.c: truthful answers
MhCaseResult mh_case_postoffice_verdict_in_pre_migrate (MhCaseCtx *c);
MhCaseResult mh_case_findings_agree (MhCaseCtx *c);
MhCaseResult mh_case_retryable_with_defer (MhCaseCtx *c);

// validate-contract.c
MhCaseResult mh_case_known_values_only (MhCaseCtx *c);
MhCaseResult mh_case_error_text_empty (MhCaseCtx *c);
MhCaseResult mh_case_invalid_hex_id_refused (MhCaseCtx *c);
MhCaseResult mh_case_output_tail_untouched (MhCaseCtx *c);

// validate-locks-posix.c: the host's own lock and a client's (not built on
// Windows, where their rows are skipped)
MhCaseResult mh_case_host_held_lock (MhCaseCtx *c);
MhCaseResult mh_case_client_holder_text_agrees (MhCaseCtx *c);
