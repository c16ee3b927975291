// Unit tests of policy: findings in, verdict out, for every cause.

#include <string.h>

#include "mig-plugin.h"
#include "policy.h"

#define NOW 1700000000
#define HOUR 3600

static MmfgHolder *
holder (gboolean is_host)
{
   MmfgHolder *h = g_new0 (MmfgHolder, 1);
   h->lock = MIG_LOCK_POSIX;
   h->pid = 4242;
   h->program = g_strdup ("MSMAIL.EXE");
   h->is_host = is_host;
   return h;
}

// Findings for a usable MMF last changed `age` seconds ago, nobody holding it.
static MmfgFindings
quiet_mmf (gint64 age)
{
   MmfgFindings f = {0};
   f.checked_at = NOW;
   f.mmf.state = MMFG_MMF_OK;
   f.mmf.mtime = NOW - age;
   f.locks.known = TRUE;
   f.locks.holders =
      g_ptr_array_new_with_free_func ((GDestroyNotify) mmfg_holder_free);
   return f;
}

static MmfgDecision
decide (const MmfgSettings *s, MmfgFindings *f)
{
   MmfgDecision d = mmfg_policy_decide (s, f);
   mmfg_findings_clear (f);
   return d;
}

static void
test_quiet_mmf_proceeds (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_NONE);
   g_assert_cmpuint (d.retry_after_s, ==, 0);
}

static void
test_client_holder_defers (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   g_ptr_array_add (f.locks.holders, holder (FALSE));
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_DEFER);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_MMF_IN_USE);
   g_assert_cmpuint (d.retry_after_s, ==, 300);
   g_assert_true (d.retryable);
   g_assert_cmpuint (d.event_id, ==, 7007);
}

static void
test_host_own_lock_is_not_in_use (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   g_ptr_array_add (f.locks.holders, holder (TRUE));
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_PROCEED);
}

static void
test_unknown_lock_state_fails_closed (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   f.locks.known = FALSE;
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_DEFER);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_LOCK_STATE_UNKNOWN);

   s->fail_closed = FALSE;
   f = quiet_mmf (48 * HOUR);
   f.locks.known = FALSE;
   d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_LOCK_STATE_UNKNOWN);
}

static void
test_password_recovered_after_mmf_changed_blocks (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   f.password_recovered_at = NOW - 24 * HOUR;
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED);
   g_assert_false (d.retryable);

   // A logon after the recovery rewrote the MMF: synchronised.
   f = quiet_mmf (12 * HOUR);
   f.password_recovered_at = NOW - 24 * HOUR;
   d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_PROCEED);
}

static void
test_recently_active_per_policy (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (10 * 60);
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_MMF_RECENTLY_ACTIVE);

   s->verdict[MMFG_CAUSE_MMF_RECENTLY_ACTIVE] = MIG_VERDICT_DEFER;
   f = quiet_mmf (10 * 60);
   d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_DEFER);

   s->idle_interval_s = 5 * 60;
   f = quiet_mmf (10 * 60);
   d = decide (s, &f);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_NONE);
}

static void
test_unusable_files_block_whatever_else (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   struct {
      MmfgMmfState state;
      MmfgCause cause;
      int verdict;
   } cases[] = {
      {MMFG_MMF_INVALID_ID, MMFG_CAUSE_INVALID_HEX_ID, MIG_VERDICT_BLOCK},
      {MMFG_MMF_MISSING, MMFG_CAUSE_MMF_NOT_ON_POSTOFFICE, MIG_VERDICT_BLOCK},
      {MMFG_MMF_NOT_REGULAR, MMFG_CAUSE_MMF_NOT_REGULAR, MIG_VERDICT_BLOCK},
      {MMFG_MMF_EMPTY, MMFG_CAUSE_MMF_EMPTY, MIG_VERDICT_BLOCK},
      {MMFG_MMF_NOT_MAIL, MMFG_CAUSE_MMF_NOT_MAIL, MIG_VERDICT_BLOCK},
      {MMFG_MMF_UNREADABLE, MMFG_CAUSE_MMF_UNREADABLE, MIG_VERDICT_DEFER},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (cases); i++) {
      MmfgFindings f = quiet_mmf (10 * 60);
      f.mmf.state = cases[i].state;
      f.password_recovered_at = NOW;
      g_ptr_array_add (f.locks.holders, holder (FALSE));
      MmfgDecision d = decide (s, &f);
      g_assert_cmpint (d.cause, ==, cases[i].cause);
      g_assert_cmpint (d.verdict, ==, cases[i].verdict);
   }
}

