// bench-peak-rss — runs a command and writes its peak resident set size.
//
//   bench-peak-rss RESULT-FILE COMMAND [ARG...]
//
// Forks, runs COMMAND in the child, waits for it and writes the child's
// ru_maxrss (KiB) and its exit status to RESULT-FILE as "KIB STATUS\n". Exits
// 0 when it could do that, 2 otherwise.
//
// Rationale: Linux starts a process's ru_maxrss at the resident size of the
// memory it had before exec(): the parent's, for a child made by fork() or
// posix_spawn() (verified: /bin/true reports 320 MiB when spawned from a
// 300 MiB process, 1 MiB through a small process that forks). The bench
// process itself is larger than a small mig-host run, so it cannot measure
// one directly; this program is small and links nothing but libc.

#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int
main (int argc, char **argv)
{
   if (argc < 3) {
      fprintf (stderr, "usage: bench-peak-rss RESULT-FILE COMMAND [ARG...]\n");
      return 2;
   }
   pid_t pid = fork ();
   if (pid < 0)
      return 2;
   if (pid == 0) {
      execvp (argv[2], argv + 2);
      _exit (127);
   }
   int status = 0;
   struct rusage usage;
   while (wait4 (pid, &status, 0, &usage) < 0)
      if (errno != EINTR)
         return 2;
   FILE *out = fopen (argv[1], "w");
   if (out == NULL)
      return 2;
   fprintf (out, "%ld %d\n", usage.ru_maxrss,
            WIFEXITED (status) ? WEXITSTATUS (status) : -1);
   return fclose (out) == 0 ? 0 : 2;
}
