// validate-hostile.c — conformance cases of `mig-host validate`: hostile
// strings.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

// ---- hostile strings

// Asks about an account built from hostile strings, through every hook that
// takes one; checks the answers are well-formed. `check` looks at each
// answer's text (may be NULL).
typedef void (*TextCheck) (MhCaseCtx *c, const char *what, int32_t rc,
                           const mig_answer *a, const char *text);

// A refused mh_case_call (an error code) still leaves the text NUL-terminated
// (the header: "always NUL-terminated when text_size > 0") and writes nothing
// past the buffer. TRUE when the call was refused.
static gboolean
refused_cleanly (MhCaseCtx *c, const char *what, int32_t rc, const MhGuarded *g)
{
   if (rc >= 0)
      return FALSE;
   if (rc < MIG_ERR_INTERNAL)
      mh_case_fail (c, "%s returned %d, neither a verdict nor an error", what,
                    rc);
   if (!mh_case_canary_intact (g, g->size))
      mh_case_fail (c, "%s: refused, but wrote past a %u-byte text buffer",
                    what, g->size);
   else if (g->size > 0 && memchr (g->buffer, '\0', g->size) == NULL)
      mh_case_fail (
         c, "%s: refused, and left the %u-byte text buffer unterminated", what,
         g->size);
   return TRUE;
}

// Checks one hook's answer to hostile strings: refused cleanly, or a
// well-formed text and answer that `check` (may be NULL) looks at further.
static void
check_hostile_answer (MhCaseCtx *c, const char *what, int32_t rc, MhGuarded *g,
                      const mig_answer *a, TextCheck check)
{
   if (refused_cleanly (c, what, rc, g))
      ;
   else if (mh_case_check_text (c, what, g)) {
      if (!mh_case_answer_fields_ok (a))
         mh_case_fail (c, "%s: an answer field is not terminated UTF-8", what);
      if (check != NULL)
         check (c, what, rc, a, g->buffer);
   }
   g_free (g->buffer);
}

static void
ask_hostile (MhCaseCtx *c, const char *user, const char *hex_id,
             const char *description, TextCheck check)
{
   mig_account account = mh_case_account_for (c, user, hex_id);
   account.full_name = user;
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
      MhGuarded g = mh_case_guarded_new (4096);
      mig_answer a;
      mh_case_answer_init (&a, g.buffer, g.size);
      int32_t rc = mh_case_pre_migrate (c, &account, &a);
      check_hostile_answer (c, "pre-migrate", rc, &g, &a, check);
   }
   if (mh_case_hook (c, MH_FN_on_error) != NULL) {
      const char *inserts[] = {user, c->fx.mmf_missing, NULL};
      mig_event event = mh_case_event_for (inserts, &account);
      event.description = description;
      MhGuarded g = mh_case_guarded_new (4096);
      mig_answer a;
      mh_case_answer_init (&a, g.buffer, g.size);
      int32_t rc = mh_case_on_error (c, &event, &a);
      check_hostile_answer (c, "on-error", rc, &g, &a, check);
   }
}

static void
check_not_crashed_result (MhCaseCtx *c, const char *what, int32_t rc,
                          const mig_answer *a, const char *text)
{
   (void) a;
   (void) text;
   if (rc < MIG_ERR_INTERNAL || rc > MIG_VERDICT_BLOCK)
      mh_case_fail (c, "%s returned %d, neither a verdict nor an error", what,
                    rc);
}

MhCaseResult
mh_case_hostile_non_utf8 (MhCaseCtx *c)
{
   static const char *const bad[] = {"\xff\xfeU", "U\xc3\x28", "\xed\xa0\x80",
                                     "\xc0\xaf", "U\xf4\x90\x80\x80"};
   for (gsize i = 0; i < G_N_ELEMENTS (bad); i++) {
      ask_hostile (c, bad[i], MH_VALIDATE_HEX_PRESENT, bad[i],
                   check_not_crashed_result);
      ask_hostile (c, "VALIDATE", bad[i], "x", check_not_crashed_result);
   }
   mh_case_note (
      c,
      "%zu invalid sequences as user, hex id and description: refused "
      "or answered in UTF-8",
      G_N_ELEMENTS (bad));
   return mh_case_verdict_of (c);
}

