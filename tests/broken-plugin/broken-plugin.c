// broken-plugin.c — a mig plugin that breaks eleven rules of the ABI on
// purpose, and keeps every other one, so that `mig-host validate` can be
// shown to fail exactly the cases it breaks (tests/test-validate.c).
//
// Broken, each marked BROKEN below:
// - unknown-hook-ids:         get_hook() matches ids by prefix, so
//                             "pre-migrate/1x" finds pre-migrate/1;
// - null-arguments:           pre-migrate dereferences a NULL account;
// - struct-size-nonzero-tail: struct_size is checked against the 1.0 size
//                             only; bytes beyond are never looked at;
// - text-buffer-small:        the text is copied with 4 bytes too many and
//                             without a terminator when it does not fit;
// - findings-agree:           it reports a finding through the host's
//                             findings/1 for an answer without a cause;
// - client-holder-text-agrees: its fields name a holder (pid 1) that its
//                             text does not mention;
// - known-values-only:        it sets a flag bit no minor defines, and logs
//                             at a level no MIG_LOG_* names;
// - error-text-empty:         refusing a non-zero reserved field, it leaves
//                             the host's text as it was;
// - invalid-hex-id-refused:   it proceeds whatever the mailbox id;
// - output-tail-untouched:    it writes into a longer answer's tail;
// - other-config-refused:     a later init() naming another configuration
//                             is accepted, and runs under the first's.
// Kept: exact version check, reference-counted init, NOT_INITIALISED before
// init, thread safety, UTF-8 checks, sanitised text, literal user names.

#include "mig-plugin.h"

#include <glib.h>
#include <string.h>

static GMutex init_lock;
static int init_count;
static const mig_host *the_host;

static gboolean
initialised (void)
{
   g_mutex_lock (&init_lock);
   gboolean yes = init_count > 0;
   g_mutex_unlock (&init_lock);
   return yes;
}

// The user name with control characters (C0, DEL, C1) replaced by '?'.
static char *
sanitised (const char *text)
{
   GString *out = g_string_new (NULL);
   for (const char *p = text; *p != '\0' && out->len < 256;
        p = g_utf8_next_char (p)) {
      gunichar ch = g_utf8_get_char (p);
      if (ch < 0x20 || ch == 0x7f || (ch >= 0x80 && ch <= 0x9f))
         g_string_append_c (out, '?');
      else
         g_string_append_unichar (out, ch);
   }
   return g_string_free (out, FALSE);
}

static void
put_text (mig_answer *answer, const char *text)
{
   size_t len = strlen (text);
   answer->text_needed = (uint32_t) len;
   if (answer->text_size == 0)
      return;
   if (len < answer->text_size) {
      memcpy (answer->text, text, len + 1);
      return;
   }
   // BROKEN: overruns the buffer by 4 bytes and leaves it unterminated.
   memcpy (answer->text, text, MIN (len, (size_t) answer->text_size + 4));
   answer->flags |= MIG_ANSWER_TEXT_TRUNCATED;
}

