// lock-holder — a real process holding a real lock, for tests.
//
//   lock-holder KIND FILE
//
// KIND: posix-write posix-read ofd-write ofd-read flock-ex flock-sh
//       lease-read lease-write msmail
// (msmail: several POSIX write locks on separate byte ranges, the way a mail
// client holds records of its mail file.)
//
// Takes the lock, prints "ready <pid>\n" on stdout, then waits for EOF on
// stdin or SIGTERM. Then it checks that its lock is still in place — in
// /proc/locks for its own pid and inode, in /proc/self/fdinfo for an OFD lock,
// with F_GETLEASE for a lease — and exits 0 when intact, 3 (printing "lost"
// on stderr) when something took it away. Exit 2: usage or setup failure.
//
// The check is written independently of the plugin's /proc/locks parser so
// that a bug there cannot hide itself.

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_LOST 3
#define EXIT_SETUP 2

typedef struct {
   off_t start;
   off_t len;
} Range;

// Byte ranges the msmail kind holds: apart, so the kernel keeps them apart.
static const Range msmail_ranges[] = {{0, 512}, {4096, 64}, {65536, 4}};
#define N_MSMAIL_RANGES (sizeof msmail_ranges / sizeof msmail_ranges[0])

static volatile sig_atomic_t stop_requested;
static volatile sig_atomic_t lease_break_seen;

static void
on_term (int signo)
{
   (void) signo;
   stop_requested = 1;
}

static void
on_lease_break (int signo)
{
   (void) signo;
   lease_break_seen = 1;
}

static void
die (const char *what, const char *file)
{
   fprintf (stderr, "lock-holder: %s %s: %s\n", what, file, strerror (errno));
   exit (EXIT_SETUP);
}

static void
set_range_lock (int fd, int cmd, short type, off_t start, off_t len,
                const char *file)
{
   struct flock lock = {.l_type = type,
                        .l_whence = SEEK_SET,
                        .l_start = start,
                        .l_len = len,
                        .l_pid = 0};
   if (fcntl (fd, cmd, &lock) != 0)
      die ("cannot lock", file);
}

// How many /proc/locks lines name this pid (or -1 for OFD), kind, mode, inode.
static int
count_proc_locks (const char *kind, const char *mode, long pid,
                  unsigned long long inode)
{
   FILE *locks = fopen ("/proc/locks", "r");
   if (locks == NULL)
      return -1;
   char line[512];
   int count = 0;
   while (fgets (line, sizeof line, locks) != NULL) {
      char k[16], q[16], m[16];
      long p;
      unsigned maj, min;
      unsigned long long ino;
      if (strstr (line, "->") != NULL)
         continue;
      if (sscanf (line, "%*d: %15s %15s %15s %ld %x:%x:%llu", k, q, m, &p, &maj,
                  &min, &ino) == 7 &&
          strcmp (k, kind) == 0 && strcmp (m, mode) == 0 && p == pid &&
          ino == inode)
         count++;
   }
   fclose (locks);
   return count;
}

// Whether /proc/self/fdinfo/FD lists an OFD lock of `mode` on `inode`.
static int
fdinfo_has_ofd_lock (int fd, const char *mode, unsigned long long inode)
{
   char path[64];
   snprintf (path, sizeof path, "/proc/self/fdinfo/%d", fd);
   FILE *info = fopen (path, "r");
   if (info == NULL)
      return 0;
   char line[512];
   int found = 0;
   while (fgets (line, sizeof line, info) != NULL) {
      char m[16];
      unsigned maj, min;
      unsigned long long ino;
      if (sscanf (line, "lock: %*d: OFDLCK %*s %15s %*d %x:%x:%llu", m, &maj,
                  &min, &ino) == 4 &&
          strcmp (m, mode) == 0 && ino == inode)
         found = 1;
   }
   fclose (info);
   return found;
}

