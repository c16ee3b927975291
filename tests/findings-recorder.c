// findings-recorder.c — a host's findings/1 service for tests.

#include "findings-recorder.h"

#include <string.h>

static void MIG_CALL
record (const mig_host *host, const mig_answer *answer,
        const mig_finding *finding)
{
   FindingsRecorder *r = host->host_data;
   if (answer != r->asking || r->n_findings == G_N_ELEMENTS (r->findings)) {
      r->stray++;
      return;
   }
   g_assert_cmpuint (finding->struct_size, >=, sizeof *finding);
   r->findings[r->n_findings++] = *finding;
}

static const void *MIG_CALL
get_service (const mig_host *host, const char *id)
{
   (void) host;
   static const mig_service_findings service = {record};
   return strcmp (id, MIG_SERVICE_FINDINGS) == 0 ? &service : NULL;
}

void
findings_recorder_attach (FindingsRecorder *r, mig_host *host)
{
   memset (r, 0, sizeof *r);
   host->host_data = r;
   host->get_service = get_service;
}

void
findings_recorder_expect (FindingsRecorder *r, const mig_answer *answer)
{
   r->asking = answer;
   r->n_findings = 0;
}
