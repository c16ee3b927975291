// cause.c — look-ups in the cause table.

#include "cause.h"

#include <glib.h>
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

static const MmfgCause precedence[] = {
#define MMFG_CAUSE_PRECEDENCE_ROW(name) MMFG_CAUSE_##name,
   MMFG_CAUSE_PRECEDENCE (MMFG_CAUSE_PRECEDENCE_ROW)
#undef MMFG_CAUSE_PRECEDENCE_ROW
};
// Every cause but "none" has a place.
_Static_assert(sizeof precedence / sizeof precedence[0] == MMFG_CAUSE_COUNT - 1,
               "MMFG_CAUSE_PRECEDENCE lists every cause but none, once");

unsigned
mmfg_cause_rank (MmfgCause cause)
{
   for (unsigned i = 0; i < sizeof precedence / sizeof precedence[0]; i++)
      if (precedence[i] == cause)
         return i;
   return MMFG_CAUSE_COUNT;
}

MmfgCause
mmfg_cause_at_rank (unsigned rank)
{
   return rank < sizeof precedence / sizeof precedence[0] ? precedence[rank]
                                                          : MMFG_CAUSE_NONE;
}

int
mmfg_event_is_mmf_failure (const char *source, unsigned event_id)
{
   static const struct {
      const char *source;
      unsigned event;
   } events[] = {
#define MMFG_MMF_EVENT_ROW(src, id, what) {src, id},
      MMFG_MMF_EVENT_TABLE (MMFG_MMF_EVENT_ROW)
#undef MMFG_MMF_EVENT_ROW
   };
   for (size_t i = 0; source != NULL && i < sizeof events / sizeof events[0];
        i++)
      if (events[i].event == event_id &&
          g_ascii_strcasecmp (events[i].source, source) == 0)
         return 1;
   return 0;
}
