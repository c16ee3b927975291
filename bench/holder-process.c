// holder-process.c — a real process holding real locks while the bench
// measures.

#include "holder-process.h"

#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

gboolean
bench_holder_start (BenchHolder *h, const char *const *argv, GError **error)
{
   memset (h, 0, sizeof *h);
   h->stdin_fd = -1;
   int out_fd = -1;
   if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL,
                                  G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                  &h->pid, &h->stdin_fd, &out_fd, NULL, error))
      return FALSE;
   // "ready <pid>\n" is short: read it byte by byte so nothing after it is
   // swallowed (there is nothing after it, but the protocol allows it).
   char line[64];
   gsize len = 0;
   while (len < sizeof line - 1) {
      ssize_t n = read (out_fd, line + len, 1);
      if (n <= 0 || line[len] == '\n')
         break;
      len++;
   }
   line[len] = '\0';
   close (out_fd);
   if (!g_str_has_prefix (line, "ready ")) {
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED,
                   "%s did not get ready (said \"%s\")", argv[0], line);
      bench_holder_stop (h);
      return FALSE;
   }
   return TRUE;
}

void
bench_holder_stop (BenchHolder *h)
{
   if (h->pid <= 0)
      return;
   if (h->stdin_fd >= 0)
      close (h->stdin_fd);
   waitpid (h->pid, NULL, 0);
   g_spawn_close_pid (h->pid);
   h->pid = 0;
   h->stdin_fd = -1;
}

gboolean
bench_holders_start_held (const char *lock_holder, const BenchPostoffice *po,
                          GArray *holders, guint *held, GError **error)
{
   *held = 0;
   for (guint i = 0; i < po->accounts->len; i++) {
      if (!bench_postoffice_is_held (i))
         continue;
      g_autofree char *mmf = bench_postoffice_mmf (po, i);
      const char *argv[] = {lock_holder, "posix-write", mmf, NULL};
      BenchHolder h;
      if (!bench_holder_start (&h, argv, error))
         return FALSE;
      g_array_append_val (holders, h);
      (*held)++;
   }
   return TRUE;
}

void
bench_holders_stop (GArray *holders)
{
   for (guint i = 0; i < holders->len; i++)
      bench_holder_stop (&g_array_index (holders, BenchHolder, i));
   g_array_set_size (holders, 0);
}
