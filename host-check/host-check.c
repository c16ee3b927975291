// host-check.c — mig-host-check: a plugin a host loads in place of a real
// one to have its side of the contract checked. It answers every hook as a
// well-behaved plugin that knows nothing would (NO_OPINION), and records
// every rule of abi/mig-plugin.h and abi/README.md that the host's calls
// keep or break (host-check-rules.h) in the report host-check-report.h
// writes.
//
// Rationale: it needs nothing but the ABI, GLib and jansson, so that a host
// maker can load it without anything else of mmfguard's.

#include "mig-plugin.h"

#include <glib.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "host-check-report.h"
#include "host-check-rules.h"

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

// How long a host callback called from a thread of the checker may take
// before it counts as not callable from any thread (a deadlock).
#define CALLBACK_TIMEOUT_S 10

typedef struct {
   char *postoffice;
   int running; // pre-migrate calls of this batch in progress
} Batch;

static GMutex state_lock;
static int refcount;                // successful init()s not yet deinit()ed
static gboolean ever_initialised;   // tells "before" from "after"
static const mig_host *shared_host; // the first init's, until the last deinit
static mig_host host_snapshot;      // what it read at that init
static gboolean findings_offered;   // findings/1 at the first init
static const mig_service_findings *findings;
static int running_hooks;
static GHashTable *batches; // guint64 id -> Batch
static int32_t answer_verdict = MIG_VERDICT_NO_OPINION;
static gboolean unloading;

// The host callback this thread is inside, or NULL. GPrivate rather than
// _Thread_local, which mingw implements with emulated TLS from libgcc's DLL,
// a DLL Windows hosts do not have.
static GPrivate in_callback_key;

static const char *
in_callback_get (void)
{
   return g_private_get (&in_callback_key);
}

static void
in_callback_set (const char *callback)
{
   g_private_set (&in_callback_key, (gpointer) callback);
}

// ---------------------------------------------------------------------------
// Recording.

static const mig_host *
logging_host (void)
{
   const mig_host *host = NULL;
   g_mutex_lock (&state_lock);
   if (refcount > 0 && !unloading)
      host = shared_host;
   g_mutex_unlock (&state_lock);
   return host;
}

static void
call_log (const mig_host *host, int32_t level, const char *message)
{
   if (host == NULL || host->log == NULL)
      return;
   const char *outer = in_callback_get ();
   in_callback_set ("log");
   host->log (host, level, message);
   in_callback_set (outer);
}

static void G_GNUC_PRINTF (2, 0)
   violate_valist (HcRule rule, const char *format, va_list args)
{
   g_autofree char *detail = g_strdup_vprintf (format, args);
   if (!hc_report_violation (rule, detail) || hc_report_has_file () ||
       in_callback_get () != NULL)
      return;
   g_autofree char *message =
      g_strdup_printf ("rule %s broken: %s (\"%s\")", hc_rule_row (rule)->id,
                       detail, hc_rule_row (rule)->sentence);
   call_log (logging_host (), MIG_LOG_ERROR, message);
}

static void G_GNUC_PRINTF (2, 3) violate (HcRule rule, const char *format, ...)
{
   va_list args;
   va_start (args, format);
   violate_valist (rule, format, args);
   va_end (args);
}

// Records `rule` as kept when `ok`, else as broken with the detail.
static gboolean G_GNUC_PRINTF (3, 4)
   check (HcRule rule, gboolean ok, const char *format, ...)
{
   if (ok) {
      hc_report_checked (rule);
      return TRUE;
   }
   va_list args;
   va_start (args, format);
   violate_valist (rule, format, args);
   va_end (args);
   return FALSE;
}

static void
check_reentry (const char *function)
{
   const char *callback = in_callback_get ();
   check (HC_RULE_NO_REENTRY, callback == NULL,
          "%s was called from inside the host's %s", function, callback);
}

// ---------------------------------------------------------------------------
// What the host passes.

