// validate-cases.c — the table of the conformance cases of `mig-host validate`,
// and the runner of one case (validate-*.c hold the cases by group).

#include "validate/validate-context.h"

#include "host-error.h"
#include "plugin-host/answer-copy.h"
#include "plugin-host/host-services.h"
#include "plugin-host/plugin-calls.h"
#include "validate/validate-fixture.h"

#include <stdio.h>
#include <string.h>

// What the runner does around a case. Most cases ask about accounts: they
// need pre-migrate/1 or on-error/1 (else they are skipped) and an initialised
// plugin, which the runner sets up and tears down; the others do their own.
typedef enum {
   SETUP_NONE = 0,
   SETUP_ACCOUNTS,
} CaseSetup;

typedef struct {
   MhValidateCaseInfo info;
   // NULL for a case this platform cannot run (posix_only says why).
   MhCaseResult (*run) (MhCaseCtx *c);
   CaseSetup setup;
   // Why the case is skipped where there are no POSIX record locks, or
   // NULL for a case every platform runs.
   const char *posix_only;
} Case;

// A case of validate-locks-posix.c: its row is the same everywhere, so the
// list of cases is; on Windows it has nothing to run.
#ifdef G_OS_WIN32
#define POSIX_CASE(fn) NULL
#else
#define POSIX_CASE(fn) fn
#endif

static const Case cases[] = {
   {{"load-time", "load plus init within 100 ms"},
    mh_case_load_time,
    SETUP_NONE,
    NULL},
   {{"unknown-hook-ids", "unknown and trailing-garbage ids give NULL"},
    mh_case_unknown_hook_ids,
    SETUP_NONE,
    NULL},
   {{"get-hook-null", "get_hook(NULL) gives NULL"},
    mh_case_get_hook_null,
    SETUP_NONE,
    NULL},
   {{"hooks-before-init", "hooks answer NOT_INITIALISED before init"},
    mh_case_hooks_before_init,
    SETUP_NONE,
    NULL},
   {{"init-deinit-init", "init, deinit, init again"},
    mh_case_init_deinit_init,
    SETUP_NONE,
    NULL},
   {{"init-reference-counted", "init counted; extra deinit ignored"},
    mh_case_init_reference_counted,
    SETUP_NONE,
    NULL},
   {{"abi-major-mismatch", "another ABI major refused with MIG_ERR_VERSION"},
    mh_case_abi_major_mismatch,
    SETUP_NONE,
    NULL},
   {{"refused-init-counts-nothing",
     "an init() refused (NULL host, another major) is not counted"},
    mh_case_refused_init_counts_nothing,
    SETUP_NONE,
    NULL},
   {{"init-error-cut", "init()'s error cut at a character, NUL-terminated"},
    mh_case_init_error_cut,
    SETUP_NONE,
    NULL},
   {{"pre-migrate-offered", "pre-migrate/1 offered after init"},
    mh_case_pre_migrate_offered,
    SETUP_NONE,
    NULL},
   {{"other-config-refused",
     "a second init() naming another configuration refused, not counted"},
    mh_case_other_config_refused,
    SETUP_NONE,
    NULL},
   {{"batch-misuse", "unknown, duplicate and ended batch ids refused"},
    mh_case_batch_misuse,
    SETUP_NONE,
    NULL},
   {{"batch-other-postoffice",
     "an account off its batch's post office answered as outside it"},
    mh_case_batch_other_postoffice,
    SETUP_NONE,
    NULL},
   {{"retryable-with-defer", "RETRYABLE and retry_after_s only with DEFER"},
    mh_case_retryable_with_defer,
    SETUP_ACCOUNTS,
    NULL},
   {{"struct-size-smaller", "structs below the 1.0 size refused"},
    mh_case_struct_size_smaller,
    SETUP_NONE,
    NULL},
   {{"struct-size-larger", "larger structs with a zero tail accepted"},
    mh_case_struct_size_larger,
    SETUP_NONE,
    NULL},
   {{"struct-size-nonzero-tail", "larger structs with a non-zero tail refused"},
    mh_case_struct_size_nonzero_tail,
    SETUP_NONE,
    NULL},
   {{"text-buffer-zero", "text_size 0: text_needed reported, nothing written"},
    mh_case_text_buffer_zero,
    SETUP_ACCOUNTS,
    NULL},
   {{"text-buffer-small", "one-byte and cut buffers: terminated, no overflow"},
    mh_case_text_buffer_small,
    SETUP_ACCOUNTS,
    NULL},
   {{"null-arguments", "NULL account, answer, event, batch, host"},
    mh_case_null_arguments,
    SETUP_NONE,
    NULL},
   {{"concurrent-calls", "8 threads give the answers of a serial run"},
    mh_case_concurrent_calls,
    SETUP_ACCOUNTS,
    NULL},
   {{"hostile-non-utf8", "non-UTF-8 refused or answered in UTF-8"},
    mh_case_hostile_non_utf8,
    SETUP_ACCOUNTS,
    NULL},
   {{"hostile-long-strings", "64 KiB strings"},
    mh_case_hostile_long_strings,
    SETUP_ACCOUNTS,
    NULL},
   {{"hostile-format-strings", "%n%s in names appear literally"},
    mh_case_hostile_format_strings,
    SETUP_ACCOUNTS,
    NULL},
   {{"hostile-terminal-escapes", "terminal escapes never reach the text"},
    mh_case_hostile_terminal_escapes,
    SETUP_ACCOUNTS,
    NULL},
   {{"postoffice-verdict-in-pre-migrate",
     "a post office batch-begin blocks, pre-migrate blocks"},
    mh_case_postoffice_verdict_in_pre_migrate,
    SETUP_NONE,
    NULL},
   {{"host-held-lock",
     "the host's own lock kept, not a client, flagged if named"},
    POSIX_CASE (mh_case_host_held_lock),
    SETUP_NONE,
    "POSIX record locks are a Unix matter"},
   {{"client-holder-text-agrees",
     "a client's lock: pid and machine named in fields and text alike"},
    POSIX_CASE (mh_case_client_holder_text_agrees),
    SETUP_ACCOUNTS,
    "POSIX record locks are a Unix matter"},
   {{"known-values-only",
     "verdicts, flags, lock kinds, log levels of the plugin's minor"},
    mh_case_known_values_only,
    SETUP_ACCOUNTS,
    NULL},
   {{"error-text-empty", "after an error the text is \"\""},
    mh_case_error_text_empty,
    SETUP_ACCOUNTS,
    NULL},
   {{"invalid-hex-id-refused",
     "a mailbox id not 8 hex digits, NULL too, never a go or an error"},
    mh_case_invalid_hex_id_refused,
    SETUP_ACCOUNTS,
    NULL},
   {{"output-tail-untouched",
     "longer answer and catalog entry: tails neither read nor written"},
    mh_case_output_tail_untouched,
    SETUP_ACCOUNTS,
    NULL},
   {{"findings-agree",
     "findings/1 reports agree with the answers, inside the call"},
    mh_case_findings_agree,
    SETUP_ACCOUNTS,
    NULL},
};

