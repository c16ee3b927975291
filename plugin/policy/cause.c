// cause.c — look-ups in the cause table.

#include "cause.h"

#include <string.h>

typedef struct {
   const char *id;
   int verdict;
   unsigned event;
   const char *doc;
} CauseRow;

static const CauseRow causes[MMFG_CAUSE_COUNT] = {
#define MMFG_CAUSE_ROW(name, id, verdict, event, doc) {id, verdict, event, doc},
   MMFG_CAUSE_TABLE (MMFG_CAUSE_ROW)
#undef MMFG_CAUSE_ROW
};

const char *
mmfg_cause_id (MmfgCause cause)
{
   return (unsigned) cause < MMFG_CAUSE_COUNT ? causes[cause].id : "none";
}

int
mmfg_cause_from_id (const char *id, MmfgCause *cause)
{
   for (unsigned i = 0; id != NULL && i < MMFG_CAUSE_COUNT; i++) {
      if (strcmp (causes[i].id, id) == 0) {
         *cause = (MmfgCause) i;
         return 1;
      }
   }
   return 0;
}

int
mmfg_cause_default_verdict (MmfgCause cause)
{
   return (unsigned) cause < MMFG_CAUSE_COUNT ? causes[cause].verdict
                                              : MIG_VERDICT_DEFER;
}

unsigned
mmfg_cause_event (MmfgCause cause)
{
   return (unsigned) cause < MMFG_CAUSE_COUNT ? causes[cause].event : 0;
}

const char *
mmfg_cause_documentation (MmfgCause cause)
{
   return (unsigned) cause < MMFG_CAUSE_COUNT ? causes[cause].doc : "";
}
