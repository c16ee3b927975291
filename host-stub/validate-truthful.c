// validate-truthful.c — conformance cases of `mig-host validate`: truthful answers.

#include "validate-context.h"

#include "answer.h"

#include <stdio.h>
#include <string.h>
#ifndef G_OS_WIN32
#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>
#endif

// ---------------------------------------------------------------------------
// Truthful answers

// A hook's return value in words: a verdict's name, else the error's.
static const char *
returned (int32_t v)
{
   const char *verdict = mig_verdict_name (v);
   return verdict ? verdict : mig_status_name (v);
}

// A post office batch-begin/1 blocks (the folder above MAILDATA, which the
// wizard refuses) is blocked for every account by pre-migrate/1 too, with
// the same cause, inside the batch and outside one.
MigCaseResult
case_postoffice_verdict_in_pre_migrate (Ctx *c)
{
   if (hook (c, MIG_FN_batch_begin) == NULL || hook (c, MIG_FN_pre_migrate) == NULL)
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   mig_batch batch = {.struct_size = sizeof batch, .batch_id = 77, .postoffice = c->fx.root};
   mig_answer po;
   answer_init (&po, NULL, 0);
   int32_t v = batch_begin (c, &batch, &po);
   if (v != MIG_VERDICT_BLOCK) {
      note (c, "batch-begin did not block the folder above MAILDATA (%s): nothing to "
               "carry into pre-migrate", returned (v));
      if (v >= 0)
         batch_end (c, batch.batch_id);
      mig_call_deinit (c->plugin);
      return verdict_of (c);
   }
   for (uint64_t id = 0; id <= batch.batch_id; id += batch.batch_id) {
      mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
      account.postoffice = c->fx.root;
      account.batch_id = id;
      mig_answer a;
      answer_init (&a, NULL, 0);
      int32_t pv = pre_migrate (c, &account, &a);
      if (pv != MIG_VERDICT_BLOCK || strcmp (a.cause, po.cause) != 0)
         fail (c, "batch-begin blocked the post office (%s), pre-migrate %s said %s (%s)",
               po.cause, id ? "in the batch" : "outside a batch", returned (pv),
               a.cause);
   }
   batch_end (c, batch.batch_id);
   if (c->n_failures == 0)
      note (c, "post office blocked (%s) by batch-begin and by every pre-migrate", po.cause);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
}

#ifndef G_OS_WIN32
// The holder fields agree with each other: a holder named means one
// counted; none counted means none named; a message id means text.
static void
check_holder_fields (Ctx *c, const char *what, const mig_answer *a)
{
   gboolean named = a->holder_lock != MIG_LOCK_NONE || a->holder_pid != 0 ||
                    a->holder_program[0] || a->holder_smb_user[0];
   if (named && a->holder_count == 0)
      fail (c, "%s: a holder is named but holder_count is 0", what);
   if (!named && a->holder_count > 0)
      fail (c, "%s: holder_count %u but no holder named", what, a->holder_count);
   if ((a->flags & MIG_ANSWER_HOLDER_IS_HOST) && !named)
      fail (c, "%s: HOLDER_IS_HOST set with no holder named", what);
}

// Whether this process holds a POSIX lock on `path`: asked from a child,
// since F_GETLK from the owner always answers "unlocked".
static gboolean
locked_by_me (const char *path)
{
   pid_t me = getpid ();
   pid_t child = fork ();
   if (child == 0) {
      int fd = open (path, O_RDONLY);
      struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
      gboolean ok = fd >= 0 && fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK &&
                    fl.l_pid == me;
      _exit (ok ? 0 : 1);
   }
   int status = 0;
   waitpid (child, &status, 0);
   return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}
#endif

// The host itself holds a POSIX lock on the account's MMF: pre-migrate
// keeps it (no close() in the host's process drops it), does not take it
// for a client (the verdict is the one without it), and, if it names the
// holder, flags it as the host.
MigCaseResult
case_host_held_lock (Ctx *c)
{
#ifdef G_OS_WIN32
   note (c, "POSIX record locks are a Unix matter");
   return MIG_CASE_SKIP;
#else
   if (hook (c, MIG_FN_pre_migrate) == NULL)
      return MIG_CASE_SKIP;
   if (!init_ok (c))
      return MIG_CASE_FAIL;
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   char text[4096];
   mig_answer before;
   answer_init (&before, text, sizeof text);
   int32_t free_verdict = pre_migrate (c, &account, &before);
   check_holder_fields (c, "without a lock", &before);

   int fd = open (c->fx.mmf_present, O_RDWR);
   struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
   if (fd < 0 || fcntl (fd, F_SETLK, &fl) != 0) {
      fail (c, "cannot lock %s for the case", c->fx.mmf_present);
      if (fd >= 0)
         close (fd);
      mig_call_deinit (c->plugin);
      return verdict_of (c);
   }
   mig_answer a;
   answer_init (&a, text, sizeof text);
   int32_t v = pre_migrate (c, &account, &a);
   if (!locked_by_me (c->fx.mmf_present))
      fail (c, "the host's own POSIX lock was gone after pre-migrate");
   if (v != free_verdict)
      fail (c, "the host's own lock changed the verdict from %s to %s (%s)",
            returned (free_verdict), returned (v), a.cause);
   check_holder_fields (c, "with the host's lock", &a);
   if (a.holder_pid == getpid () && !(a.flags & MIG_ANSWER_HOLDER_IS_HOST))
      fail (c, "the holder named is the host (pid %" G_GINT64_FORMAT ") without "
               "MIG_ANSWER_HOLDER_IS_HOST", (gint64) a.holder_pid);
   if (c->n_failures == 0)
      note (c, "lock kept, verdict %s unchanged%s", returned (v),
            a.flags & MIG_ANSWER_HOLDER_IS_HOST ? ", host flagged as the holder" : "");
   close (fd);
   mig_call_deinit (c->plugin);
   return verdict_of (c);
#endif
}

