// test-assessment — mig-host's one assessment of an account
// (plugin-host/assessment.h), rule by rule, on answers as a plugin gives
// them. test-agreement checks that every command uses it.

#include "plugin-host/assessment.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

// An answer as mh_answer_collect leaves it, with `cause` and `text`.
static MhAnswer
answer (int32_t result, const char *cause, const char *text)
{
   static char empty[] = "";
   MhAnswer a = {
      .result = result,
      .cause = (char *) cause,
      .text = (char *) text,
      .documentation = empty,
      .message_id = empty,
      .path = empty,
      .holder = {.program = empty,
                 .unix_user = empty,
                 .smb_user = empty,
                 .client_machine = empty},
   };
   return a;
}

static void
assert_assessed (MhAssessment s, MhGo go, const char *cause, MhDecidedBy by)
{
   g_assert_cmpstr (mh_go_name (s.go), ==, mh_go_name (go));
   g_assert_cmpstr (s.cause, ==, cause);
   g_assert_cmpstr (mh_decided_by_name (s.decided_by), ==,
                    mh_decided_by_name (by));
   mh_assessment_clear (&s);
}

static void
test_plugin_answer_decides (void)
{
   MhUserEntry e = {.user = "U00001"};
   MhAnswer proceed = answer (MIG_VERDICT_PROCEED, "", "");
   assert_assessed (mh_assess_account (NULL, &e, &proceed), MH_GO_PROCEED,
                    "none", MH_DECIDED_BY_ACCOUNT);
   MhAnswer held = answer (MIG_VERDICT_DEFER, "mmf-in-use", "held");
   assert_assessed (mh_assess_account (NULL, &e, &held), MH_GO_DEFER,
                    "mmf-in-use", MH_DECIDED_BY_ACCOUNT);
   MhAnswer link = answer (MIG_VERDICT_BLOCK, "mmf-symlink", "a link");
   assert_assessed (mh_assess_account (NULL, &e, &link), MH_GO_BLOCK,
                    "mmf-symlink", MH_DECIDED_BY_ACCOUNT);
}

// Nobody vouched for the account: a defer, never a proceed.
static void
test_no_opinion_and_errors_fail_closed (void)
{
   MhUserEntry e = {.user = "U00001"};
   MhAnswer none = answer (MIG_VERDICT_NO_OPINION, "", "");
   assert_assessed (mh_assess_account (NULL, &e, &none), MH_GO_DEFER,
                    "no-opinion", MH_DECIDED_BY_ACCOUNT);
   MhAnswer failed = answer (MIG_ERR_INTERNAL, "", "");
   assert_assessed (mh_assess_account (NULL, &e, &failed), MH_GO_DEFER,
                    "plugin-error", MH_DECIDED_BY_ACCOUNT);
   MhAnswer unknown = answer (17, "", "");
   assert_assessed (mh_assess_account (NULL, &e, &unknown), MH_GO_DEFER,
                    "plugin-error", MH_DECIDED_BY_ACCOUNT);
}

// A proceed that names a cause is a warning: its text is to be shown.
static void
test_proceed_with_a_cause_warns (void)
{
   MhUserEntry e = {.user = "U00003"};
   MhAnswer recent =
      answer (MIG_VERDICT_PROCEED, "mmf-recently-active", "changed recently\n");
   MhAssessment s = mh_assess_account (NULL, &e, &recent);
   g_assert_true (mh_assessment_proceeds (&s));
   g_assert_true (s.warning);
   g_autofree char *body = mh_assessment_body (&s);
   g_assert_nonnull (body);
   g_assert_nonnull (strstr (body, "changed recently"));
   mh_assessment_clear (&s);
   MhAnswer clean = answer (MIG_VERDICT_PROCEED, "", "");
   s = mh_assess_account (NULL, &e, &clean);
   g_assert_false (s.warning);
   g_assert_null (mh_assessment_body (&s));
   mh_assessment_clear (&s);
}

// The post office's block comes first, then the list's row, then the
// plugin's answer about the account.
static void
test_postoffice_then_list_then_account (void)
{
   MhUserEntry e = {.user = "U00002", .problem = "users.csv, line 4: bad"};
   MhAnswer master = answer (MIG_VERDICT_BLOCK, "postoffice-read-only", "");
   MhAnswer fine = answer (MIG_VERDICT_PROCEED, "", "");
   assert_assessed (mh_assess_account (&master, &e, &fine), MH_GO_BLOCK,
                    "postoffice-read-only", MH_DECIDED_BY_POSTOFFICE);
   MhAnswer po_fine = answer (MIG_VERDICT_PROCEED, "", "");
   MhAssessment s = mh_assess_account (&po_fine, &e, NULL);
   g_assert_cmpstr (s.cause, ==, "user-list-row");
   g_assert_true (s.go == MH_GO_BLOCK);
   g_autofree char *body = mh_assessment_body (&s);
   g_assert_nonnull (strstr (body, "line 4: bad"));
   mh_assessment_clear (&s);
   g_assert_true (mh_assess_postoffice_blocks_all (&master));
   g_assert_false (mh_assess_postoffice_blocks_all (&po_fine));
   g_assert_false (mh_assess_postoffice_blocks_all (NULL));
   // A post office the plugin has no opinion on leaves it to the accounts.
   MhAnswer po_none = answer (MIG_VERDICT_NO_OPINION, "", "");
   MhAssessment po = mh_assess_postoffice (&po_none);
   g_assert_true (mh_assessment_proceeds (&po));
   mh_assessment_clear (&po);
}

