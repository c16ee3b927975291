// event-account.c — from an MMF failure event to the account it is about,
// re-checked now.

#include "event-account.h"

#include <string.h>

#include "account-check.h"

void
mmfg_event_account_check (const MmfgSettings *settings,
                          MmfgFileServers *servers, const mig_event *event,
                          const MmfgEventText *parsed, MmfgEventAccount *out)
{
   memset (out, 0, sizeof *out);
   const mig_account *acct = event->account;
   MmfgAccountView *view = &out->view;
   view->user = acct
                   ? acct->user
                   : (event->n_inserts > 0 ? event->inserts[0] : parsed->user);
   view->host_path = event->n_inserts > 1 ? event->inserts[1] : parsed->path;

   if (acct != NULL && acct->hex_id != NULL) {
      view->full_name = acct->full_name;
      view->hex_id = acct->hex_id;
      view->postoffice = acct->postoffice;
      view->password_recovered_at = acct->password_recovered_at;
      mmfg_check_account (settings, servers, NULL, acct->postoffice,
                          acct->hex_id, acct->password_recovered_at,
                          &out->findings);
      return;
   }

   gint64 recovered = acct ? acct->password_recovered_at : 0;
   view->password_recovered_at = recovered;
   view->password_unknown = acct == NULL;
   g_autofree char *local =
      view->host_path ? mmfg_settings_map_path (settings, view->host_path)
                      : NULL;
   if (local == NULL ||
       !mmfg_check_mmf_path (settings, servers, local, recovered,
                             &out->findings, &out->postoffice, &out->hex_id)) {
      // Nothing to re-check: the text shows the event's path and where it
      // maps to here, if anywhere; never a guess.
      out->unresolved = TRUE;
      memset (&out->findings, 0, sizeof out->findings);
      out->findings.checked_at = g_get_real_time () / G_USEC_PER_SEC;
   }
   view->hex_id = out->hex_id;
   view->postoffice = out->postoffice;
}

void
mmfg_event_account_clear (MmfgEventAccount *about)
{
   mmfg_findings_clear (&about->findings);
   g_clear_pointer (&about->postoffice, g_free);
   g_clear_pointer (&about->hex_id, g_free);
}
