// validate-locks-posix.c — conformance cases of `mig-host validate` that
// need POSIX record locks: the host's own lock, and a client's. Their rows in
// validate-cases.c say so, and the runner skips them on Windows.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

// The holder fields agree with each other: a holder named means one
// counted; none counted means none named; a message id means text.
static void
check_holder_fields (MhCaseCtx *c, const char *what, const mig_answer *a)
{
   gboolean named = a->holder_lock != MIG_LOCK_NONE || a->holder_pid != 0 ||
                    a->holder_program[0] || a->holder_smb_user[0];
   if (named && a->holder_count == 0)
      mh_case_fail (c, "%s: a holder is named but holder_count is 0", what);
   if (!named && a->holder_count > 0)
      mh_case_fail (c, "%s: holder_count %u but no holder named", what,
                    a->holder_count);
   if ((a->flags & MIG_ANSWER_HOLDER_IS_HOST) && !named)
      mh_case_fail (c, "%s: HOLDER_IS_HOST set with no holder named", what);
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
      gboolean ok = fd >= 0 && fcntl (fd, F_GETLK, &fl) == 0 &&
                    fl.l_type != F_UNLCK && fl.l_pid == me;
      _exit (ok ? 0 : 1);
   }
   int status = 0;
   waitpid (child, &status, 0);
   return WIFEXITED (status) && WEXITSTATUS (status) == 0;
}

// The host itself holds a POSIX lock on the account's MMF: pre-migrate
// keeps it (no close() in the host's process drops it), does not take it
// for a client (the verdict is the one without it), and, if it names the
// holder, flags it as the host.
MhCaseResult
mh_case_host_held_lock (MhCaseCtx *c)
{
   if (mh_case_hook (c, MH_FN_pre_migrate) == NULL)
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   char text[4096];
   mig_answer before;
   mh_case_answer_init (&before, text, sizeof text);
   int32_t free_verdict = mh_case_pre_migrate (c, &account, &before);
   check_holder_fields (c, "without a lock", &before);

   int fd = open (c->fx.mmf_present, O_RDWR);
   struct flock fl = {
      .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 0};
   if (fd < 0 || fcntl (fd, F_SETLK, &fl) != 0) {
      mh_case_fail (c, "cannot lock %s for the case", c->fx.mmf_present);
      if (fd >= 0)
         close (fd);
      mh_call_deinit (c->plugin);
      return mh_case_verdict_of (c);
   }
   mig_answer a;
   mh_case_answer_init (&a, text, sizeof text);
   int32_t v = mh_case_pre_migrate (c, &account, &a);
   if (!locked_by_me (c->fx.mmf_present))
      mh_case_fail (c, "the host's own POSIX lock was gone after pre-migrate");
   if (v != free_verdict)
      mh_case_fail (
         c, "the host's own lock changed the verdict from %s to %s (%s)",
         mh_case_returned (free_verdict), mh_case_returned (v), a.cause);
   check_holder_fields (c, "with the host's lock", &a);
   if (a.holder_pid == getpid () && !(a.flags & MIG_ANSWER_HOLDER_IS_HOST))
      mh_case_fail (c,
                    "the holder named is the host (pid %" G_GINT64_FORMAT
                    ") without "
                    "MIG_ANSWER_HOLDER_IS_HOST",
                    (gint64) a.holder_pid);
   if (c->n_failures == 0)
      mh_case_note (
         c, "lock kept, verdict %s unchanged%s", mh_case_returned (v),
         a.flags & MIG_ANSWER_HOLDER_IS_HOST ? ", host flagged as the holder"
                                             : "");
   close (fd);
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}

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

// Another process (a client) holds a POSIX lock on the account's MMF. A
// plugin need not see it; one that names a holder says in the text what
// the fields say: the pid and the client machine it names appear in the
// text, the count covers it, and it is not flagged as the host.
MhCaseResult
mh_case_client_holder_text_agrees (MhCaseCtx *c)
{
   if (mh_case_hook (c, MH_FN_pre_migrate) == NULL)
      return MH_CASE_SKIP;
   int release = -1;
   pid_t client = start_client (c->fx.mmf_present, &release);
   if (client < 0) {
      mh_case_fail (c, "cannot start a process holding %s for the case",
                    c->fx.mmf_present);
      return mh_case_verdict_of (c);
   }
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   char text[8192];
   mig_answer a;
   mh_case_answer_init (&a, text, sizeof text);
   int32_t v = mh_case_pre_migrate (c, &account, &a);
   check_holder_fields (c, "with a client's lock", &a);
   if (a.holder_pid != 0) {
      g_autofree char *pid =
         g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) a.holder_pid);
      if (a.holder_pid != client)
         mh_case_fail (c, "holder_pid %s, but the client is %d", pid,
                       (int) client);
      if (strstr (text, pid) == NULL)
         mh_case_fail (c, "holder_pid %s is not in the text", pid);
   }
   if (a.holder_client_machine[0] != '\0' &&
       strstr (text, a.holder_client_machine) == NULL)
      mh_case_fail (c, "holder_client_machine \"%s\" is not in the text",
                    a.holder_client_machine);
   if (a.flags & MIG_ANSWER_HOLDER_IS_HOST)
      mh_case_fail (c,
                    "the client's lock is flagged MIG_ANSWER_HOLDER_IS_HOST");
   if (a.holder_count > 0 && a.cause[0] != '\0' && text[0] == '\0')
      mh_case_fail (c, "a holder and cause %s, but no text", a.cause);
   if (c->n_failures == 0 && a.holder_count > 0)
      mh_case_note (c,
                    "%s (%s): holder pid %" G_GINT64_FORMAT
                    " named in the fields and the text",
                    mh_case_returned (v), a.cause, (gint64) a.holder_pid);
   else if (c->n_failures == 0)
      mh_case_note (c, "%s: the plugin names no holder (nothing to compare)",
                    mh_case_returned (v));
   if (write (release, "x", 1) != 1)
      mh_case_fail (c, "cannot release the client");
   close (release);
   waitpid (client, NULL, 0);
   return mh_case_verdict_of (c);
}
