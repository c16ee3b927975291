// validate-contract.c — conformance cases of `mig-host validate`: the
// rules abi/mig-plugin.h settles for values and buffers a plugin hands
// back (unknown values, the answer after an error, invalid mailbox ids,
// the tails of longer output structs).

#include "validate/validate-context.h"

#include "plugin-host/host-services.h"

#include <string.h>

// Every flag bit mig_answer.flags has in this minor.
#define KNOWN_FLAGS                                                            \
   (MIG_ANSWER_RETRYABLE | MIG_ANSWER_HOLDER_IS_HOST |                         \
    MIG_ANSWER_HOLDER_STALE | MIG_ANSWER_TEXT_TRUNCATED)

// What kinds of unknown value were reported already: each once, so that
// one kind does not hide the others.
enum {
   SEEN_VERDICT = 1 << 0,
   SEEN_FLAGS = 1 << 1,
   SEEN_LOCK = 1 << 2,
   SEEN_CR = 1 << 3,
   SEEN_EVENT = 1 << 4,
};

// An answer `v` holds only values of this minor: a verdict 0-3 or a
// MIG_ERR_*, known flag bits and lock kinds, lines ending in "\n" alone.
static void
check_known_values (MhCaseCtx *c, unsigned *seen, const char *what, int32_t v,
                    const mig_answer *a)
{
   unsigned found = 0;
   if (v > MIG_VERDICT_BLOCK || v < MIG_ERR_INTERNAL)
      found |= SEEN_VERDICT;
   else if (v >= 0) { // the out fields are unspecified after an error
      if ((a->flags & ~(uint32_t) KNOWN_FLAGS) != 0)
         found |= SEEN_FLAGS;
      if (a->holder_lock > MIG_LOCK_SERVER_OPEN)
         found |= SEEN_LOCK;
      if (a->text != NULL && a->text_size > 0 && strchr (a->text, '\r'))
         found |= SEEN_CR;
   }
   found &= ~*seen;
   *seen |= found;
   if (found & SEEN_VERDICT)
      mh_case_fail (c, "%s: returned %d, no verdict or status of ABI 1.%d",
                    what, (int) v, MIG_ABI_VERSION_MINOR);
   if (found & SEEN_FLAGS)
      mh_case_fail (c, "%s: flags 0x%x has bits ABI 1.%d does not define", what,
                    a->flags, MIG_ABI_VERSION_MINOR);
   if (found & SEEN_LOCK)
      mh_case_fail (c, "%s: holder_lock %u is no MIG_LOCK_* of ABI 1.%d", what,
                    a->holder_lock, MIG_ABI_VERSION_MINOR);
   if (found & SEEN_CR)
      mh_case_fail (c, "%s: the text has a \"\\r\"; lines end in \"\\n\"",
                    what);
}

// Verdicts, flags, lock kinds and log levels a plugin gives are those of
// its minor; on-error's event_id is the event explained.
MhCaseResult
mh_case_known_values_only (MhCaseCtx *c)
{
   guint asked = 0;
   unsigned seen = 0;
   // Counted since this case's mig_host was made: init()'s messages.
   guint unknown = mh_host_services_unknown_levels (c->services);
   if (unknown > 0)
      mh_case_fail (c, "%u log messages at a level no MIG_LOG_* names",
                    unknown);
   const char *const hex_ids[] = {MH_VALIDATE_HEX_PRESENT,
                                  MH_VALIDATE_HEX_MISSING, "NOT-HEX", NULL};
   for (gsize i = 0; i < G_N_ELEMENTS (hex_ids); i++) {
      mig_account account = mh_case_account_for (c, "VALIDATE", hex_ids[i]);
      char text[4096];
      mig_answer a;
      if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
         mh_case_answer_init (&a, text, sizeof text);
         check_known_values (c, &seen, "pre-migrate/1",
                             mh_case_pre_migrate (c, &account, &a), &a);
         asked++;
      }
      if (mh_case_hook (c, MH_FN_on_error) != NULL) {
         const char *inserts[] = {"VALIDATE", c->fx.mmf_missing};
         mig_event e = mh_case_event_for (inserts, &account);
         mh_case_answer_init (&a, text, sizeof text);
         int32_t v = mh_case_on_error (c, &e, &a);
         check_known_values (c, &seen, "on-error/1", v, &a);
         if (v > MIG_VERDICT_NO_OPINION && a.event_id != e.event_id &&
             !(seen & SEEN_EVENT)) {
            seen |= SEEN_EVENT;
            mh_case_fail (c,
                          "on-error/1 explained event %u with event_id %u, "
                          "not the event's own",
                          e.event_id, a.event_id);
         }
         asked++;
      }
   }
   if (mh_case_hook (c, MH_FN_batch_begin) != NULL &&
       mh_case_hook (c, MH_FN_batch_end) != NULL) {
      mig_batch batch = {.struct_size = sizeof batch,
                         .batch_id = 0x6b6e6f776eULL,
                         .postoffice = c->fx.maildata};
      mig_answer a;
      mh_case_answer_init (&a, NULL, 0);
      int32_t v = mh_case_batch_begin (c, &batch, &a);
      check_known_values (c, &seen, "batch-begin/1", v, &a);
      if (v >= 0)
         mh_case_batch_end (c, batch.batch_id);
      asked++;
   }
   guint later = mh_host_services_unknown_levels (c->services) - unknown;
   if (later > 0)
      mh_case_fail (c,
                    "%u log messages at a level no MIG_LOG_* names, "
                    "inside hooks",
                    later);
   mh_case_note (c,
                 "%u answers and the log: verdicts, flags, lock kinds and "
                 "levels of ABI 1.%d",
                 asked, MIG_ABI_VERSION_MINOR);
   return mh_case_verdict_of (c);
}

