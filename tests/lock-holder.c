// lock-holder — a real process holding a real lock, for tests.
//
//   lock-holder KIND FILE
//
// KIND: posix-write posix-read ofd-write ofd-read flock-ex flock-sh
//       lease-read lease-write msmail churn
// (msmail: several POSIX write locks on separate byte ranges, the way a mail
// client holds records of its mail file. churn: FILE is a folder; locks and
// unlocks CHURN_FILES files made in it, over and over, so that the kernel's
// lock table is long and never still — a busy file server.)
//
// Takes the lock, prints "ready <pid>\n" on stdout, then waits for EOF on
// stdin or SIGTERM. Then it checks that its lock is still in place — in
// /proc/self/fdinfo for its descriptor, with F_GETLEASE for a lease — and exits
// 0 when intact, 3 (printing "lost" on stderr) when something took it away.
// Exit 2: usage or setup failure.
//
// The check is written independently of the plugin's /proc/locks parser so
// that a bug there cannot hide itself.

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <poll.h>
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

// How many locks of `kind` ("POSIX", "FLOCK", "OFDLCK") and `mode` on `inode`
// /proc/self/fdinfo/FD lists for this descriptor. Rationale: fdinfo lists
// the locks of one open file, read in one go; /proc/locks is the whole
// machine's table, read in page-sized pieces, and while other processes
// take and drop locks a line can be skipped or repeated between pieces (the
// suite runs tests in parallel), which would report a lost lock wrongly.
static int
count_fdinfo_locks (int fd, const char *kind, const char *mode,
                    unsigned long long inode)
{
   char path[64];
   snprintf (path, sizeof path, "/proc/self/fdinfo/%d", fd);
   FILE *info = fopen (path, "r");
   if (info == NULL)
      return -1;
   char line[512];
   int count = 0;
   while (fgets (line, sizeof line, info) != NULL) {
      char k[16], m[16];
      unsigned maj, min;
      unsigned long long ino;
      if (sscanf (line, "lock: %*d: %15s %*s %15s %*d %x:%x:%llu", k, m, &maj,
                  &min, &ino) == 5 &&
          strcmp (k, kind) == 0 && strcmp (m, mode) == 0 && ino == inode)
         count++;
   }
   fclose (info);
   return count;
}

static int
still_held (const char *kind, int fd, unsigned long long inode)
{
   if (strcmp (kind, "posix-write") == 0)
      return count_fdinfo_locks (fd, "POSIX", "WRITE", inode) == 1;
   if (strcmp (kind, "posix-read") == 0)
      return count_fdinfo_locks (fd, "POSIX", "READ", inode) == 1;
   if (strcmp (kind, "msmail") == 0)
      return count_fdinfo_locks (fd, "POSIX", "WRITE", inode) ==
             (int) N_MSMAIL_RANGES;
   if (strcmp (kind, "ofd-write") == 0)
      return count_fdinfo_locks (fd, "OFDLCK", "WRITE", inode) == 1;
   if (strcmp (kind, "ofd-read") == 0)
      return count_fdinfo_locks (fd, "OFDLCK", "READ", inode) == 1;
   if (strcmp (kind, "flock-ex") == 0)
      return count_fdinfo_locks (fd, "FLOCK", "WRITE", inode) == 1;
   if (strcmp (kind, "flock-sh") == 0)
      return count_fdinfo_locks (fd, "FLOCK", "READ", inode) == 1;
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

#define CHURN_FILES 200

static int
stop_seen (void)
{
   struct pollfd in = {.fd = STDIN_FILENO, .events = POLLIN};
   return stop_requested || poll (&in, 1, 0) != 0;
}

// Locks and unlocks CHURN_FILES files in `dir` until told to stop.
static int
churn (const char *dir)
{
   int fds[CHURN_FILES];
   for (int i = 0; i < CHURN_FILES; i++) {
      char path[4096];
      snprintf (path, sizeof path, "%s/churn-%03d", dir, i);
      fds[i] = open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
      if (fds[i] < 0)
         die ("cannot create", path);
   }
   printf ("ready %ld\n", (long) getpid ());
   fflush (stdout);
   while (!stop_seen ()) {
      for (int i = 0; i < CHURN_FILES; i++)
         set_range_lock (fds[i], F_SETLK, F_WRLCK, 0, 0, dir);
      for (int i = 0; i < CHURN_FILES; i++)
         set_range_lock (fds[i], F_SETLK, F_UNLCK, 0, 0, dir);
   }
   return 0;
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
   if (strcmp (kind, "churn") == 0)
      return churn (file);
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
