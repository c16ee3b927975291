// bench-many-locks — one process holding POSIX write locks on many files:
// the "1,000 unrelated locks on the machine" of the pre-flight table.
//
//   bench-many-locks DIR N
//
// Creates DIR/lock-0000 ... and locks each whole file (F_SETLK, F_WRLCK),
// prints "ready <pid>", and lets go at EOF on stdin (the protocol of
// tests/lock-holder, which holds one lock per process).
//
// Rationale: one process rather than N lock-holders, because a thousand
// processes would load this 2-core machine and change what fuser and lsof
// cost (they scan every process); a lock is what the kernel's table lists,
// whoever holds it. A POSIX lock lasts only while its file is open, so the
// process keeps N descriptors and raises its descriptor limit to fit them.

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

static int
fail (const char *what, const char *path)
{
   fprintf (stderr, "bench-many-locks: %s %s: %s\n", what, path,
            strerror (errno));
   return 2;
}

int
main (int argc, char **argv)
{
   if (argc != 3) {
      fprintf (stderr, "usage: bench-many-locks DIR N\n");
      return 2;
   }
   const char *dir = argv[1];
   long n = strtol (argv[2], NULL, 10);
   struct rlimit lim;
   if (getrlimit (RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < (rlim_t) n + 64) {
      lim.rlim_cur = lim.rlim_max;
      setrlimit (RLIMIT_NOFILE, &lim);
   }
   for (long i = 0; i < n; i++) {
      char path[4096];
      snprintf (path, sizeof path, "%s/lock-%04ld", dir, i);
      int fd = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fd < 0)
         return fail ("cannot create", path);
      struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
      if (fcntl (fd, F_SETLK, &fl) != 0)
         return fail ("cannot lock", path);
   }
   printf ("ready %ld\n", (long) getpid ());
   fflush (stdout);
   char buf[64];
   while (read (STDIN_FILENO, buf, sizeof buf) > 0)
      ;
   return 0;
}