// Checks the struct_size of the struct at `p` against its 1.0 size
// (`size_1_0`) and the size this checker knows (`known`, 1.1), and, for a
// struct the host passes in (`input`), that its tail is zero; FALSE when a
// plugin would refuse it.
static gboolean
check_struct (const char *what, const void *p, uint32_t size_1_0,
              uint32_t known, gboolean input)
{
   uint32_t size;
   memcpy (&size, p, sizeof size);
   if (!check (HC_RULE_STRUCT_SIZE_MIN, size >= size_1_0,
               "%s.struct_size is %" PRIu32 ", below its 1.0 size %" PRIu32,
               what, size, size_1_0))
      return FALSE;
   if (!check (HC_RULE_STRUCT_SIZE_MAX, size <= known + MIG_MAX_STRUCT_GROWTH,
               "%s.struct_size is %" PRIu32 ", more than %u bytes beyond "
               "the %" PRIu32 " this checker knows",
               what, size, MIG_MAX_STRUCT_GROWTH, known))
      return FALSE;
   if (!input)
      return TRUE; // the plugin neither reads nor writes an output's tail
   const unsigned char *bytes = p;
   uint32_t nonzero = known;
   while (nonzero < size && bytes[nonzero] == 0)
      nonzero++;
   return check (HC_RULE_STRUCT_TAIL_ZERO, nonzero >= size,
                 "%s: byte %" PRIu32 " (of struct_size %" PRIu32
                 ") beyond the %" PRIu32 " this checker knows is not zero",
                 what, nonzero, size, known);
}

// Checks a string; FALSE when a plugin would refuse it.
static gboolean
check_string (const char *what, const char *s, gboolean required)
{
   if (s == NULL)
      return !required ||
             check (HC_RULE_STRING_REQUIRED, FALSE, "%s is NULL", what);
   if (required)
      hc_report_checked (HC_RULE_STRING_REQUIRED);
   return check (HC_RULE_STRING_UTF8, g_utf8_validate (s, -1, NULL),
                 "%s is not valid UTF-8 (or not NUL-terminated)", what);
}

// A post office path as the host must pass it: absolute. On Windows a
// drive path ("C:\\", "C:/") or a UNC or \\?\ path; "C:po" and "\\po" are
// relative.
static void
check_absolute (const char *what, const char *path)
{
   if (path == NULL)
      return; // string-required's
#ifdef G_OS_WIN32
   gboolean absolute = (g_ascii_isalpha (path[0]) && path[1] == ':' &&
                        (path[2] == '\\' || path[2] == '/')) ||
                       ((path[0] == '\\' || path[0] == '/') &&
                        (path[1] == '\\' || path[1] == '/'));
#else
   gboolean absolute = path[0] == '/';
#endif
   check (HC_RULE_POSTOFFICE_ABSOLUTE, absolute, "%s \"%s\" is not absolute",
          what, path);
}

static gboolean
check_required (const char *hook, const char *what, const void *p)
{
   return check (HC_RULE_REQUIRED_POINTER, p != NULL,
                 "%s was called with %s NULL", hook, what);
}

static void
check_host_unchanged (const char *function)
{
   g_mutex_lock (&state_lock);
   const mig_host *host = shared_host;
   gboolean same =
      host == NULL || memcmp (host, &host_snapshot, sizeof host_snapshot) == 0;
   g_mutex_unlock (&state_lock);
   check (HC_RULE_HOST_VALID, same,
          "the mig_host the first init() was given changed before %s",
          function);
}

// init()'s host; returns the code a plugin answers.
static int32_t
check_host (const mig_host *host)
{
   if (!check_required ("init", "host", host))
      return MIG_ERR_INVALID_ARGUMENT;
   // The major first, as the spec orders init()'s checks: another major's
   // mig_host may have any size and tail.
   if (host->struct_size >=
          offsetof (mig_host, abi_major) + sizeof (uint32_t) &&
       !check (HC_RULE_HOST_ABI_MAJOR, host->abi_major == MIG_ABI_VERSION_MAJOR,
               "init() was given abi_major %" PRIu32 "; this checker is %d.%d",
               host->abi_major, MIG_ABI_VERSION_MAJOR, MIG_ABI_VERSION_MINOR))
      return MIG_ERR_VERSION;
   if (!check_struct ("mig_host", host, sizeof *host, sizeof *host, TRUE))
      return MIG_ERR_INVALID_ARGUMENT;
   gboolean ok = check_string ("mig_host.name", host->name, TRUE);
   ok = check_string ("mig_host.version", host->version, TRUE) && ok;
   ok = check_string ("mig_host.locale", host->locale, FALSE) && ok;
   ok = check_string ("mig_host.config_path", host->config_path, FALSE) && ok;
   return ok ? MIG_OK : MIG_ERR_INVALID_ARGUMENT;
}