// After a hook returns an error its text is "" (text_size > 0), whatever
// the buffer held before: a host never shows a stale text.
MhCaseResult
mh_case_error_text_empty (MhCaseCtx *c)
{
   guint errors = 0;
   char text[256];
   mig_answer a;
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
      mig_account account =
         mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
      account.reserved = 1; // refused: reserved fields must be 0
      g_strlcpy (text, "stale text of an earlier call", sizeof text);
      mh_case_answer_init (&a, text, sizeof text);
      int32_t v = mh_case_pre_migrate (c, &account, &a);
      if (v >= 0)
         mh_case_fail (c, "pre-migrate/1 with reserved 1 answered %s",
                       mh_case_returned (v));
      else if (text[0] != '\0')
         mh_case_fail (c, "pre-migrate/1 returned %s and left the text \"%s\"",
                       mh_case_returned (v), text);
      errors++;
   }
   if (mh_case_hook (c, MH_FN_on_error) != NULL) {
      const char *inserts[] = {"VALIDATE", c->fx.mmf_missing};
      mig_event e = mh_case_event_for (inserts, NULL);
      e.reserved = 1;
      g_strlcpy (text, "stale text of an earlier call", sizeof text);
      mh_case_answer_init (&a, text, sizeof text);
      int32_t v = mh_case_on_error (c, &e, &a);
      if (v >= 0)
         mh_case_fail (c, "on-error/1 with reserved 1 answered %s",
                       mh_case_returned (v));
      else if (text[0] != '\0')
         mh_case_fail (c, "on-error/1 returned %s and left the text \"%s\"",
                       mh_case_returned (v), text);
      errors++;
   }
   mh_case_note (c, "%u refused calls, each with an empty text", errors);
   return mh_case_verdict_of (c);
}

// A mailbox id that is not exactly 8 hex digits, NULL included, is refused
// by verdict (DEFER or BLOCK, or NO_OPINION from a plugin with nothing to
// say), never with an error or a go.
MhCaseResult
mh_case_invalid_hex_id_refused (MhCaseCtx *c)
{
   if (mh_case_hook (c, MH_FN_pre_migrate) == NULL)
      return MH_CASE_SKIP;
   const char *const hex_ids[] = {NULL,        "",         "0000023",
                                  "0000023A0", "0000023G", "..\\..\\A"};
   for (gsize i = 0; i < G_N_ELEMENTS (hex_ids); i++) {
      mig_account account = mh_case_account_for (c, "VALIDATE", hex_ids[i]);
      mig_answer a;
      mh_case_answer_init (&a, NULL, 0);
      int32_t v = mh_case_pre_migrate (c, &account, &a);
      if (v != MIG_VERDICT_DEFER && v != MIG_VERDICT_BLOCK &&
          v != MIG_VERDICT_NO_OPINION)
         mh_case_fail (c, "hex id %s%s%s: %s, not a refusing verdict",
                       hex_ids[i] ? "\"" : "", hex_ids[i] ? hex_ids[i] : "NULL",
                       hex_ids[i] ? "\"" : "", mh_case_returned (v));
   }
   mh_case_note (c, "%zu invalid ids, none a go or an error",
                 G_N_ELEMENTS (hex_ids));
   return mh_case_verdict_of (c);
}

#define TAIL_BYTES 64
#define TAIL_FILL 0xa5

static gboolean
tail_is (const unsigned char *tail, unsigned char value)
{
   for (size_t i = 0; i < TAIL_BYTES; i++)
      if (tail[i] != value)
         return FALSE;
   return TRUE;
}

// The plugin neither reads nor writes what lies past the fields it knows in
// a longer mig_answer (zeroed, as the host must) or mig_catalog_entry (not
// zeroed: the host need not).
MhCaseResult
mh_case_output_tail_untouched (MhCaseCtx *c)
{
   guint checked = 0;
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL) {
      struct {
         mig_answer a;
         unsigned char tail[TAIL_BYTES];
      } long_answer;
      memset (&long_answer, 0, sizeof long_answer);
      char text[1024];
      long_answer.a.struct_size = sizeof long_answer;
      long_answer.a.text = text;
      long_answer.a.text_size = sizeof text;
      mig_account account =
         mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_MISSING);
      int32_t v = mh_case_pre_migrate (c, &account, &long_answer.a);
      if (v < 0)
         mh_case_fail (c,
                       "pre-migrate/1 refused a longer zero-tailed answer "
                       "(%s)",
                       mh_case_returned (v));
      else if (!tail_is (long_answer.tail, 0))
         mh_case_fail (c, "pre-migrate/1 wrote into the tail of a longer "
                          "answer");
      checked++;
   }
   if (mh_case_hook (c, MH_FN_catalog) != NULL) {
      struct {
         mig_catalog_entry e;
         unsigned char tail[TAIL_BYTES];
      } long_entry;
      memset (&long_entry, 0, sizeof long_entry);
      memset (long_entry.tail, TAIL_FILL, sizeof long_entry.tail);
      long_entry.e.struct_size = sizeof long_entry;
      int32_t rc = mh_case_catalog_entry (c, 0, &long_entry.e);
      if (rc != MIG_OK && rc != MIG_ERR_RANGE)
         mh_case_fail (c,
                       "catalog/1 refused a longer entry whose tail is not "
                       "zero (%s)",
                       mh_case_returned (rc));
      else if (!tail_is (long_entry.tail, TAIL_FILL))
         mh_case_fail (c, "catalog/1 wrote into the tail of a longer entry");
      checked++;
   }
   if (checked == 0)
      return MH_CASE_SKIP;
   mh_case_note (c, "%u longer output structs, tails untouched", checked);
   return mh_case_verdict_of (c);
}
