// said.c — what each command says, per account (said.h).

#include "said.h"

#include <jansson.h>
#include <string.h>

#include "mig-host-run.h"

Said *
said_new (const char *command)
{
   Said *s = g_new0 (Said, 1);
   s->command = command;
   s->said = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
   return s;
}

void
said_free (Said *s)
{
   g_hash_table_unref (s->said);
   g_free (s);
}

void
said_put (Said *s, const char *user, const char *verdict, const char *cause)
{
   g_assert_nonnull (verdict);
   g_assert_nonnull (cause);
   g_hash_table_replace (s->said, g_strdup (user),
                         g_strdup_printf ("%s %s", verdict, cause));
}

void
said_put_report (Said *s, const char *json_path)
{
   json_t *report = report_load (json_path);
   size_t i;
   json_t *a;
   json_array_foreach (json_object_get (report, "accounts"), i, a)
      said_put (s, report_str (a, "user"), report_str (a, "verdict"),
                report_str (a, "cause"));
   json_decref (report);
}

// migrate's outcome in preflight's words: migrated is proceed.
static const char *
outcome_verdict (const char *outcome)
{
   if (g_strcmp0 (outcome, "migrated") == 0)
      return "proceed";
   if (g_strcmp0 (outcome, "deferred") == 0)
      return "defer";
   if (g_strcmp0 (outcome, "blocked") == 0)
      return "block";
   return outcome != NULL ? outcome : "(none)";
}

void
said_put_migrate_report (Said *s, const char *json_path)
{
   json_t *report = report_load (json_path);
   size_t i;
   json_t *a;
   json_array_foreach (json_object_get (report, "accounts"), i, a) {
      const char *cause = report_str (a, "cause");
      if (g_strcmp0 (report_str (a, "outcome"), "failed") == 0)
         cause = report_str (a, "host_cause");
      said_put (s, report_str (a, "user"),
                outcome_verdict (report_str (a, "outcome")),
                cause != NULL ? cause : "(none)");
   }
   json_decref (report);
}

// "U00002 (mmf-in-use), U00003 (x)" -> said block for each.
static void
put_named (Said *s, const char *list, const char *verdict)
{
   g_auto (GStrv) items = g_strsplit (list, ", ", -1);
   for (guint i = 0; items[i] != NULL; i++) {
      char *open = strchr (items[i], '(');
      char *close = open != NULL ? strchr (open, ')') : NULL;
      g_assert_nonnull (close);
      *close = '\0';
      g_autofree char *user = g_strndup (items[i], (gsize) (open - items[i]));
      g_strstrip (user);
      said_put (s, user, verdict, open + 1);
   }
}

void
said_put_watch (Said *s, const char *out, const char *const *users)
{
   for (guint i = 0; users[i] != NULL; i++)
      said_put (s, users[i], "proceed", "none");
   g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
   g_autoptr (GRegex) held = g_regex_new (
      "^\\S+ (\\S+)(?: \\([^)]*\\))? held \\(([^)]+)\\):", 0, 0, NULL);
   g_autoptr (GRegex) warned =
      g_regex_new ("^(\\S+) clear, with a warning \\(([^)]+)\\):", 0, 0, NULL);
   for (guint i = 0; lines[i] != NULL; i++) {
      g_strchomp (lines[i]); // \r\n on Windows
      g_autoptr (GMatchInfo) m = NULL;
      g_autoptr (GMatchInfo) w = NULL;
      gboolean is_held = g_regex_match (held, lines[i], 0, &m);
      gboolean is_warned = !is_held && g_regex_match (warned, lines[i], 0, &w);
      if (is_held || is_warned) {
         GMatchInfo *found = is_held ? m : w;
         g_autofree char *user = g_match_info_fetch (found, 1);
         g_autofree char *cause = g_match_info_fetch (found, 2);
         said_put (s, user, is_held ? "defer" : "proceed", cause);
         continue;
      }
      const char *blocked = strstr (lines[i], "(waiting does not help): ");
      if (blocked == NULL)
         blocked = strstr (lines[i], "run preflight for the steps): ");
      if (blocked != NULL) {
         g_autofree char *list = g_strdup (strchr (blocked, ':') + 2);
         g_assert_true (g_str_has_suffix (list, "."));
         list[strlen (list) - 1] = '\0';
         put_named (s, list, "block");
      }
   }
}

void
said_assert_agrees (const Said *preflight, const Said *other, gboolean complete)
{
   GHashTableIter it;
   gpointer user, said;
   g_hash_table_iter_init (&it, preflight->said);
   guint compared = 0;
   while (g_hash_table_iter_next (&it, &user, &said)) {
      const char *theirs = g_hash_table_lookup (other->said, user);
      if (theirs == NULL) {
         if (complete)
            g_error ("%s says nothing of %s (preflight: %s)", other->command,
                     (const char *) user, (const char *) said);
         continue;
      }
      compared++;
      if (strcmp (theirs, said) != 0)
         g_error ("%s: preflight says %s, %s says %s", (const char *) user,
                  (const char *) said, other->command, theirs);
   }
   g_test_message ("%s agrees with preflight on %u accounts", other->command,
                   compared);
   g_assert_cmpuint (compared, >, 0);
}