static gboolean
check_account (const char *what, const mig_account *a)
{
   g_autofree char *name = g_strdup_printf ("%s", what);
   if (!check_struct (name, a, sizeof *a, sizeof *a, TRUE))
      return FALSE;
   gboolean ok = check (HC_RULE_RESERVED_ZERO, a->reserved == 0,
                        "%s.reserved is %" PRIu32, what, a->reserved);
   g_autofree char *postoffice = g_strdup_printf ("%s.postoffice", what);
   g_autofree char *user = g_strdup_printf ("%s.user", what);
   g_autofree char *full_name = g_strdup_printf ("%s.full_name", what);
   g_autofree char *hex_id = g_strdup_printf ("%s.hex_id", what);
   ok = check_string (postoffice, a->postoffice, TRUE) && ok;
   check_absolute (postoffice, a->postoffice);
   ok = check_string (user, a->user, TRUE) && ok;
   ok = check_string (full_name, a->full_name, FALSE) && ok;
   ok = check_string (hex_id, a->hex_id, FALSE) && ok;
   return ok;
}

// The out fields of mig_answer, which the host zeroes before each call.
#define ANSWER_OUT_FIELDS(X)                                                   \
   X (text_needed)                                                             \
   X (flags)                                                                   \
   X (retry_after_s)                                                           \
   X (event_id)                                                                \
   X (cause)                                                                   \
   X (message_id)                                                              \
   X (documentation)                                                           \
   X (path)                                                                    \
   X (holder_lock)                                                             \
   X (holder_count)                                                            \
   X (holder_pid)                                                              \
   X (holder_since)                                                            \
   X (holder_program)                                                          \
   X (holder_unix_user)                                                        \
   X (holder_smb_user)                                                         \
   X (holder_client_machine)

static gboolean
all_zero (const void *p, size_t n)
{
   const unsigned char *bytes = p;
   for (size_t i = 0; i < n; i++)
      if (bytes[i] != 0)
         return FALSE;
   return TRUE;
}

// A hook's answer (NULL allowed); FALSE when a plugin would refuse it.
static gboolean
check_answer (const char *hook, const mig_answer *answer)
{
   if (answer == NULL)
      return TRUE;
   g_autofree char *what = g_strdup_printf ("%s's mig_answer", hook);
   uint32_t size = answer->struct_size;
   if (!check (HC_RULE_STRUCT_SIZE_MIN, size >= sizeof *answer,
               "%s.struct_size is %" PRIu32 ", below its 1.0 size %zu", what,
               size, sizeof *answer) ||
       !check (HC_RULE_STRUCT_SIZE_MAX,
               size <= sizeof *answer + MIG_MAX_STRUCT_GROWTH,
               "%s.struct_size is %" PRIu32 ", more than %u bytes beyond "
               "the %zu this checker knows",
               what, size, MIG_MAX_STRUCT_GROWTH, sizeof *answer))
      return FALSE;
   if (!check (
          HC_RULE_ANSWER_TEXT, answer->text != NULL || answer->text_size == 0,
          "%s.text is NULL with text_size %" PRIu32, what, answer->text_size))
      return FALSE;
   const char *dirty = NULL;
#define ANSWER_FIELD_ZERO(field)                                               \
   if (dirty == NULL && !all_zero (&answer->field, sizeof answer->field))      \
      dirty = #field;
   ANSWER_OUT_FIELDS (ANSWER_FIELD_ZERO)
#undef ANSWER_FIELD_ZERO
   if (dirty == NULL && !all_zero ((const char *) answer + sizeof *answer,
                                   size - sizeof *answer))
      dirty = "the bytes beyond the 1.1 size";
   check (HC_RULE_ANSWER_ZEROED, dirty == NULL,
          "%s.%s is not zero when the hook is called", what, dirty);
   return TRUE;
}

// ---------------------------------------------------------------------------
// Host callbacks.

static const void *
call_get_service (const mig_host *host, const char *id)
{
   if (host->get_service == NULL)
      return NULL;
   const char *outer = in_callback_get ();
   in_callback_set ("get_service");
   const void *service = host->get_service (host, id);
   in_callback_set (outer);
   return service;
}

typedef struct {
   const mig_host *host;
   gint refs; // the waiting thread's and the probing thread's
   GMutex lock;
   GCond done_cond;
   gboolean done;
} CallbackProbe;