static void
test_cause_ids_round_trip (void)
{
   for (int c = 0; c < MMFG_CAUSE_COUNT; c++) {
      MmfgCause back;
      g_assert_true (mmfg_cause_from_id (mmfg_cause_id ((MmfgCause) c), &back));
      g_assert_cmpint (back, ==, c);
   }
   MmfgCause unused;
   g_assert_false (mmfg_cause_from_id ("mmf-in-use-x", &unused));
}

// A holder and a password recovered after the MMF changed: the block
// decides, the defer stays in the list, strongest first. With the policy
// turning the password cause into a defer, the holder (found first) decides.
static void
test_strongest_finding_decides (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   g_ptr_array_add (f.locks.holders, holder (FALSE));
   f.password_recovered_at = NOW - HOUR;
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED);
   g_assert_cmpuint (d.n_found, ==, 2);
   g_assert_cmpint (d.found[0].cause, ==, MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED);
   g_assert_cmpint (d.found[0].verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpint (d.found[1].cause, ==, MMFG_CAUSE_MMF_IN_USE);
   g_assert_cmpint (d.found[1].verdict, ==, MIG_VERDICT_DEFER);
   g_assert_false (d.retryable);

   s->verdict[MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED] = MIG_VERDICT_DEFER;
   f = quiet_mmf (48 * HOUR);
   g_ptr_array_add (f.locks.holders, holder (FALSE));
   f.password_recovered_at = NOW - HOUR;
   d = decide (s, &f);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_MMF_IN_USE);
   g_assert_cmpint (d.found[1].cause, ==, MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED);
   g_assert_cmpint (d.found[1].verdict, ==, MIG_VERDICT_DEFER);
}

// An event already logged: every finding defers or blocks (never proceed),
// strongest first; no MMF to re-check or nothing found is the one finding.
static void
test_event_findings (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (10 * 60); // recently active: proceed alone
   g_ptr_array_add (f.locks.holders, holder (FALSE));
   f.password_recovered_at = NOW - 60;
   MmfgDecision d = mmfg_policy_decide_event (s, &f, FALSE, 7007);
   mmfg_findings_clear (&f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpuint (d.n_found, ==, 2);
   g_assert_cmpint (d.found[0].cause, ==, MMFG_CAUSE_PASSWORD_NOT_SYNCHRONISED);
   g_assert_cmpint (d.found[1].cause, ==, MMFG_CAUSE_MMF_IN_USE);
   g_assert_cmpint (d.found[1].verdict, ==, MIG_VERDICT_DEFER);
   g_assert_cmpuint (d.event_id, ==, 7007);

   f = quiet_mmf (10 * 60);
   d = mmfg_policy_decide_event (s, &f, FALSE, 7007);
   mmfg_findings_clear (&f);
   g_assert_cmpuint (d.n_found, ==, 1);
   g_assert_cmpint (d.found[0].cause, ==, MMFG_CAUSE_MMF_RECENTLY_ACTIVE);
   g_assert_cmpint (d.found[0].verdict, ==, MIG_VERDICT_DEFER);

   f = quiet_mmf (48 * HOUR);
   d = mmfg_policy_decide_event (s, &f, FALSE, 151);
   mmfg_findings_clear (&f);
   g_assert_cmpuint (d.n_found, ==, 1);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_NO_CAUSE_VISIBLE);

   MmfgFindings none = {.checked_at =
                           NOW}; // nothing checked: lock state unknown
   d = mmfg_policy_decide_event (s, &none, TRUE, 7007);
   g_assert_cmpuint (d.n_found, ==, 1);
   g_assert_cmpint (d.found[0].cause, ==, MMFG_CAUSE_MMF_PATH_UNRESOLVED);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_MMF_PATH_UNRESOLVED);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_DEFER);
}

