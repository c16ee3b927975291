// catalog.h — the resolution catalog: systemd journal catalog entries, one
// per (source, event, cause, language), compiled in and overridable by a site
// directory. Loaded once at init; immutable afterwards.
//
// Entry format (systemd's, with two headers of our own):
//   -- 8f0f0b5e2c6a4e7d9b1a3c5d7e9f1a2b de
//   Subject: ...
//   Defined-By: mmfguard
//   Documentation: KB Q168606
//   X-Event: MSExchangeMig 7007
//   X-Cause: mmf-in-use
//   X-Verdict: block          (the wizard's other events only; see below)
//
//   Body with @FIELD@ placeholders. A "What to do:" part with numbered steps.
//
// README.md beside this header describes the format, every header and every
// field in full.

#pragma once

#include <glib.h>

typedef struct {
   const char *message_id; // 32 lower-case hex digits
   const char *lang;       // "en", "de", ...
   const char *subject;
   const char *defined_by;
   const char *documentation;
   const char *source; // from X-Event, eg "MSExchangeMig"
   guint event_id;     // from X-Event; 0 for post-office conditions
   const char *cause;  // from X-Cause
   // From X-Reason: a finer case of the cause, with text of its own (why a
   // lock state is unknown: no file server configured, access denied, ...);
   // NULL for the entry that answers for the cause in general.
   const char *reason;
   const char *body; // with @FIELD@ placeholders
   // From X-Verdict (MIG_VERDICT_*): what mmfguard answers for an event it
   // explains from the catalog alone; MIG_VERDICT_NO_OPINION for "none" or
   // when absent (the policy decides for entries keyed by a checked cause).
   int verdict;
   const char *origin; // "file:line" of the entry's id line
} MmfgCatalogEntry;

// Errors of mmfg_catalog_parse() and mmfg_catalog_load(); messages start
// with "file:line: ".
#define MMFG_CATALOG_ERROR (mmfg_catalog_error_quark ())
GQuark mmfg_catalog_error_quark (void);
typedef enum {
   MMFG_CATALOG_ERROR_PARSE, // malformed catalog text
   MMFG_CATALOG_ERROR_READ,  // a file or the site folder could not be read
} MmfgCatalogError;

typedef struct MmfgCatalog MmfgCatalog;

// The built-in catalog, then every *.catalog file of `site_dir` (NULL for
// none) overriding entries with the same message id and language. Errors
// name the file and line.
MmfgCatalog *mmfg_catalog_load (const char *site_dir, GError **error);
// Parses catalog text (one file's worth); for tests and fuzzing.
MmfgCatalog *mmfg_catalog_parse (const char *text, gsize len,
                                 const char *file_name, GError **error);
void mmfg_catalog_free (MmfgCatalog *catalog);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgCatalog, mmfg_catalog_free)

guint mmfg_catalog_size (const MmfgCatalog *catalog);
const MmfgCatalogEntry *mmfg_catalog_nth (const MmfgCatalog *catalog, guint i);

// The entry for (source, event, cause) in the first language of `langs`
// (NULL-terminated, eg {"de", "en", NULL}) that has one, else English, else
// NULL. `source` NULL means "MSExchangeMig"; event 0 matches entries whose
// X-Event has no id (post-office conditions). `cause` NULL means "the entry
// for this event, whatever its cause": for the wizard's other events, which
// have exactly one (with several, the first in catalog order). `langs` NULL
// means English. The result is owned by the catalog. [thread-safe]
const MmfgCatalogEntry *mmfg_catalog_lookup (const MmfgCatalog *catalog,
                                             const char *source, guint event_id,
                                             const char *cause,
                                             const char *const *langs);

// The same, preferring the entry for `reason` (X-Reason) of the cause in
// any of `langs`, then the cause's general entry. `reason` may be NULL.
// [thread-safe]
const MmfgCatalogEntry *
mmfg_catalog_lookup_reason (const MmfgCatalog *catalog, const char *source,
                            guint event_id, const char *cause,
                            const char *reason, const char *const *langs);

// The verdict of an entry's X-Verdict header (MIG_VERDICT_*);
// MIG_VERDICT_NO_OPINION for NULL, for "none" and when absent.
int mmfg_catalog_entry_verdict (const MmfgCatalogEntry *entry);

// True when the catalog has any entry for the event (to tell "not handled").
gboolean mmfg_catalog_handles (const MmfgCatalog *catalog, const char *source,
                               guint event_id);

// Languages to try for a POSIX locale string ("de_DE.UTF-8", "de:en", NULL),
// always ending in "en". Free with g_strfreev.
char **mmfg_catalog_langs_for_locale (const char *locale);