static void
probe_unref (CallbackProbe *probe)
{
   if (!g_atomic_int_dec_and_test (&probe->refs))
      return;
   g_mutex_clear (&probe->lock);
   g_cond_clear (&probe->done_cond);
   g_free (probe);
}

static gpointer
probe_thread (gpointer data)
{
   CallbackProbe *probe = data;
   call_log (probe->host, MIG_LOG_DEBUG,
             "log called from a thread of the plugin's own");
   (void) call_get_service (probe->host, MIG_SERVICE_FINDINGS);
   g_mutex_lock (&probe->lock);
   probe->done = TRUE;
   g_cond_signal (&probe->done_cond);
   g_mutex_unlock (&probe->lock);
   probe_unref (probe);
   return NULL;
}

// log and get_service from another thread than the host's; a callback
// that does not return in time is left running (it is stuck).
static void
check_callback_threads (const mig_host *host)
{
   CallbackProbe *probe = g_new0 (CallbackProbe, 1);
   probe->host = host;
   probe->refs = 2;
   g_mutex_init (&probe->lock);
   g_cond_init (&probe->done_cond);
   GThread *thread = g_thread_try_new ("host-check", probe_thread, probe, NULL);
   if (thread == NULL) {
      g_free (probe);
      return;
   }
   gint64 until =
      g_get_monotonic_time () + CALLBACK_TIMEOUT_S * G_TIME_SPAN_SECOND;
   g_mutex_lock (&probe->lock);
   while (!probe->done)
      if (!g_cond_wait_until (&probe->done_cond, &probe->lock, until))
         break;
   gboolean done = probe->done;
   g_mutex_unlock (&probe->lock);
   if (done)
      g_thread_join (thread);
   else
      g_thread_unref (thread);
   probe_unref (probe);
   check (HC_RULE_CALLBACK_THREADS, done,
          "log or get_service called from another thread did not return "
          "within %d s",
          CALLBACK_TIMEOUT_S);
}

static void
check_services (const mig_host *host)
{
   static const char *const unknown[] = {"mig-host-check/no-such-service/1",
                                         "findings/1x"};
   for (size_t i = 0; i < G_N_ELEMENTS (unknown); i++)
      check (HC_RULE_SERVICE_UNKNOWN_NULL,
             call_get_service (host, unknown[i]) == NULL,
             "get_service (\"%s\") is not NULL", unknown[i]);
   const mig_service_findings *service =
      call_get_service (host, MIG_SERVICE_FINDINGS);
   if (service != NULL &&
       !check (HC_RULE_SERVICE_FUNCTIONS, service->add != NULL,
               "findings/1's add is NULL"))
      service = NULL;
   g_mutex_lock (&state_lock);
   findings_offered = service != NULL;
   findings = service;
   g_mutex_unlock (&state_lock);
   check_callback_threads (host);
}

// ---------------------------------------------------------------------------
// The plugin's side.

static void
write_error (char *error, uint32_t error_size, const char *text)
{
   if (error != NULL && error_size > 0)
      g_strlcpy (error, text, error_size);
}

static int32_t
verdict_from_environment (void)
{
   const char *value = g_getenv ("MIG_HOST_CHECK_VERDICT");
   if (g_strcmp0 (value, "proceed") == 0)
      return MIG_VERDICT_PROCEED;
   if (g_strcmp0 (value, "defer") == 0)
      return MIG_VERDICT_DEFER;
   if (g_strcmp0 (value, "block") == 0)
      return MIG_VERDICT_BLOCK;
   return MIG_VERDICT_NO_OPINION;
}

// config_path in the form the spec compares: made absolute against the
// working directory, separators collapsed, "." dropped, ".." kept. Written
// from the spec's sentence, independently of any plugin's code, as the
// checker is a second implementation of the contract.
static char *
config_key (const char *path)
{
   g_autofree char *cwd =
      g_path_is_absolute (path) ? NULL : g_get_current_dir ();
   g_autofree char *absolute =
      cwd ? g_build_filename (cwd, path, NULL) : g_strdup (path);
   const char *rest = g_path_skip_root (absolute);
   if (rest == NULL)
      rest = absolute;
   GString *key = g_string_new_len (absolute, rest - absolute);
   g_auto (GStrv) parts =
      g_strsplit_set (rest, G_DIR_SEPARATOR == '/' ? "/" : "/\\", -1);
   for (guint i = 0; parts[i] != NULL; i++) {
      if (*parts[i] == '\0' || strcmp (parts[i], ".") == 0)
         continue;
      if (key->len > 0 && !G_IS_DIR_SEPARATOR (key->str[key->len - 1]))
         g_string_append_c (key, G_DIR_SEPARATOR);
      g_string_append (key, parts[i]);
   }
   return g_string_free (key, FALSE);
}

