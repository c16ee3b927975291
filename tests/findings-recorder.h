// findings-recorder.h — a host's findings/1 service for tests that call
// hooks directly: it keeps what the plugin reports for the call expected,
// and counts reports that come with any other answer.

#pragma once

#include <glib.h>

#include "mig-plugin.h"

typedef struct {
   const mig_answer *asking;
   mig_finding findings[8];
   guint n_findings;
   guint stray;
} FindingsRecorder;

// Offers findings/1 to the plugin `host` is passed to, recording into
// `recorder`: sets host_data and get_service.
void findings_recorder_attach (FindingsRecorder *recorder, mig_host *host);

// The next hook call is made with `answer`: forget what was recorded.
void findings_recorder_expect (FindingsRecorder *recorder,
                               const mig_answer *answer);
