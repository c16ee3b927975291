// host-check-rules.h — the rules mig-host-check checks a host against, one
// row per rule: its id, the sentence of the specification it checks (quoted
// from abi/mig-plugin.h or abi/README.md, whitespace and markup aside), and
// how the check is made.

#pragma once

// X (NAME, "id", "sentence", "check")
#define HC_RULES(X)                                                            \
   X (STRUCT_SIZE_MIN, "struct-size-min",                                      \
      "a struct smaller than its 1.0 size is refused with "                    \
      "MIG_ERR_INVALID_ARGUMENT",                                              \
      "every struct the host passes (mig_host, mig_account, mig_event, "       \
      "mig_batch, mig_answer, mig_catalog_entry) has struct_size at least "    \
      "its 1.0 size")                                                          \
   X (STRUCT_SIZE_MAX, "struct-size-max",                                      \
      "No struct will grow by more than this within one major version: a "     \
      "struct_size more than this beyond a struct's 1.1 size (its sizeof in "  \
      "1.1) is wrong, whichever struct it is",                                 \
      "every struct's struct_size is at most its 1.1 size plus "               \
      "MIG_MAX_STRUCT_GROWTH")                                                 \
   X (STRUCT_TAIL_ZERO, "struct-tail-zero",                                    \
      "bytes of an input struct beyond what the reader knows must be zero.",   \
      "the bytes between the 1.1 size and struct_size of mig_host, "           \
      "mig_account, mig_event and mig_batch are all zero (mig_answer's are "   \
      "answer-zeroed's; mig_catalog_entry's are not read)")                    \
   X (RESERVED_ZERO, "reserved-zero", "Reserved, must be 0.",                  \
      "mig_account.reserved and mig_event.reserved are 0")                     \
   X (REQUIRED_POINTER, "required-pointer",                                    \
      "A required pointer or string is NULL",                                  \
      "init's host, pre-migrate's account, on-error's event, batch-begin's "   \
      "batch and catalog/1's entry are not NULL")                              \
   X (STRING_REQUIRED, "string-required", "Valid UTF-8, never NULL.",          \
      "mig_host.name and .version, mig_account.postoffice and .user, "         \
      "mig_batch.postoffice and get_hook's id are not NULL")                   \
   X (STRING_UTF8, "string-utf8",                                              \
      "Strings are valid UTF-8 and NUL-terminated.",                           \
      "every string the host passes validates as UTF-8 up to its NUL (a "      \
      "string without a NUL runs into bytes that are not UTF-8)")              \
   X (POSTOFFICE_ABSOLUTE, "postoffice-absolute",                              \
      "Absolute: a host resolves a relative path first;",                      \
      "mig_account.postoffice and mig_batch.postoffice are absolute: they "    \
      "start with / (on Windows: a drive and \\, or \\\\)")                    \
   X (INSERTS, "inserts",                                                      \
      "The event's insertion strings in order, or NULL. Each valid UTF-8, "    \
      "never NULL: an insert the host does not know is \"\", not NULL.",       \
      "n_inserts is 0 when inserts is NULL, and no insert is NULL")            \
   X (HOST_ABI_MAJOR, "host-abi-major",                                        \
      "The ABI version the host was built against (MIG_ABI_VERSION_*).",       \
      "mig_host.abi_major is 1, the major this checker was built against: a "  \
      "host loads no plugin of another major")                                 \
   X (INIT_ERROR_BUFFER, "init-error-buffer",                                  \
      "error may be NULL when error_size is 0.",                               \
      "init's error is not NULL when error_size is not 0")                     \
   X (HOOK_BEFORE_INIT, "hook-before-init",                                    \
      "A host calls hooks only between a successful init() and the last "      \
      "deinit().",                                                             \
      "no hook is called before the first successful init")                    \
   X (HOOK_AFTER_DEINIT, "hook-after-deinit",                                  \
      "The last one frees everything; no hook may be running or called "       \
      "afterwards.",                                                           \
      "no hook is called after the last deinit")                               \
   X (HOOK_DURING_DEINIT, "hook-during-last-deinit",                           \
      "No hook may run during the last deinit.",                               \
      "no hook call is in progress when the last deinit is called")            \
   X (DEINIT_PAIRING, "deinit-pairing",                                        \
      "Reference counted: every successful init() is matched by one "          \
      "deinit();",                                                             \
      "no deinit without a successful init to match; every successful init "   \
      "matched by a deinit before the checker is unloaded or the process "     \
      "exits")                                                                 \
   X (HOST_VALID, "host-valid-until-deinit",                                   \
      "host must stay valid until the last deinit().",                         \
      "the first init's mig_host reads the same at every later call up to "    \
      "the last deinit")                                                       \
   X (ANSWER_TEXT, "answer-text", "May be NULL when text_size is 0.",          \
      "mig_answer.text is not NULL when text_size is not 0")                   \
   X (ANSWER_ZEROED, "answer-zeroed",                                          \
      "Allocated by the host, which sets struct_size, text and text_size and " \
      "zeroes the rest;",                                                      \
      "every out field of mig_answer, and every byte beyond the 1.1 size, is " \
      "0 when a hook is called (a reused answer is zeroed again)")             \
   X (BATCH_ID, "batch-id",                                                    \
      "Chosen by the host: non-zero and unique among the host's open "         \
      "batches.",                                                              \
      "batch-begin's batch_id is not 0 and not the id of an open batch")       \
   X (BATCH_OPEN, "batch-open",                                                \
      "A batch_id other than 0 names an open batch: one begun without an "     \
      "error and not yet ended.",                                              \
      "pre-migrate's account.batch_id is 0 or an open batch's")                \
   X (BATCH_POSTOFFICE, "batch-postoffice",                                    \
      "An account passed with a batch's id is on that batch's post office: "   \
      "its postoffice is the batch's string.",                                 \
      "pre-migrate's account.postoffice equals the open batch's postoffice")   \
   X (BATCH_END_ONCE, "batch-end-once",                                        \
      "The host ends every batch begun without an error once, with "           \
      "batch-end/1.",                                                          \
      "batch-end's id is an open batch's; no batch is left open at the last "  \
      "deinit")                                                                \
   X (BATCH_END_AFTER_CALLS, "batch-end-after-calls",                          \
      "Pre-migrate calls for this batch must have returned.",                  \
      "no pre-migrate of the batch is in progress when batch-end is called")   \
   X (SERVICE_UNKNOWN_NULL, "service-unknown-null",                            \
      "Looks up a further host service by exact id; returns NULL for an id "   \
      "the host does not offer.",                                              \
      "get_service returns NULL for an id no host offers and for "             \
      "\"findings/1x\"")                                                       \
   X (SERVICE_FUNCTIONS, "service-functions",                                  \
      "Every function pointer in a service's struct is non-NULL.",             \
      "findings/1's add is not NULL when the host offers findings/1")          \
   X (SERVICE_KEPT, "service-kept",                                            \
      "A plugin may look the service up once, at its first init(): offer it "  \
      "from then on.",                                                         \
      "get_service gives findings/1 at the last deinit when it gave it at "    \
      "the first init")                                                        \
   X (CALLBACK_THREADS, "callback-threads",                                    \
      "mig_host.log, get_service and every service function: the host makes "  \
      "them [thread-safe].",                                                   \
      "log and get_service called from a thread the checker starts return "    \
      "within 10 s")                                                           \
   X (NO_REENTRY, "no-reentry",                                                \
      "A host does not call into the plugin (init, deinit, get_hook or a "     \
      "hook) from inside log, get_service or a service function on the "       \
      "same thread.",                                                          \
      "no checker function is entered on a thread that is inside one of the "  \
      "host's callbacks")

typedef enum {
#define HC_RULE_ENUM(NAME, ID, SENTENCE, CHECK) HC_RULE_##NAME,
   HC_RULES (HC_RULE_ENUM)
#undef HC_RULE_ENUM
      HC_N_RULES
} HcRule;

typedef struct {
   const char *id;
   const char *sentence; // quoted from the specification
   const char *check;    // what the checker does
} HcRuleRow;

// The row of `rule`.
const HcRuleRow *hc_rule_row (HcRule rule);