// Two config_path values name one configuration (NULL: the defaults).
static gboolean
same_config (const char *a, const char *b)
{
   if (a == NULL || b == NULL)
      return a == NULL && b == NULL;
   g_autofree char *key_a = config_key (a);
   g_autofree char *key_b = config_key (b);
   return strcmp (key_a, key_b) == 0;
}

static int32_t MIG_CALL
hc_init (const mig_host *host, char *error, uint32_t error_size)
{
   check_reentry ("init");
   hc_report_open (g_getenv ("MIG_HOST_CHECK_REPORT"));
   check (HC_RULE_INIT_ERROR_BUFFER, error != NULL || error_size == 0,
          "init() was called with error NULL and error_size %" PRIu32,
          error_size);
   if (error == NULL)
      error_size = 0;
   int32_t code = check_host (host);
   if (code != MIG_OK) {
      write_error (error, error_size,
                   "mig-host-check refused this mig_host: see its report");
      return code;
   }
   g_mutex_lock (&state_lock);
   gboolean first = refcount == 0;
   if (!first && !same_config (host_snapshot.config_path, host->config_path)) {
      g_mutex_unlock (&state_lock);
      write_error (error, error_size,
                   "mig-host-check is initialised in this process with "
                   "another configuration; one process runs one");
      return MIG_ERR_CONFIG;
   }
   if (first) {
      shared_host = host;
      host_snapshot = *host;
      ever_initialised = TRUE;
      answer_verdict = verdict_from_environment ();
      batches =
         g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
   }
   refcount++;
   g_mutex_unlock (&state_lock);
   if (!first)
      return MIG_OK;
   g_autoptr (GError) unwritable = NULL;
   if (!hc_report_flush (&unwritable)) {
      g_autofree char *why = g_strdup_printf (
         "%s; no report will be left: set "
         "MIG_HOST_CHECK_REPORT to a file in a writable folder",
         unwritable->message);
      call_log (host, MIG_LOG_ERROR, why);
   }
   check_services (host);
   g_autofree char *message = g_strdup_printf (
      "mig-host-check %s checks %s %s; report: %s", PACKAGE_VERSION, host->name,
      host->version,
      hc_report_has_file () ? g_getenv ("MIG_HOST_CHECK_REPORT")
                            : "this log, at the last deinit()");
   call_log (host, MIG_LOG_INFO, message);
   return MIG_OK;
}

static void
batch_free (gpointer data)
{
   Batch *batch = data;
   g_free (batch->postoffice);
   g_free (batch);
}

static void MIG_CALL
hc_deinit (void)
{
   check_reentry ("deinit");
   g_mutex_lock (&state_lock);
   int count = refcount;
   if (count > 1)
      refcount--;
   int running = running_hooks;
   const mig_host *host = shared_host;
   gboolean offered = findings_offered;
   GList *open = batches != NULL ? g_hash_table_get_keys (batches) : NULL;
   g_mutex_unlock (&state_lock);
   if (!check (HC_RULE_DEINIT_PAIRING, count > 0,
               "deinit() was called without a successful init() to match")) {
      g_list_free (open);
      return;
   }
   if (count > 1) {
      g_list_free (open);
      return;
   }
   check_host_unchanged ("the last deinit()");
   check (HC_RULE_HOOK_DURING_DEINIT, running == 0,
          "the last deinit() was called while %d hook call(s) were running",
          running);
   check (HC_RULE_BATCH_END_ONCE, open == NULL,
          "%u batch(es) were still open at the last deinit()",
          g_list_length (open));
   g_list_free (open);
   if (offered)
      check (HC_RULE_SERVICE_KEPT,
             call_get_service (host, MIG_SERVICE_FINDINGS) != NULL,
             "get_service (\"findings/1\") is NULL at the last deinit() but "
             "was offered at the first init()");
   (void) hc_report_flush (NULL);
   if (!hc_report_has_file ()) {
      g_autofree char *json = hc_report_json ();
      g_autofree char *message = g_strdup_printf ("report: %s", json);
      call_log (host, MIG_LOG_INFO, message);
   }
   g_mutex_lock (&state_lock);
   refcount = 0;
   shared_host = NULL;
   findings = NULL;
   g_clear_pointer (&batches, g_hash_table_unref);
   g_mutex_unlock (&state_lock);
}

