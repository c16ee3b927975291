// host-check-report.h — what the checker found, kept as it goes: every
// rule checked and every violation, as the JSON report
//   {"rules_checked": N, "rules_known": R, "checks": M,
//    "checks_per_rule": {"rule": K, ...},
//    "violations": [{"rule": "...", "detail": "...", "count": K,
//                    "sentence": "..."}]}
// rewritten atomically (a new file renamed over the old) whenever a rule
// is checked for the first time or a new violation is found, so that a host
// that crashes still leaves a valid report. [thread-safe]

#pragma once

#include <glib.h>

#include "host-check-rules.h"

// The report goes to `path`; NULL: it is kept in memory only (the checker
// then logs it through the host). The first call decides.
void hc_report_open (const char *path);

// `rule` was checked once.
void hc_report_checked (HcRule rule);

// `rule` was broken; `detail` says where. Returns TRUE the first time this
// rule and detail are reported, so that the caller can log it once.
gboolean hc_report_violation (HcRule rule, const char *detail);

// TRUE when the report goes to a file.
gboolean hc_report_has_file (void);

// The report as JSON text, newly allocated.
char *hc_report_json (void);

// Rewrites the file with the latest counts (no-op without a file); FALSE
// with the reason, naming the file, when it cannot be written.
gboolean hc_report_flush (GError **error);
