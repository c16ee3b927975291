// plan-files.h — the night's plan written to files for the help desk: the
// call list (CSV, plan-csv.c) and the printable page (HTML, plan-html.c).
// Both read the plan through operator-plan.h's accessors only.

#pragma once

#include "report/operator-plan.h"

// The call list: one RFC 4180 row per account someone must act on, UTF-8
// with a byte order mark. Written through report-output.h.
gboolean mh_plan_write_csv (const MhPlan *plan, const char *path,
                            GError **error);

// The whole plan as one self-contained, printable HTML file.
gboolean mh_plan_write_html (const MhPlan *plan, const char *path,
                             GError **error);

// Both, for the paths the operator gave (either may be NULL). FALSE at the
// first that failed, with an error naming the file.
gboolean mh_plan_write_files (const MhPlan *plan, const char *csv,
                              const char *html, GError **error);
