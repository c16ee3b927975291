// host-check-report.c — the checker's findings and their JSON file.

#include "host-check-report.h"

#include <jansson.h>

typedef struct {
   HcRule rule;
   char *detail;
   guint64 count;
} Violation;

static GMutex lock;
static gboolean opened;
static char *report_path;
static guint64 checks_per_rule[HC_N_RULES];
static guint64 n_checks;
static GPtrArray *violations; // of Violation *, in the order found

void
hc_report_open (const char *path)
{
   g_mutex_lock (&lock);
   if (!opened) {
      opened = TRUE;
      report_path = g_strdup (path);
   }
   g_mutex_unlock (&lock);
}

gboolean
hc_report_has_file (void)
{
   g_mutex_lock (&lock);
   gboolean has = report_path != NULL;
   g_mutex_unlock (&lock);
   return has;
}

static json_t *
report_build_locked (void)
{
   guint rules_checked = 0;
   for (guint i = 0; i < HC_N_RULES; i++)
      rules_checked += checks_per_rule[i] > 0;
   json_t *list = json_array ();
   for (guint i = 0; violations != NULL && i < violations->len; i++) {
      const Violation *v = violations->pdata[i];
      const HcRuleRow *row = hc_rule_row (v->rule);
      json_array_append_new (list, json_pack ("{s:s, s:s, s:I, s:s}", "rule",
                                              row->id, "detail", v->detail,
                                              "count", (json_int_t) v->count,
                                              "sentence", row->sentence));
   }
   json_t *per_rule = json_object ();
   for (guint i = 0; i < HC_N_RULES; i++)
      json_object_set_new (per_rule, hc_rule_row (i)->id,
                           json_integer ((json_int_t) checks_per_rule[i]));
   return json_pack ("{s:I, s:I, s:I, s:o, s:o}", "rules_checked",
                     (json_int_t) rules_checked, "rules_known",
                     (json_int_t) HC_N_RULES, "checks", (json_int_t) n_checks,
                     "checks_per_rule", per_rule, "violations", list);
}

// Writes the report under the lock. A failure is said once, by
// hc_report_flush at init; later ones are left to the next attempt.
static gboolean
report_write_locked (GError **error)
{
   if (report_path == NULL)
      return TRUE;
   json_t *root = report_build_locked ();
   char *text = json_dumps (root, JSON_INDENT (2) | JSON_PRESERVE_ORDER);
   json_decref (root);
   if (text == NULL) {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOMEM,
                   "cannot write %s: out of memory", report_path);
      return FALSE;
   }
   g_autofree char *with_newline = g_strconcat (text, "\n", NULL);
   free (text);
   return g_file_set_contents (report_path, with_newline, -1, error);
}

void
hc_report_checked (HcRule rule)
{
   g_mutex_lock (&lock);
   n_checks++;
   if (checks_per_rule[rule]++ == 0)
      report_write_locked (NULL);
   g_mutex_unlock (&lock);
}

gboolean
hc_report_violation (HcRule rule, const char *detail)
{
   gboolean is_new = TRUE;
   g_mutex_lock (&lock);
   n_checks++;
   checks_per_rule[rule]++;
   if (violations == NULL)
      violations = g_ptr_array_new ();
   for (guint i = 0; i < violations->len; i++) {
      Violation *v = violations->pdata[i];
      if (v->rule == rule && g_str_equal (v->detail, detail)) {
         v->count++;
         is_new = FALSE;
         break;
      }
   }
   if (is_new) {
      Violation *v = g_new0 (Violation, 1);
      v->rule = rule;
      v->detail = g_strdup (detail);
      v->count = 1;
      g_ptr_array_add (violations, v);
      report_write_locked (NULL);
   }
   g_mutex_unlock (&lock);
   return is_new;
}

char *
hc_report_json (void)
{
   g_mutex_lock (&lock);
   json_t *root = report_build_locked ();
   g_mutex_unlock (&lock);
   char *text = json_dumps (root, JSON_COMPACT | JSON_PRESERVE_ORDER);
   json_decref (root);
   char *copy = g_strdup (text);
   free (text);
   return copy;
}

gboolean
hc_report_flush (GError **error)
{
   g_mutex_lock (&lock);
   gboolean ok = report_write_locked (error);
   g_mutex_unlock (&lock);
   return ok;
}
