// host-check-rules.c — the rule table as data.

#include "host-check-rules.h"

static const HcRuleRow rows[HC_N_RULES] = {
#define HC_RULE_ROW(NAME, ID, SENTENCE, CHECK) {ID, SENTENCE, CHECK},
   HC_RULES (HC_RULE_ROW)
#undef HC_RULE_ROW
};

const HcRuleRow *
hc_rule_row (HcRule rule)
{
   return &rows[rule];
}