// A process that exits (or unloads the checker) with inits not matched.
__attribute__ ((destructor)) static void
hc_unloaded (void)
{
   g_mutex_lock (&state_lock);
   int count = refcount;
   unloading = TRUE;
   g_mutex_unlock (&state_lock);
   if (count > 0)
      violate (HC_RULE_DEINIT_PAIRING,
               "%d successful init() call(s) were never matched by deinit() "
               "before the process exited or unloaded the checker",
               count);
   (void) hc_report_flush (NULL);
}

static gboolean
hook_enter (const char *hook)
{
   check_reentry (hook);
   g_mutex_lock (&state_lock);
   int count = refcount;
   gboolean after = ever_initialised;
   if (count > 0)
      running_hooks++;
   g_mutex_unlock (&state_lock);
   if (!check (HC_RULE_HOOK_BEFORE_INIT, count > 0 || after,
               "%s was called before init()", hook) ||
       !check (HC_RULE_HOOK_AFTER_DEINIT, count > 0,
               "%s was called after the last deinit()", hook))
      return FALSE;
   check_host_unchanged (hook);
   return TRUE;
}

static void
hook_leave (void)
{
   g_mutex_lock (&state_lock);
   running_hooks--;
   g_mutex_unlock (&state_lock);
}

// Answers as a plugin with answer_verdict does: NO_OPINION writes an empty
// text; any other verdict gives the cause "host-check" and one finding.
static int32_t
answer_with (mig_answer *answer, const char *hook)
{
   g_mutex_lock (&state_lock);
   int32_t verdict = answer_verdict;
   const mig_host *host = shared_host;
   const mig_service_findings *service = findings;
   g_mutex_unlock (&state_lock);
   if (answer == NULL)
      return verdict;
   g_autofree char *text =
      verdict == MIG_VERDICT_NO_OPINION
         ? g_strdup ("")
         : g_strdup_printf ("mig-host-check answers %s with verdict %d.", hook,
                            (int) verdict);
   if (answer->text_size > 0)
      g_strlcpy (answer->text, text, answer->text_size); // ASCII: no cut
   answer->text_needed = (uint32_t) strlen (text);
   // Not set for text_size 0: no text was asked for, so none was cut.
   if (answer->text_needed >= answer->text_size && answer->text_size > 0)
      answer->flags |= MIG_ANSWER_TEXT_TRUNCATED;
   if (verdict == MIG_VERDICT_NO_OPINION)
      return verdict;
   g_strlcpy (answer->cause, "host-check", sizeof answer->cause);
   if (service != NULL) {
      const mig_finding finding = {.struct_size = sizeof finding,
                                   .verdict = verdict,
                                   .cause = "host-check"};
      const char *outer = in_callback_get ();
      in_callback_set ("findings/1 add");
      service->add (host, answer, &finding);
      in_callback_set (outer);
   }
   return verdict;
}

static int32_t
batch_begin_checked (const mig_batch *batch, mig_answer *answer)
{
   gboolean answer_ok = check_answer ("batch-begin/1", answer);
   if (!check_required ("batch-begin/1", "batch", batch) ||
       !check_struct ("mig_batch", batch, sizeof *batch, sizeof *batch, TRUE))
      return MIG_ERR_INVALID_ARGUMENT;
   gboolean ok =
      check_string ("mig_batch.postoffice", batch->postoffice, TRUE) &&
      answer_ok;
   check_absolute ("mig_batch.postoffice", batch->postoffice);
   guint64 id = batch->batch_id;
   g_mutex_lock (&state_lock);
   gboolean open = batches != NULL && g_hash_table_contains (batches, &id);
   g_mutex_unlock (&state_lock);
   if (!check (HC_RULE_BATCH_ID, id != 0,
               "batch-begin/1 was called with batch_id 0") ||
       !check (HC_RULE_BATCH_ID, !open,
               "batch-begin/1 was called with the id of an open batch") ||
       !ok)
      return MIG_ERR_INVALID_ARGUMENT;
   Batch *entry = g_new0 (Batch, 1);
   entry->postoffice = g_strdup (batch->postoffice);
   g_mutex_lock (&state_lock);
   if (batches != NULL)
      g_hash_table_insert (batches, g_memdup2 (&id, sizeof id), entry);
   else
      batch_free (entry);
   g_mutex_unlock (&state_lock);
   return answer_with (answer, "batch-begin/1");
}