gsize
mh_validate_n_cases (void)
{
   return G_N_ELEMENTS (cases);
}

const MhValidateCaseInfo *
mh_validate_case_at (gsize i)
{
   return i < G_N_ELEMENTS (cases) ? &cases[i].info : NULL;
}

static const Case *
find_case (const char *name)
{
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      if (strcmp (cases[i].info.name, name) == 0)
         return &cases[i];
   }
   return NULL;
}

gboolean
mh_validate_case_exists (const char *name)
{
   return find_case (name) != NULL;
}

// Runs `k` with the set-up and tear-down its row asks for.
static MhCaseResult
run_case (const Case *k, MhCaseCtx *c)
{
   if (k->run == NULL) {
      mh_case_note (c, "%s", k->posix_only);
      return MH_CASE_SKIP;
   }
   if (k->setup == SETUP_NONE)
      return k->run (c);
   if (!mh_case_has_hooks_for_accounts (c))
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   MhCaseResult result = k->run (c);
   mh_call_deinit (c->plugin);
   return result;
}

MhCaseResult
mh_validate_case_run (const char *name, const char *path,
                      const char *config_path)
{
   const Case *k = find_case (name);
   g_autoptr (GError) error = NULL;
   MhCaseCtx c = {.detail = g_string_new (NULL)};
   MhCaseResult result = MH_CASE_FAIL;
   c.services = mh_host_services_new (NULL, config_path, &error);
   if (c.services != NULL && mh_validate_fixture_make (&c.fx, &error)) {
      c.host = mh_host_services_host (c.services);
      gint64 start = g_get_monotonic_time ();
      c.plugin = mh_plugin_load (path, &error);
      c.load_us = g_get_monotonic_time () - start;
   }
   if (k == NULL)
      mh_case_fail (&c, "no case %s", name);
   else if (c.plugin == NULL && error != NULL &&
            g_error_matches (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD)) {
      g_string_append (c.detail, error->message);
      result = MH_CASE_UNLOADABLE;
   } else if (c.plugin == NULL)
      mh_case_fail (&c, "%s", error != NULL ? error->message : "setup failed");
   else
      result = run_case (k, &c);
   if (result == MH_CASE_SKIP && c.detail->len == 0)
      g_string_append (c.detail, "the plugin offers none of the hooks needed");
   printf ("%s\n", c.detail->str);
   fflush (stdout);
   // The plugin may be in any state: leave it loaded, only clean our files.
   mh_validate_fixture_clear (&c.fx);
   mh_plugin_free (c.plugin);
   mh_host_services_free (c.services);
   g_string_free (c.detail, TRUE);
   return result;
}
