// abi-header-layout.h — every member of every ABI struct, as a list, so that
// the header compile checks (abi-header-*.c/.cpp) can each record the layout
// their language and standard gives, and test-abi can compare them.
// Included after the ABI headers, which must compile alone.

#ifndef ABI_HEADER_LAYOUT_H
#define ABI_HEADER_LAYOUT_H

#include <stddef.h>

// Lists of X() rows, which clang-format would wrap at random:
// clang-format off
#define ABI_MEMBERS(X)                                                         \
   X(mig_host, struct_size) X(mig_host, abi_major) X(mig_host, abi_minor)     \
   X(mig_host, abi_revision) X(mig_host, name) X(mig_host, version)           \
   X(mig_host, locale) X(mig_host, config_path) X(mig_host, host_data)        \
   X(mig_host, log) X(mig_host, get_service)                                  \
   X(mig_account, struct_size) X(mig_account, reserved)                       \
   X(mig_account, batch_id) X(mig_account, postoffice) X(mig_account, user)   \
   X(mig_account, full_name) X(mig_account, hex_id)                           \
   X(mig_account, password_recovered_at)                                      \
   X(mig_event, struct_size) X(mig_event, event_id) X(mig_event, source)      \
   X(mig_event, inserts) X(mig_event, n_inserts) X(mig_event, reserved)       \
   X(mig_event, description) X(mig_event, account)                            \
   X(mig_batch, struct_size) X(mig_batch, n_accounts) X(mig_batch, batch_id)  \
   X(mig_batch, postoffice)                                                   \
   X(mig_answer, struct_size) X(mig_answer, text_size) X(mig_answer, text)    \
   X(mig_answer, text_needed) X(mig_answer, flags)                            \
   X(mig_answer, retry_after_s) X(mig_answer, event_id) X(mig_answer, cause)  \
   X(mig_answer, message_id) X(mig_answer, documentation)                     \
   X(mig_answer, path) X(mig_answer, holder_lock)                             \
   X(mig_answer, holder_count) X(mig_answer, holder_pid)                      \
   X(mig_answer, holder_since) X(mig_answer, holder_program)                  \
   X(mig_answer, holder_unix_user) X(mig_answer, holder_smb_user)             \
   X(mig_answer, holder_client_machine)                                       \
   X(mig_catalog_entry, struct_size) X(mig_catalog_entry, event_id)           \
   X(mig_catalog_entry, message_id) X(mig_catalog_entry, source)              \
   X(mig_catalog_entry, cause) X(mig_catalog_entry, lang)                     \
   X(mig_catalog_entry, subject)                                              \
   X(mig_finding, struct_size) X(mig_finding, verdict)                        \
   X(mig_finding, event_id) X(mig_finding, reserved) X(mig_finding, cause)    \
   X(mig_finding, message_id) X(mig_service_findings, add)                    \
   X(mig_plugin_entry, struct_size) X(mig_plugin_entry, abi_major)            \
   X(mig_plugin_entry, abi_minor) X(mig_plugin_entry, abi_revision)           \
   X(mig_plugin_entry, id) X(mig_plugin_entry, name)                          \
   X(mig_plugin_entry, version) X(mig_plugin_entry, description)              \
   X(mig_plugin_entry, init) X(mig_plugin_entry, deinit)                      \
   X(mig_plugin_entry, get_hook)

#define ABI_STRUCTS(X)                                                         \
   X(mig_host) X(mig_account) X(mig_event) X(mig_batch) X(mig_answer)         \
   X(mig_catalog_entry) X(mig_plugin_entry) X(mig_hook_batch_begin)           \
   X(mig_hook_batch_end) X(mig_hook_pre_migrate) X(mig_hook_on_error)         \
   X(mig_hook_catalog) X(mig_finding) X(mig_service_findings)

#define ABI_MEMBER_LAYOUT(T, m) offsetof(T, m), sizeof(((T *)0)->m),
#define ABI_STRUCT_SIZE(T) sizeof(T),
// Constants a host or plugin compiles in.
#define ABI_CONSTANTS                                                          \
   (size_t) MIG_ABI_VERSION_MAJOR, (size_t) MIG_VERDICT_BLOCK,                \
   (size_t) MIG_LOCK_SMB_RANGE, (size_t) MIG_ANSWER_TEXT_TRUNCATED,           \
   (size_t) -MIG_ERR_INTERNAL,

#define ABI_HOOK_ID(name, id, ...) id,

#ifdef __cplusplus
extern "C" {
#endif

// Each returns its layout array (member offsets and sizes, struct sizes,
// constants) and stores its length; `ids` gets the hook table's ids,
// NULL-terminated.
size_t abi_layout_c99(const size_t **layout, const char *const **ids);
size_t abi_layout_c11(const size_t **layout, const char *const **ids);
size_t abi_layout_cpp17(const size_t **layout, const char *const **ids);

#ifdef __cplusplus
}
#endif

// clang-format on
#endif