// A hook that fails leaves the text "", as every plugin must: cleared first.
static void
clear_text (mig_answer *answer)
{
   if (answer != NULL && MIG_HAS_FIELD (answer, mig_answer, text) &&
       answer->text != NULL && answer->text_size > 0)
      answer->text[0] = '\0';
}

static int32_t MIG_CALL
hc_batch_begin (const mig_batch *batch, mig_answer *answer)
{
   clear_text (answer);
   if (!hook_enter ("batch-begin/1"))
      return MIG_ERR_NOT_INITIALISED;
   int32_t code = batch_begin_checked (batch, answer);
   hook_leave ();
   return code;
}

static int32_t MIG_CALL
hc_batch_end (uint64_t batch_id)
{
   if (!hook_enter ("batch-end/1"))
      return MIG_ERR_NOT_INITIALISED;
   g_mutex_lock (&state_lock);
   guint64 id = batch_id;
   Batch *batch = batches != NULL ? g_hash_table_lookup (batches, &id) : NULL;
   int running = batch != NULL ? batch->running : 0;
   if (batch != NULL) {
      g_hash_table_remove (batches, &id);
      batch_free (batch);
   }
   g_mutex_unlock (&state_lock);
   gboolean was_open =
      check (HC_RULE_BATCH_END_ONCE, batch != NULL,
             "batch-end/1 was called for a batch that is not open");
   if (was_open)
      check (HC_RULE_BATCH_END_AFTER_CALLS, running == 0,
             "batch-end/1 was called while %d pre-migrate call(s) of the "
             "batch were running",
             running);
   hook_leave ();
   return was_open ? MIG_OK : MIG_ERR_INVALID_ARGUMENT;
}

// Enters pre-migrate's batch: FALSE when the account names none that is
// open. Reports a post office that differs from the batch's.
static gboolean
batch_enter (const mig_account *account)
{
   guint64 id = account->batch_id;
   g_mutex_lock (&state_lock);
   Batch *batch = batches != NULL ? g_hash_table_lookup (batches, &id) : NULL;
   gboolean same_postoffice = FALSE;
   if (batch != NULL) {
      batch->running++;
      same_postoffice = g_strcmp0 (batch->postoffice, account->postoffice) == 0;
   }
   g_mutex_unlock (&state_lock);
   if (!check (HC_RULE_BATCH_OPEN, batch != NULL,
               "pre-migrate/1 was called with a batch_id that is not open"))
      return FALSE;
   check (HC_RULE_BATCH_POSTOFFICE, same_postoffice,
          "pre-migrate/1's account.postoffice is not its batch's");
   return TRUE;
}

static void
batch_leave (uint64_t batch_id)
{
   guint64 id = batch_id;
   g_mutex_lock (&state_lock);
   Batch *batch = batches != NULL ? g_hash_table_lookup (batches, &id) : NULL;
   if (batch != NULL && batch->running > 0)
      batch->running--;
   g_mutex_unlock (&state_lock);
}

static int32_t
pre_migrate_checked (const mig_account *account, mig_answer *answer)
{
   gboolean answer_ok = check_answer ("pre-migrate/1", answer);
   if (!check_required ("pre-migrate/1", "account", account) ||
       !check_account ("pre-migrate/1's mig_account", account) || !answer_ok)
      return MIG_ERR_INVALID_ARGUMENT;
   if (account->batch_id == 0)
      return answer_with (answer, "pre-migrate/1");
   if (!batch_enter (account))
      return MIG_ERR_INVALID_ARGUMENT;
   int32_t verdict = answer_with (answer, "pre-migrate/1");
   batch_leave (account->batch_id);
   return verdict;
}

static int32_t MIG_CALL
hc_pre_migrate (const mig_account *account, mig_answer *answer)
{
   clear_text (answer);
   if (!hook_enter ("pre-migrate/1"))
      return MIG_ERR_NOT_INITIALISED;
   int32_t code = pre_migrate_checked (account, answer);
   hook_leave ();
   return code;
}

