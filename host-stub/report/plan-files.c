// plan-files.c — both of the plan's files, for the paths the operator gave.

#include "report/plan-files.h"

gboolean
mh_plan_write_files (const MhPlan *p, const char *csv, const char *html,
                     GError **error)
{
   if (csv != NULL && !mh_plan_write_csv (p, csv, error))
      return FALSE;
   return html == NULL || mh_plan_write_html (p, html, error);
}