#ifndef G_OS_WIN32
// Starts a child process that holds a POSIX read lock on `path` until
// `release` is written to; returns its pid, or -1 (with `release` closed).
static pid_t
start_client (const char *path, int *release)
{
   int ready[2], hold[2];
   if (pipe (ready) != 0)
      return -1;
   if (pipe (hold) != 0) {
      close (ready[0]);
      close (ready[1]);
      return -1;
   }
   pid_t child = fork ();
   if (child == 0) {
      close (ready[0]);
      close (hold[1]);
      int fd = open (path, O_RDONLY);
      struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
      char ok = fd >= 0 && fcntl (fd, F_SETLK, &fl) == 0 ? 'y' : 'n';
      char byte;
      if (write (ready[1], &ok, 1) != 1 || read (hold[0], &byte, 1) < 0)
         _exit (1);
      _exit (0);
   }
   close (ready[1]);
   close (hold[0]);
   char ok = 'n';
   if (child < 0 || read (ready[0], &ok, 1) != 1 || ok != 'y') {
      close (ready[0]);
      close (hold[1]);
      if (child > 0)
         waitpid (child, NULL, 0);
      return -1;
   }
   close (ready[0]);
   *release = hold[1];
   return child;
}
#endif

// Another process (a client) holds a POSIX lock on the account's MMF. A
// plugin need not see it; one that names a holder says in the text what
// the fields say: the pid and the client machine it names appear in the
// text, the count covers it, and it is not flagged as the host.
MigCaseResult
case_client_holder_text_agrees (Ctx *c)
{
#ifdef G_OS_WIN32
   note (c, "POSIX record locks are a Unix matter");
   return MIG_CASE_SKIP;
#else
   if (hook (c, MIG_FN_pre_migrate) == NULL)
      return MIG_CASE_SKIP;
   int release = -1;
   pid_t client = start_client (c->fx.mmf_present, &release);
   if (client < 0) {
      fail (c, "cannot start a process holding %s for the case", c->fx.mmf_present);
      return verdict_of (c);
   }
   mig_account account = account_for (c, "VALIDATE", MIG_VALIDATE_HEX_PRESENT);
   char text[8192];
   mig_answer a;
   answer_init (&a, text, sizeof text);
   int32_t v = pre_migrate (c, &account, &a);
   check_holder_fields (c, "with a client's lock", &a);
   if (a.holder_pid != 0) {
      g_autofree char *pid = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) a.holder_pid);
      if (a.holder_pid != client)
         fail (c, "holder_pid %s, but the client is %d", pid, (int) client);
      if (strstr (text, pid) == NULL)
         fail (c, "holder_pid %s is not in the text", pid);
   }
   if (a.holder_client_machine[0] != '\0' && strstr (text, a.holder_client_machine) == NULL)
      fail (c, "holder_client_machine \"%s\" is not in the text", a.holder_client_machine);
   if (a.flags & MIG_ANSWER_HOLDER_IS_HOST)
      fail (c, "the client's lock is flagged MIG_ANSWER_HOLDER_IS_HOST");
   if (a.holder_count > 0 && a.cause[0] != '\0' && text[0] == '\0')
      fail (c, "a holder and cause %s, but no text", a.cause);
   if (c->n_failures == 0 && a.holder_count > 0)
      note (c, "%s (%s): holder pid %" G_GINT64_FORMAT " named in the fields and the text",
            returned (v), a.cause, (gint64) a.holder_pid);
   else if (c->n_failures == 0)
      note (c, "%s: the plugin names no holder (nothing to compare)", returned (v));
   if (write (release, "x", 1) != 1)
      fail (c, "cannot release the client");
   close (release);
   waitpid (client, NULL, 0);
   return verdict_of (c);
#endif
}

// How strongly a verdict keeps an account from migrating; -1 for a value
// that is no verdict.
static int
strength (int32_t verdict)
{
   return verdict >= MIG_VERDICT_PROCEED && verdict <= MIG_VERDICT_BLOCK ? verdict : -1;
}