static gboolean
check_event (const mig_event *event)
{
   if (!check_struct ("mig_event", event, sizeof *event, sizeof *event, TRUE))
      return FALSE;
   gboolean ok = check (HC_RULE_RESERVED_ZERO, event->reserved == 0,
                        "mig_event.reserved is %" PRIu32, event->reserved);
   ok = check_string ("mig_event.source", event->source, FALSE) && ok;
   ok = check_string ("mig_event.description", event->description, FALSE) && ok;
   if (!check (HC_RULE_INSERTS, event->inserts != NULL || event->n_inserts == 0,
               "mig_event.inserts is NULL with n_inserts %" PRIu32,
               event->n_inserts))
      return FALSE;
   for (uint32_t i = 0; i < event->n_inserts; i++) {
      g_autofree char *what =
         g_strdup_printf ("mig_event.inserts[%" PRIu32 "]", i);
      if (!check (HC_RULE_INSERTS, event->inserts[i] != NULL, "%s is NULL",
                  what))
         ok = FALSE;
      else
         ok = check_string (what, event->inserts[i], TRUE) && ok;
   }
   if (event->account != NULL)
      ok = check_account ("mig_event.account", event->account) && ok;
   return ok;
}

static int32_t MIG_CALL
hc_on_error (const mig_event *event, mig_answer *answer)
{
   clear_text (answer);
   if (!hook_enter ("on-error/1"))
      return MIG_ERR_NOT_INITIALISED;
   gboolean answer_ok = check_answer ("on-error/1", answer);
   int32_t code = MIG_ERR_INVALID_ARGUMENT;
   if (check_required ("on-error/1", "event", event) && check_event (event) &&
       answer_ok)
      code = answer_with (answer, "on-error/1");
   hook_leave ();
   return code;
}

static int32_t MIG_CALL
hc_catalog (uint32_t index, mig_catalog_entry *entry)
{
   (void) index;
   if (!hook_enter ("catalog/1"))
      return MIG_ERR_NOT_INITIALISED;
   int32_t code = MIG_ERR_RANGE; // an empty catalog
   if (!check_required ("catalog/1", "entry", entry) ||
       !check_struct ("mig_catalog_entry", entry, sizeof *entry, sizeof *entry,
                      FALSE))
      code = MIG_ERR_INVALID_ARGUMENT;
   hook_leave ();
   return code;
}

static const mig_hook_batch_begin batch_begin_hook = {hc_batch_begin};
static const mig_hook_batch_end batch_end_hook = {hc_batch_end};
static const mig_hook_pre_migrate pre_migrate_hook = {hc_pre_migrate};
static const mig_hook_on_error on_error_hook = {hc_on_error};
static const mig_hook_catalog catalog_hook = {hc_catalog};

static const void *MIG_CALL
hc_get_hook (const char *id)
{
   check_reentry ("get_hook");
   if (!check_string ("get_hook's id", id, TRUE))
      return NULL;
   static const struct {
      const char *id;
      const void *hook;
   } hooks[] = {
      {MIG_HOOK_BATCH_BEGIN, &batch_begin_hook},
      {MIG_HOOK_BATCH_END, &batch_end_hook},
      {MIG_HOOK_PRE_MIGRATE, &pre_migrate_hook},
      {MIG_HOOK_ON_ERROR, &on_error_hook},
      {MIG_HOOK_CATALOG, &catalog_hook},
   };
   for (size_t i = 0; id != NULL && i < G_N_ELEMENTS (hooks); i++)
      if (strcmp (id, hooks[i].id) == 0)
         return hooks[i].hook;
   return NULL;
}

MIG_EXPORT const mig_plugin_entry mig_entry = {
   .struct_size = sizeof (mig_plugin_entry),
   .abi_major = MIG_ABI_VERSION_MAJOR,
   .abi_minor = MIG_ABI_VERSION_MINOR,
   .abi_revision = MIG_ABI_VERSION_REVISION,
   .id = "org.mmfguard.host-check",
   .name = "mig-host-check",
   .version = PACKAGE_VERSION,
   .description = "Checks the host's side of the mig plugin ABI and reports "
                  "what it breaks",
   .init = hc_init,
   .deinit = hc_deinit,
   .get_hook = hc_get_hook,
};
