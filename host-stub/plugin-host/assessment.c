// assessment.c — the host's one answer to "may this account go now?" (see
// the header for the rules).

#include "plugin-host/assessment.h"

#include "display-text.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

const char *
mh_go_name (MhGo go)
{
   switch (go) {
   case MH_GO_PROCEED:
      return "proceed";
   case MH_GO_BLOCK:
      return "block";
   case MH_GO_DEFER:
   default:
      return "defer";
   }
}

const char *
mh_decided_by_name (MhDecidedBy by)
{
   static const char *const names[] = {
      [MH_DECIDED_BY_ACCOUNT] = "account",
      [MH_DECIDED_BY_POSTOFFICE] = "postoffice",
      [MH_DECIDED_BY_USER_LIST] = "user-list",
      [MH_DECIDED_BY_HOST] = "host",
   };
   return names[by];
}

// The ABI's rule: only an explicit proceed or block counts as such;
// anything else (defer, no opinion, an error, an unknown code) is a defer.
static MhGo
go_of (const MhAnswer *a)
{
   if (a->result == MIG_VERDICT_PROCEED)
      return MH_GO_PROCEED;
   if (a->result == MIG_VERDICT_BLOCK)
      return MH_GO_BLOCK;
   return MH_GO_DEFER;
}

static MhAssessment
from_answer (const MhAnswer *a, MhDecidedBy by)
{
   MhAssessment s = {
      .go = go_of (a),
      .cause = mh_answer_host_cause (a),
      .decided_by = by,
      .answer = a,
   };
   s.warning = s.go == MH_GO_PROCEED && strcmp (s.cause, "none") != 0;
   return s;
}

MhAssessment
mh_assess_postoffice (const MhAnswer *po)
{
   if (po == NULL || po->result == MIG_VERDICT_NO_OPINION)
      return (MhAssessment){.go = MH_GO_PROCEED,
                            .cause = po == NULL ? "none" : "no-opinion",
                            .decided_by = MH_DECIDED_BY_POSTOFFICE,
                            .answer = po};
   return from_answer (po, MH_DECIDED_BY_POSTOFFICE);
}

gboolean
mh_assess_postoffice_blocks_all (const MhAnswer *po)
{
   return po != NULL && po->result == MIG_VERDICT_BLOCK;
}

gboolean
mh_assess_not_a_postoffice (const MhAnswer *po)
{
   return mh_assess_postoffice_blocks_all (po) &&
          strcmp (po->cause, "postoffice-layout") == 0;
}

MhAssessment
mh_assess_account (const MhAnswer *po, const MhUserEntry *e,
                   const MhAnswer *answer)
{
   if (mh_assess_postoffice_blocks_all (po))
      return from_answer (po, MH_DECIDED_BY_POSTOFFICE);
   if (e->problem != NULL) {
      g_autofree char *problem = mh_display_text (e->problem, -1, 0);
      return (MhAssessment){
         .go = MH_GO_BLOCK,
         .cause = "user-list-row",
         .decided_by = MH_DECIDED_BY_USER_LIST,
         .host_text = g_strdup_printf (_ ("%s\nCorrect the row and run "
                                          "again; the other accounts are not "
                                          "affected."),
                                       problem),
      };
   }
   g_return_val_if_fail (answer != NULL,
                         ((MhAssessment){.go = MH_GO_DEFER,
                                         .cause = "plugin-error",
                                         .decided_by = MH_DECIDED_BY_HOST}));
   return from_answer (answer, MH_DECIDED_BY_ACCOUNT);
}

MhAssessment
mh_assess_not_listed (const char *user, const MhUserList *list)
{
   g_autofree char *shown = mh_display_text (user, -1, 0);
   g_autofree char *file = mh_display_path (list->path);
   return (MhAssessment){
      .go = MH_GO_BLOCK,
      .cause = "not-in-user-list",
      .decided_by = MH_DECIDED_BY_USER_LIST,
      .host_text = g_strdup_printf (
         _ ("%s is not in the user list %s (or has MigrateUser=N), so the "
            "wizard does not migrate it and its MMF and password state were "
            "not checked.\nCheck the name; if the account is to be migrated, "
            "add its row (with its Hex-ID) to %s and run again."),
         shown, file, file),
   };
}