// The findings reported for one answer obey findings/1: none without a
// cause; else the first is the answer's cause and verdict, the rest follow
// strongest first, each a distinct cause with a verdict and a message id
// that is "" or 32 hex digits.
static void
check_findings (Ctx *c, const char *what, const MigAnswer *a, guint *n_reported)
{
   GPtrArray *fs = a->findings;
   if (fs == NULL || mig_answer_is_error (a))
      return;
   *n_reported += fs->len;
   if (a->cause[0] == '\0') {
      fail (c, "%s: %u findings reported for an answer without a cause", what, fs->len);
      return;
   }
   const MigFinding *first = g_ptr_array_index (fs, 0);
   if (strcmp (first->cause, a->cause) != 0 || first->verdict != a->result)
      fail (c, "%s: the first finding is %s (%d), the answer %s (%d)", what,
            first->cause, first->verdict, a->cause, a->result);
   for (guint i = 0; i < fs->len; i++) {
      const MigFinding *f = g_ptr_array_index (fs, i);
      if (f->cause[0] == '\0' || strength (f->verdict) < 0)
         fail (c, "%s: finding %u has cause \"%s\" and verdict %d", what, i,
               f->cause, f->verdict);
      size_t id_len = strlen (f->message_id);
      if (id_len != 0 && (id_len != 32 || strspn (f->message_id, "0123456789abcdef") != 32))
         fail (c, "%s: finding %s has message id \"%s\"", what, f->cause, f->message_id);
      if (i == 0)
         continue;
      const MigFinding *prev = g_ptr_array_index (fs, i - 1);
      if (strength (f->verdict) > strength (prev->verdict))
         fail (c, "%s: finding %s (%s) comes after a weaker one, %s (%s)", what,
               f->cause, returned (f->verdict), prev->cause, returned (prev->verdict));
      for (guint k = 0; k < i; k++)
         if (strcmp (((const MigFinding *) g_ptr_array_index (fs, k))->cause, f->cause) == 0)
            fail (c, "%s: cause %s reported twice", what, f->cause);
   }
}

// With findings/1 offered, what a plugin reports agrees with its answers:
// a free account, a missing MMF, an invalid id, a password recovered now,
// a 7007 about the missing MMF, and the folder above MAILDATA. Reports come
// inside the call and with its answer, never outside. A plugin that reports
// none passes: the service is optional.
MigCaseResult
case_findings_agree (Ctx *c)
{
   guint stray_before = mig_answer_stray_findings ();
   guint n_reported = 0;
   gint64 now = g_get_real_time () / G_USEC_PER_SEC;
   const struct {
      const char *what;
      const char *hex_id;
      gint64 recovered;
   } accounts[] = {
      {"the present MMF", MIG_VALIDATE_HEX_PRESENT, 0},
      {"a missing MMF", MIG_VALIDATE_HEX_MISSING, 0},
      {"an invalid id", "0000/../", 0},
      {"a password recovered now", MIG_VALIDATE_HEX_PRESENT, now + 60},
   };
   for (gsize i = 0; i < G_N_ELEMENTS (accounts); i++) {
      mig_account account = account_for (c, "VALIDATE", accounts[i].hex_id);
      account.password_recovered_at = accounts[i].recovered;
      g_autoptr (MigAnswer) a = NULL;
      if (hook (c, MIG_FN_pre_migrate) != NULL) {
         a = mig_answer_pre_migrate (c->plugin, &account);
      } else {
         const char *inserts[] = {"VALIDATE", c->fx.mmf_missing};
         mig_event e = {.struct_size = sizeof e, .event_id = 7007,
                        .inserts = inserts, .n_inserts = 2, .account = &account};
         a = mig_answer_on_error (c->plugin, &e);
      }
      check_findings (c, accounts[i].what, a, &n_reported);
   }
   if (hook (c, MIG_FN_on_error) != NULL) {
      const char *inserts[] = {"VALIDATE", c->fx.mmf_missing};
      mig_event e = {.struct_size = sizeof e, .event_id = 7007, .inserts = inserts,
                     .n_inserts = 2};
      g_autoptr (MigAnswer) a = mig_answer_on_error (c->plugin, &e);
      check_findings (c, "7007 about a missing MMF", a, &n_reported);
   }
   if (hook (c, MIG_FN_batch_begin) != NULL && hook (c, MIG_FN_batch_end) != NULL) {
      uint64_t id = 0;
      g_autoptr (MigAnswer) a = mig_answer_batch_begin (c->plugin, c->fx.root, 1, &id);
      check_findings (c, "batch-begin of the folder above MAILDATA", a, &n_reported);
      if (!mig_answer_is_error (a))
         batch_end (c, id);
   }
   guint stray = mig_answer_stray_findings () - stray_before;
   if (stray > 0)
      fail (c, "%u findings came outside the call they belong to, with "
               "another answer, or smaller than mig_finding", stray);
   if (c->n_failures == 0 && n_reported > 0)
      note (c, "%u findings reported, each agreeing with its answer", n_reported);
   else if (c->n_failures == 0)
      note (c, "no findings reported (findings/1 is optional)");
   return verdict_of (c);
}