static int
still_held (const char *kind, int fd, unsigned long long inode)
{
   long pid = (long) getpid ();
   if (strcmp (kind, "posix-write") == 0)
      return count_proc_locks ("POSIX", "WRITE", pid, inode) == 1;
   if (strcmp (kind, "posix-read") == 0)
      return count_proc_locks ("POSIX", "READ", pid, inode) == 1;
   if (strcmp (kind, "msmail") == 0)
      return count_proc_locks ("POSIX", "WRITE", pid, inode) ==
             (int) N_MSMAIL_RANGES;
   if (strcmp (kind, "ofd-write") == 0)
      return fdinfo_has_ofd_lock (fd, "WRITE", inode);
   if (strcmp (kind, "ofd-read") == 0)
      return fdinfo_has_ofd_lock (fd, "READ", inode);
   if (strcmp (kind, "flock-ex") == 0)
      return count_proc_locks ("FLOCK", "WRITE", pid, inode) == 1;
   if (strcmp (kind, "flock-sh") == 0)
      return count_proc_locks ("FLOCK", "READ", pid, inode) == 1;
   if (strcmp (kind, "lease-read") == 0)
      return !lease_break_seen && fcntl (fd, F_GETLEASE) == F_RDLCK;
   if (strcmp (kind, "lease-write") == 0)
      return !lease_break_seen && fcntl (fd, F_GETLEASE) == F_WRLCK;
   return 0;
}

static int
open_flags_for (const char *kind)
{
   if (strcmp (kind, "posix-write") == 0 || strcmp (kind, "ofd-write") == 0 ||
       strcmp (kind, "msmail") == 0 || strcmp (kind, "lease-write") == 0)
      return O_RDWR;
   return O_RDONLY;
}

static int
take_lock (const char *kind, int fd, const char *file)
{
   if (strcmp (kind, "posix-write") == 0)
      set_range_lock (fd, F_SETLK, F_WRLCK, 0, 0, file);
   else if (strcmp (kind, "posix-read") == 0)
      set_range_lock (fd, F_SETLK, F_RDLCK, 0, 0, file);
   else if (strcmp (kind, "ofd-write") == 0)
      set_range_lock (fd, F_OFD_SETLK, F_WRLCK, 0, 0, file);
   else if (strcmp (kind, "ofd-read") == 0)
      set_range_lock (fd, F_OFD_SETLK, F_RDLCK, 0, 0, file);
   else if (strcmp (kind, "msmail") == 0)
      for (size_t i = 0; i < N_MSMAIL_RANGES; i++)
         set_range_lock (fd, F_SETLK, F_WRLCK, msmail_ranges[i].start,
                         msmail_ranges[i].len, file);
   else if (strcmp (kind, "flock-ex") == 0 || strcmp (kind, "flock-sh") == 0) {
      if (flock (fd, (kind[6] == 'e' ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0)
         die ("cannot flock", file);
   } else if (strcmp (kind, "lease-read") == 0 ||
              strcmp (kind, "lease-write") == 0) {
      if (fcntl (fd, F_SETLEASE, kind[6] == 'r' ? F_RDLCK : F_WRLCK) != 0)
         die ("cannot take a lease on", file);
   } else
      return 0;
   return 1;
}

static void
install_handlers (void)
{
   // No SA_RESTART: SIGTERM must interrupt the blocking read of stdin.
   struct sigaction term = {0};
   term.sa_handler = on_term;
   sigemptyset (&term.sa_mask);
   sigaction (SIGTERM, &term, NULL);
   struct sigaction lease = term;
   lease.sa_handler = on_lease_break;
   lease.sa_flags = SA_RESTART;
   sigaction (SIGIO, &lease, NULL);
}

static void
wait_for_stop (void)
{
   char buffer[256];
   while (!stop_requested) {
      ssize_t n = read (STDIN_FILENO, buffer, sizeof buffer);
      if (n == 0 || (n < 0 && errno != EINTR))
         break;
   }
}

int
main (int argc, char **argv)
{
   if (argc != 3) {
      fprintf (stderr, "usage: lock-holder KIND FILE\n");
      return EXIT_SETUP;
   }
   const char *kind = argv[1];
   const char *file = argv[2];
   install_handlers ();
   int fd = open (file, open_flags_for (kind) | O_CLOEXEC);
   if (fd < 0)
      die ("cannot open", file);
   struct stat st;
   if (fstat (fd, &st) != 0)
      die ("cannot stat", file);
   if (!take_lock (kind, fd, file)) {
      fprintf (stderr, "lock-holder: unknown kind %s\n", kind);
      return EXIT_SETUP;
   }
   printf ("ready %ld\n", (long) getpid ());
   fflush (stdout);

   wait_for_stop ();

   if (!still_held (kind, fd, (unsigned long long) st.st_ino)) {
      fprintf (stderr, "lost\n");
      return EXIT_LOST;
   }
   return 0;
}