// A post office on its own (batch-begin): every problem, the first decides
// and its words come along; a layout that is no post office stands alone.
static void
test_postoffice_alone (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgPostofficeFacts facts = {
      .layout_ok = TRUE,
      .access_ok = FALSE,
      .access_problem = (char *) "ACCESS.GLB 3, ACCESS2.GLB 2",
      .writable_ok = FALSE,
      .writable_problem = (char *) "GLB: Permission denied"};
   const char *problem = NULL;
   MmfgDecision d = mmfg_policy_decide_postoffice (s, &facts, &problem);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpuint (d.n_found, ==, 2);
   g_assert_cmpint (d.found[0].cause, ==, MMFG_CAUSE_POSTOFFICE_INVALID);
   g_assert_cmpint (d.found[1].cause, ==, MMFG_CAUSE_POSTOFFICE_READ_ONLY);
   g_assert_cmpstr (problem, ==, facts.access_problem);

   facts.layout_ok = FALSE;
   facts.layout_problem = (char *) "no GLB folder";
   d = mmfg_policy_decide_postoffice (s, &facts, &problem);
   g_assert_cmpuint (d.n_found, ==, 1);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_POSTOFFICE_LAYOUT);
   g_assert_cmpstr (problem, ==, "no GLB folder");

   MmfgPostofficeFacts fine = {
      .layout_ok = TRUE, .access_ok = TRUE, .writable_ok = TRUE};
   d = mmfg_policy_decide_postoffice (s, &fine, &problem);
   g_assert_cmpuint (d.n_found, ==, 0);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_NONE);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_PROCEED);
   g_assert_null (problem);
}