MhCaseResult
mh_case_hostile_long_strings (MhCaseCtx *c)
{
   g_autofree char *ascii = g_malloc (HOSTILE_LEN + 1);
   memset (ascii, 'A', HOSTILE_LEN);
   ascii[HOSTILE_LEN] = '\0';
   // Multi-byte characters, so that a cut must land on a boundary.
   GString *wide = g_string_new (NULL);
   while (wide->len < HOSTILE_LEN)
      g_string_append (wide, "Ä€😀");
   ask_hostile (c, ascii, MH_VALIDATE_HEX_MISSING, ascii,
                check_not_crashed_result);
   ask_hostile (c, wide->str, MH_VALIDATE_HEX_MISSING, wide->str,
                check_not_crashed_result);
   ask_hostile (c, "VALIDATE", ascii, ascii, check_not_crashed_result);
   g_string_free (wide, TRUE);
   mh_case_note (c,
                 "64 KiB user, hex id and description: answered within a 4 KiB "
                 "buffer");
   return mh_case_verdict_of (c);
}

#define FORMAT_USER "FMT%n%s%x%p%99999dEND"

static void
check_format_literal (MhCaseCtx *c, const char *what, int32_t rc,
                      const mig_answer *a, const char *text)
{
   check_not_crashed_result (c, what, rc, a, text);
   // Wherever the name shows, it shows whole: no directive was expanded.
   const char *at = strstr (text, "FMT");
   if (at != NULL && !g_str_has_prefix (at, FORMAT_USER))
      mh_case_fail (c, "%s: the user name %s was not written literally", what,
                    FORMAT_USER);
}

MhCaseResult
mh_case_hostile_format_strings (MhCaseCtx *c)
{
   ask_hostile (c, FORMAT_USER, MH_VALIDATE_HEX_MISSING, FORMAT_USER,
                check_format_literal);
   ask_hostile (c, FORMAT_USER, "%n%n%n%n", "%s%s%s%s", check_format_literal);
   mh_case_note (c, "\"%s\" in names, ids and descriptions: literal or refused",
                 FORMAT_USER);
   return mh_case_verdict_of (c);
}

// C0 controls other than newline and tab, DEL, and C1 controls (U+0080 to
// U+009F, which terminals also obey).
static const char *
find_control (const char *text)
{
   for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p)) {
      gunichar ch = g_utf8_get_char (p);
      if ((ch < 0x20 && ch != '\n' && ch != '\t') || ch == 0x7f ||
          (ch >= 0x80 && ch <= 0x9f))
         return p;
   }
   return NULL;
}

static void
check_no_escapes (MhCaseCtx *c, const char *what, int32_t rc,
                  const mig_answer *a, const char *text)
{
   check_not_crashed_result (c, what, rc, a, text);
   const char *fields[] = {text,
                           a->cause,
                           a->path,
                           a->documentation,
                           a->holder_program,
                           a->holder_unix_user,
                           a->holder_smb_user,
                           a->holder_client_machine};
   for (gsize i = 0; i < G_N_ELEMENTS (fields); i++) {
      const char *at = find_control (fields[i]);
      if (at != NULL)
         mh_case_fail (
            c,
            "%s: the answer holds control character U+%04X (a terminal "
            "escape reaches the operator's screen)",
            what, g_utf8_get_char (at));
   }
}

MhCaseResult
mh_case_hostile_terminal_escapes (MhCaseCtx *c)
{
   static const char *const names[] = {
      "U\x1b]0;pwned\x07NAME", "U\x1b[31mRED\x1b[0m",
      "U\302\23331mC1" /* C1 CSI */, "U\rOVERWRITE\b\b", "U\x7f\x01\x02"};
   for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
      ask_hostile (c, names[i], MH_VALIDATE_HEX_MISSING, names[i],
                   check_no_escapes);
   mh_case_note (c, "ESC, BEL, CSI, CR, BS, DEL in names: none in the answers");
   return mh_case_verdict_of (c);
}