static int32_t MIG_CALL
pre_migrate (const mig_account *account, mig_answer *answer)
{
   if (!initialised ())
      return MIG_ERR_NOT_INITIALISED;
   // BROKEN: this refusal comes before the text is cleared.
   if (account != NULL && account->reserved != 0)
      return MIG_ERR_INVALID_ARGUMENT;
   // Refusals below leave the text terminated, as the ABI asks: this plugin
   // breaks only the rules its BROKEN comments name.
   if (answer != NULL && answer->text != NULL && answer->text_size > 0)
      answer->text[0] = '\0';
   // BROKEN: no NULL check; and struct_size is only compared with the 1.0
   // size, the bytes beyond it are never checked to be zero.
   if (account->struct_size < sizeof *account || account->user == NULL ||
       account->postoffice == NULL || account->reserved != 0)
      return MIG_ERR_INVALID_ARGUMENT;
   if (!g_utf8_validate (account->user, -1, NULL) ||
       !g_utf8_validate (account->postoffice, -1, NULL) ||
       (account->hex_id != NULL &&
        !g_utf8_validate (account->hex_id, -1, NULL)) ||
       (account->full_name != NULL &&
        !g_utf8_validate (account->full_name, -1, NULL)))
      return MIG_ERR_INVALID_ARGUMENT;
   if (answer == NULL)
      return MIG_VERDICT_PROCEED;
   if (answer->struct_size < sizeof *answer ||
       (answer->text_size > 0 && answer->text == NULL))
      return MIG_ERR_INVALID_ARGUMENT;
   // BROKEN: a finding for an answer that has no cause (it proceeds).
   const mig_service_findings *findings =
      the_host->get_service
         ? the_host->get_service (the_host, MIG_SERVICE_FINDINGS)
         : NULL;
   if (findings != NULL) {
      mig_finding f = {.struct_size = sizeof f, .verdict = MIG_VERDICT_DEFER};
      g_strlcpy (f.cause, "checks-nothing", sizeof f.cause);
      findings->add (the_host, answer, &f);
   }
   g_autofree char *user = sanitised (account->user);
   g_autofree char *text =
      g_strconcat ("Account ", user,
                   " may be migrated: this test plugin checks nothing "
                   "and breaks rules of the ABI on purpose.",
                   NULL);
   put_text (answer, text);
   // BROKEN: fields that say more than the text: a holder nobody named.
   answer->holder_lock = MIG_LOCK_POSIX;
   answer->holder_count = 1;
   answer->holder_pid = 1;
   answer->flags |= 1u << 7; // BROKEN: a flag bit no minor defines
   if (answer->struct_size > sizeof *answer)
      ((unsigned char *) answer)[sizeof *answer] = 1; // BROKEN: the tail
   // BROKEN: every mailbox id proceeds, one that names no MMF too.
   return MIG_VERDICT_PROCEED;
}

static const mig_hook_pre_migrate pre_migrate_hook = {pre_migrate};

static const void *MIG_CALL
get_hook (const char *id)
{
   if (id == NULL)
      return NULL;
   // BROKEN: a prefix match, the mistake the ABI's exact ids exist to stop.
   if (strncmp (id, MIG_HOOK_PRE_MIGRATE, strlen (MIG_HOOK_PRE_MIGRATE)) == 0)
      return &pre_migrate_hook;
   return NULL;
}

static int32_t MIG_CALL
init (const mig_host *host, char *error, uint32_t error_size)
{
   if (error != NULL && error_size > 0)
      error[0] = '\0';
   // BROKEN: as above, no check of bytes beyond the 1.0 size.
   if (host == NULL || host->struct_size < sizeof *host)
      return MIG_ERR_INVALID_ARGUMENT;
   if (host->abi_major != MIG_ABI_VERSION_MAJOR) {
      if (error != NULL && error_size > 0)
         g_strlcpy (error, "broken-plugin speaks ABI 1 only", error_size);
      return MIG_ERR_VERSION;
   }
   g_mutex_lock (&init_lock);
   // BROKEN: a later init() is counted whatever configuration it names.
   if (init_count == 0)
      the_host = host;
   init_count++;
   g_mutex_unlock (&init_lock);
   if (host->log != NULL) // BROKEN: a level no MIG_LOG_* names
      host->log (host, MIG_LOG_ERROR + 6, "broken-plugin started");
   return MIG_OK;
}

static void MIG_CALL
deinit (void)
{
   g_mutex_lock (&init_lock);
   if (init_count > 0)
      init_count--;
   g_mutex_unlock (&init_lock);
}

MIG_EXPORT const mig_plugin_entry mig_entry = {
   .struct_size = sizeof (mig_plugin_entry),
   .abi_major = MIG_ABI_VERSION_MAJOR,
   .abi_minor = MIG_ABI_VERSION_MINOR,
   .abi_revision = MIG_ABI_VERSION_REVISION,
   .id = "org.mmfguard.test.broken",
   .name = "broken-plugin",
   .version = "0.1.0",
   .description = "breaks ten ABI rules on purpose, for mig-host validate",
   .init = init,
   .deinit = deinit,
   .get_hook = get_hook,
};