MhAssessment
mh_assess_event_file_mismatch (const MhUserEntry *e, const char *logged_file,
                               const MhUserList *list)
{
   g_autofree char *user = mh_display_text (e->user, -1, 0);
   g_autofree char *logged = mh_display_text (logged_file, -1, 0);
   g_autofree char *hex_id = mh_display_text (e->hex_id, -1, 0);
   g_autofree char *file = mh_display_path (list->path);
   return (MhAssessment){
      .go = MH_GO_BLOCK,
      .cause = "event-file-mismatch",
      .decided_by = MH_DECIDED_BY_USER_LIST,
      .host_text = g_strdup_printf (
         _ ("The event says the wizard failed on %s for %s, but the user list "
            "%s gives %s the Hex-ID %s, so the mail file checked here is not "
            "the one that failed: the list is not the one the wizard ran "
            "with, or the event is of another post office.\nCheck %s's "
            "Hex-ID in %s against the wizard's own export, and explain the "
            "event again with the list the wizard used."),
         logged, user, file, user, hex_id, user, file),
   };
}

MhAssessment
mh_assess_event (const MhUserEntry *e, const MhAnswer *pre_migrate,
                 const MhAnswer *on_error)
{
   MhAssessment s = mh_assess_account (NULL, e, pre_migrate);
   if (s.answer == NULL || on_error == NULL || mh_answer_is_error (on_error) ||
       on_error->result == MIG_VERDICT_NO_OPINION)
      return s;
   const char *event_cause = mh_answer_host_cause (on_error);
   // Between the two calls a holder came: the stronger finding wins, never
   // a go where the event's re-check found a cause.
   if (strcmp (s.cause, "none") == 0 &&
       strcmp (event_cause, "no-cause-visible") != 0 &&
       strcmp (event_cause, "none") != 0)
      return from_answer (on_error, MH_DECIDED_BY_ACCOUNT);
   // The event's own words when they tell the same story, or when the
   // account has nothing against it now (they say what was checked).
   if (strcmp (s.cause, "none") == 0 || strcmp (s.cause, event_cause) == 0)
      s.answer = on_error;
   return s;
}

const char *
mh_assess_copy_source (const char *path, char **reason)
{
   *reason = NULL;
   GStatBuf st;
   if (path == NULL || g_lstat (path, &st) != 0)
      return NULL;
#ifdef G_OS_UNIX
   if (S_ISLNK (st.st_mode)) {
      g_autofree char *target = g_file_read_link (path, NULL);
      g_autofree char *shown = mh_display_path (path);
      g_autofree char *shown_target =
         mh_display_text (target != NULL ? target : "?", -1, 0);
      *reason = g_strdup_printf (
         _ ("%s is a symbolic link to %s; mig-host copies the file the post "
            "office names, never one a link leads to: put the user's MMF "
            "itself there"),
         shown, shown_target);
      return "mmf-symlink";
   }
#endif
   return NULL;
}

json_t *
mh_assess_event_resolution_json (const MhAnswer *answer, gboolean about_account)
{
   json_t *o = mh_answer_to_json (answer);
   if (!about_account && !mh_answer_is_error (answer)) {
      json_object_set_new (o, "verdict",
                           json_string (mh_verdict_name (answer->result)));
      if (answer->result == MIG_VERDICT_NO_OPINION)
         json_object_set_new (o, "cause", json_string ("none"));
   }
   return o;
}

gboolean
mh_assessment_proceeds (const MhAssessment *a)
{
   return a->go == MH_GO_PROCEED;
}

char *
mh_assessment_body (const MhAssessment *a)
{
   if (a->go == MH_GO_PROCEED && !a->warning)
      return NULL;
   GString *s = g_string_new (NULL);
   if (a->host_text != NULL)
      mh_display_append_block (s, a->host_text, 3);
   const MhAnswer *answer = a->answer;
   if (answer == NULL)
      return g_string_free (s, FALSE);
   if (mh_answer_is_error (answer))
      g_string_append_printf (s,
                              _ ("   The plugin failed on this account (%s); "
                                 "mig-host does not migrate an account "
                                 "nobody vouched for.\n"),
                              mh_answer_error_name (answer));
   else if (answer->result == MIG_VERDICT_NO_OPINION)
      g_string_append (s, _ ("   The plugin has no opinion on this account; "
                             "mig-host does not migrate an account nobody "
                             "vouched for.\n"));
   mh_answer_append_text (s, answer);
   return g_string_free (s, FALSE);
}

void
mh_assessment_clear (MhAssessment *a)
{
   g_clear_pointer (&a->host_text, g_free);
}
