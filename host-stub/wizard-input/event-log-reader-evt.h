// event-log-reader-evt.h — the binary event log formats, .evt (libevt)
// and .evtx (libevtx), read into records (log-record.h).

#pragma once

#include "wizard-input/log-record.h"

// Each reader appends
// records to `records` and notes damage: `data` and `len` are the file's
// bytes (the .evt header says how many records it holds). FALSE with an
// error when this build has no such reader.
gboolean mh_event_log_read_evt (const char *path, const char *data, gsize len,
                                GPtrArray *records, MhLogDamage *damage,
                                GError **error);
gboolean mh_event_log_read_evtx (const char *path, GPtrArray *records,
                                 MhLogDamage *damage, GError **error);