// The post office outweighs every account finding on it.
static void
test_postoffice_decides_first (void)
{
   g_autoptr (MmfgSettings) s = mmfg_settings_load (NULL, NULL);
   MmfgFindings f = quiet_mmf (48 * HOUR);
   g_ptr_array_add (f.locks.holders, holder (FALSE));
   f.postoffice.checked = TRUE;
   f.postoffice.facts.layout_ok = TRUE;
   f.postoffice.facts.access_ok = TRUE;
   f.postoffice.facts.writable_ok = FALSE;
   f.postoffice.facts.writable_problem = g_strdup ("GLB is not writable");
   MmfgDecision d = decide (s, &f);
   g_assert_cmpint (d.verdict, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpint (d.cause, ==, MMFG_CAUSE_POSTOFFICE_READ_ONLY);
   g_assert_cmpuint (d.event_id, ==, 0);
}

static const char *
verdict_word (int verdict)
{
   switch (verdict) {
   case MIG_VERDICT_PROCEED:
      return "proceed";
   case MIG_VERDICT_DEFER:
      return "defer";
   case MIG_VERDICT_BLOCK:
      return "block";
   default:
      return "none";
   }
}

// abi/README.md's ordered list of causes ("Which cause decides") is
// MMFG_CAUSE_PRECEDENCE, which decides among causes of equal verdict.
static void
test_spec_cause_precedence_matches_the_code (void)
{
   g_autofree char *path = g_build_filename (g_getenv ("MMFG_SOURCE_ROOT"),
                                             "abi", "README.md", NULL);
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
   const char *list = strstr (text, "### Which cause decides");
   g_assert_nonnull (list);
   g_auto (GStrv) lines = g_strsplit (list, "\n", -1);
   unsigned rank = 0;
   for (guint i = 0; lines[i] != NULL; i++) {
      if (i > 0 && lines[i][0] == '#')
         break; // the next section
      // "1. `postoffice-layout` — ..."
      const char *dot = strstr (lines[i], ". `");
      if (!g_ascii_isdigit (lines[i][0]) || dot == NULL)
         continue;
      g_assert_cmpuint (g_ascii_strtoull (lines[i], NULL, 10), ==, rank + 1);
      g_autofree char *id = g_strdup (dot + 3);
      *strchr (id, '`') = '\0';
      g_assert_cmpstr (id, ==, mmfg_cause_id (mmfg_cause_at_rank (rank)));
      rank++;
   }
   g_assert_cmpuint (rank, ==, MMFG_CAUSE_COUNT - 1);
}

// abi/README.md's table of causes says what the cause table says: every
// cause a check produces, its default verdict and its event, and no other.
static void
test_spec_cause_table_matches_the_code (void)
{
   g_autofree char *path = g_build_filename (g_getenv ("MMFG_SOURCE_ROOT"),
                                             "abi", "README.md", NULL);
   g_autofree char *text = NULL;
   g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
   const char *table = strstr (text, "| cause | condition | verdict | event |");
   g_assert_nonnull (table);
   g_auto (GStrv) lines = g_strsplit (table, "\n", -1);
   guint rows = 0;
   for (guint i = 2; lines[i] != NULL && lines[i][0] == '|'; i++, rows++) {
      g_auto (GStrv) cells = g_strsplit (lines[i], "|", -1);
      g_assert_cmpuint (g_strv_length (cells), ==, 6);
      g_autofree char *id = g_strstrip (g_strdup (cells[1]));
      g_autofree char *verdict = g_strstrip (g_strdup (cells[3]));
      g_autofree char *event = g_strstrip (g_strdup (cells[4]));
      g_assert_true (g_str_has_prefix (id, "`") && g_str_has_suffix (id, "`"));
      id[strlen (id) - 1] = '\0';
      MmfgCause cause;
      if (!mmfg_cause_from_id (id + 1, &cause) || cause == MMFG_CAUSE_NONE)
         g_error ("abi/README.md lists %s, which no check produces", id + 1);
      g_assert_cmpstr (verdict, ==,
                       verdict_word (mmfg_cause_default_verdict (cause)));
      g_assert_cmpuint (g_ascii_strtoull (event, NULL, 10), ==,
                        mmfg_cause_event (cause));
   }
   // Every cause but "none", once.
   g_assert_cmpuint (rows, ==, MMFG_CAUSE_COUNT - 1);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/policy/quiet-mmf-proceeds", test_quiet_mmf_proceeds);
   g_test_add_func ("/policy/client-holder-defers", test_client_holder_defers);
   g_test_add_func ("/policy/host-own-lock-is-not-in-use",
                    test_host_own_lock_is_not_in_use);
   g_test_add_func ("/policy/unknown-lock-state-fails-closed",
                    test_unknown_lock_state_fails_closed);
   g_test_add_func ("/policy/password-recovered-after-mmf-changed-blocks",
                    test_password_recovered_after_mmf_changed_blocks);
   g_test_add_func ("/policy/recently-active-per-policy",
                    test_recently_active_per_policy);
   g_test_add_func ("/policy/unusable-files-block-whatever-else",
                    test_unusable_files_block_whatever_else);
   g_test_add_func ("/policy/cause-ids-round-trip", test_cause_ids_round_trip);
   g_test_add_func ("/policy/spec-cause-table",
                    test_spec_cause_table_matches_the_code);
   g_test_add_func ("/policy/strongest-finding-decides",
                    test_strongest_finding_decides);
   g_test_add_func ("/policy/postoffice-decides-first",
                    test_postoffice_decides_first);
   g_test_add_func ("/policy/event-findings", test_event_findings);
   g_test_add_func ("/policy/postoffice-alone", test_postoffice_alone);
   g_test_add_func ("/policy/spec-cause-precedence",
                    test_spec_cause_precedence_matches_the_code);
   return g_test_run ();
}