// An event's explanation never makes a blocked account go, and says what
// was checked when the account has nothing against it.
static void
test_event_takes_the_account_verdict (void)
{
   MhUserEntry e = {.user = "U00005"};
   MhAnswer blocked =
      answer (MIG_VERDICT_BLOCK, "password-not-synchronised", "old password");
   MhAnswer nothing = answer (MIG_VERDICT_DEFER, "no-cause-visible", "fine");
   MhAssessment s = mh_assess_event (&e, &blocked, &nothing);
   g_assert_true (s.go == MH_GO_BLOCK);
   g_assert_cmpstr (s.cause, ==, "password-not-synchronised");
   g_assert_true (s.answer == &blocked);
   mh_assessment_clear (&s);

   MhAnswer clean = answer (MIG_VERDICT_PROCEED, "", "");
   s = mh_assess_event (&e, &clean, &nothing);
   g_assert_true (s.go == MH_GO_PROCEED);
   g_assert_cmpstr (s.cause, ==, "none");
   g_assert_true (s.answer == &nothing); // its words say what was checked
   mh_assessment_clear (&s);

   // A holder came between the two calls: the stronger finding wins.
   MhAnswer held = answer (MIG_VERDICT_DEFER, "mmf-in-use", "held");
   s = mh_assess_event (&e, &clean, &held);
   g_assert_true (s.go == MH_GO_DEFER);
   g_assert_cmpstr (s.cause, ==, "mmf-in-use");
   mh_assessment_clear (&s);

   // The wizard failed on a file changed moments ago: still the account's
   // proceed, with the warning's words.
   MhAnswer recent = answer (MIG_VERDICT_PROCEED, "mmf-recently-active", "r");
   MhAnswer recent_event =
      answer (MIG_VERDICT_DEFER, "mmf-recently-active", "r (event)");
   s = mh_assess_event (&e, &recent, &recent_event);
   g_assert_true (s.go == MH_GO_PROCEED);
   g_assert_true (s.answer == &recent_event);
   mh_assessment_clear (&s);
}

static void
test_not_listed_blocks (void)
{
   MhUserList list = {.path = "users.csv"};
   MhAssessment s = mh_assess_not_listed ("GHOST", &list);
   g_assert_true (s.go == MH_GO_BLOCK);
   g_assert_cmpstr (s.cause, ==, "not-in-user-list");
   g_assert_nonnull (strstr (s.host_text, "GHOST is not in the user list"));
   mh_assessment_clear (&s);
}

static void
test_copy_source_refuses_links (void)
{
   g_autofree char *dir = g_dir_make_tmp ("mmfg-assess-XXXXXX", NULL);
   g_autofree char *file = g_build_filename (dir, "00000A01.MMF", NULL);
   g_autofree char *link = g_build_filename (dir, "00000A02.MMF", NULL);
   g_assert_true (g_file_set_contents (file, "mail", -1, NULL));
   g_assert_cmpint (symlink (file, link), ==, 0);
   char *reason = NULL;
   g_assert_null (mh_assess_copy_source (file, &reason));
   g_assert_null (reason);
   g_assert_cmpstr (mh_assess_copy_source (link, &reason), ==, "mmf-symlink");
   g_assert_nonnull (strstr (reason, file));
   g_free (reason);
   g_unlink (link);
   g_unlink (file);
   g_rmdir (dir);
}

// An event about no account keeps the plugin's own verdict.
static void
test_event_about_no_account_keeps_its_verdict (void)
{
   MhAnswer none = answer (MIG_VERDICT_NO_OPINION, "", "");
   json_t *o = mh_assess_event_resolution_json (&none, FALSE);
   g_assert_cmpstr (json_string_value (json_object_get (o, "verdict")), ==,
                    "no-opinion");
   json_decref (o);
   o = mh_assess_event_resolution_json (&none, TRUE);
   g_assert_cmpstr (json_string_value (json_object_get (o, "verdict")), ==,
                    "defer");
   json_decref (o);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/assessment/plugin-answer-decides",
                    test_plugin_answer_decides);
   g_test_add_func ("/assessment/no-opinion-and-errors-fail-closed",
                    test_no_opinion_and_errors_fail_closed);
   g_test_add_func ("/assessment/proceed-with-a-cause-warns",
                    test_proceed_with_a_cause_warns);
   g_test_add_func ("/assessment/postoffice-then-list-then-account",
                    test_postoffice_then_list_then_account);
   g_test_add_func ("/assessment/event-takes-the-account-verdict",
                    test_event_takes_the_account_verdict);
   g_test_add_func ("/assessment/not-listed-blocks", test_not_listed_blocks);
   g_test_add_func ("/assessment/copy-source-refuses-links",
                    test_copy_source_refuses_links);
   g_test_add_func ("/assessment/event-about-no-account-keeps-its-verdict",
                    test_event_about_no_account_keeps_its_verdict);
   return g_test_run ();
}
