// wizard-events.c — the events mig-host logs as the migration wizard would.

#include "run/wizard-events.h"

#include <glib/gi18n-lib.h>

typedef struct {
   uint32_t id;
   MhEventType type;
   const char *template;
} WizardEvent;

// The exact wizard templates from KB Q168606; mind the spelling.
static const WizardEvent events[] = {
   {MH_WIZARD_EVENT_PAB_FAILED, MH_EVENT_TYPE_ERROR,
    "Could not migrate PAB file for account: %1. PAB (MMF)Path '%2'."},
   {MH_WIZARD_EVENT_MMF_FAILED, MH_EVENT_TYPE_ERROR,
    "Could not migrate MMF file for Account: %1. MMF Path '%2'."},
   {MH_WIZARD_EVENT_SUMMARY, MH_EVENT_TYPE_INFORMATION,
    "Migration summary: %1 accounts; %2 migrated, %3 deferred, %4 blocked, "
    "%5 failed."},
};

// 7000 names the PAB's path, which is the MMF's: the PAB is stored in it.
// Marked for translation; the caller translates them when it shows them.
static const char *const account_and_mmf[] = {N_ ("the account"),
                                              N_ ("the MMF path"), NULL};
static const uint32_t mail_file_events[] = {
   MH_WIZARD_EVENT_PAB_FAILED,
   MH_WIZARD_EVENT_MMF_FAILED,
   151, // Exchange 5.5: could not migrate the MMF (Q199980)
   135,
};

const char *const *
mh_wizard_event_inserts (uint32_t event_id)
{
   for (gsize i = 0; i < G_N_ELEMENTS (mail_file_events); i++) {
      if (mail_file_events[i] == event_id)
         return account_and_mmf;
   }
   return NULL;
}

const char *
mh_event_type_name (MhEventType type)
{
   return type == MH_EVENT_TYPE_INFORMATION ? "information" : "error";
}

static const WizardEvent *
find_event (uint32_t id)
{
   for (gsize i = 0; i < G_N_ELEMENTS (events); i++) {
      if (events[i].id == id)
         return &events[i];
   }
   return NULL;
}

MhEventType
mh_wizard_event_type (uint32_t event_id)
{
   const WizardEvent *e = find_event (event_id);
   return e != NULL ? e->type : MH_EVENT_TYPE_ERROR;
}

char *
mh_wizard_event_text (uint32_t event_id, const char *const *inserts)
{
   const WizardEvent *e = find_event (event_id);
   if (e == NULL)
      return NULL;
   guint n_inserts = inserts != NULL ? g_strv_length ((GStrv) inserts) : 0;
   GString *text = g_string_new (NULL);
   for (const char *p = e->template; *p != '\0'; p++) {
      if (p[0] == '%' && p[1] >= '1' && p[1] <= '9' &&
          (guint) (p[1] - '1') < n_inserts) {
         g_string_append (text, inserts[p[1] - '1']);
         p++;
         continue;
      }
      g_string_append_c (text, *p);
   }
   return g_string_free (text, FALSE);
}
