// bounded-command-posix.c — spawn, read with poll() against a deadline, reap.
//
// Rationale: poll() and waitpid() on our own child rather than GSubprocess,
// so that nothing depends on a main context or a SIGCHLD handler the host
// may not run; the child is always reaped, also on timeout.

#include "bounded-command.h"

#include <errno.h>
#include <gio/gio.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_STDERR 4096

void
mmfg_command_result_clear (MmfgCommandResult *result)
{
   g_clear_pointer (&result->out, g_bytes_unref);
   g_clear_pointer (&result->err, g_free);
}

static gint64
remaining_ms (gint64 deadline)
{
   gint64 left = (deadline - g_get_monotonic_time ()) / 1000;
   return left > 0 ? left : 0;
}

// Reads what is available on `fd` into `buffer`; FALSE at EOF or error.
static gboolean
drain (int fd, GByteArray *buffer)
{
   guint8 chunk[16384];
   ssize_t n;
   do
      n = read (fd, chunk, sizeof chunk);
   while (n < 0 && errno == EINTR);
   if (n <= 0)
      return n < 0 && errno == EAGAIN;
   g_byte_array_append (buffer, chunk, (guint) n);
   return TRUE;
}

// Collects stdout and stderr until both close, the deadline passes (FALSE,
// timed_out set) or stdout grows past max_output (FALSE).
static gboolean
collect (int out_fd, int err_fd, gint64 deadline, gsize max_output,
         GByteArray *out, GByteArray *err, gboolean *timed_out)
{
   struct pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
   GByteArray *buffers[2] = {out, err};
   while (fds[0].fd >= 0 || fds[1].fd >= 0) {
      gint64 left = remaining_ms (deadline);
      if (left == 0) {
         *timed_out = TRUE;
         return FALSE;
      }
      int ready = poll (fds, 2, (int) MIN (left, G_MAXINT));
      if (ready < 0 && errno != EINTR)
         return FALSE;
      for (int i = 0; i < 2 && ready > 0; i++) {
         if (fds[i].fd >= 0 && fds[i].revents != 0 &&
             !drain (fds[i].fd, buffers[i]))
            fds[i].fd = -1;
      }
      if (out->len > max_output)
         return FALSE;
      if (err->len > MAX_STDERR)
         g_byte_array_set_size (err, MAX_STDERR);
   }
   return TRUE;
}

// Waits for the child until the deadline; kills it when it is not done.
static gboolean
reap (GPid pid, gint64 deadline, gboolean kill_now, int *status)
{
   if (kill_now)
      kill (pid, SIGKILL);
   for (;;) {
      pid_t done = waitpid (pid, status, WNOHANG);
      if (done == pid)
         return !kill_now;
      if (done < 0 && errno != EINTR)
         return FALSE; // reaped elsewhere (SIGCHLD ignored by the host)
      if (!kill_now && remaining_ms (deadline) == 0) {
         kill (pid, SIGKILL);
         kill_now = TRUE;
      }
      g_usleep (kill_now ? 1000 : 2000);
   }
}

gboolean
mmfg_command_run (const char *const *argv, guint timeout_ms, gsize max_output,
                  MmfgCommandResult *result, GError **error)
{
   GPid pid;
   int out_fd = -1, err_fd = -1;
   g_autoptr (GError) spawn_error = NULL;
   memset (result, 0, sizeof *result);
   if (!g_spawn_async_with_pipes (
          NULL, (char **) argv, NULL,
          G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_CLOEXEC_PIPES |
             G_SPAWN_STDIN_FROM_DEV_NULL,
          NULL, NULL, &pid, NULL, &out_fd, &err_fd, &spawn_error)) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "cannot run %s: %s",
                   argv[0], spawn_error->message);
      return FALSE;
   }
   gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
   g_autoptr (GByteArray) out = g_byte_array_new ();
   g_autoptr (GByteArray) err = g_byte_array_new ();
   gboolean timed_out = FALSE;
   gboolean collected =
      collect (out_fd, err_fd, deadline, max_output, out, err, &timed_out);
   close (out_fd);
   close (err_fd);
   int status = 0;
   gboolean exited = reap (pid, deadline, !collected, &status);
   g_spawn_close_pid (pid);

   if (timed_out || (collected && !exited && remaining_ms (deadline) == 0)) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   "%s did not finish within %u ms and was killed", argv[0],
                   timeout_ms);
      return FALSE;
   }
   if (!collected) {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "%s wrote more than %" G_GSIZE_FORMAT
                   " bytes and was killed",
                   argv[0], max_output);
      return FALSE;
   }
   result->exit_status = WIFEXITED (status)     ? WEXITSTATUS (status)
                         : WIFSIGNALED (status) ? 128 + WTERMSIG (status)
                                                : 0;
   result->out = g_byte_array_free_to_bytes (g_steal_pointer (&out));
   g_byte_array_append (err, (const guint8 *) "", 1);
   result->err = (char *) g_byte_array_free (g_steal_pointer (&err), FALSE);
   return TRUE;
}
