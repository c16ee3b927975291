// bench-floor-process — the floor of a whole-process pre-flight.
//
//   bench-floor-process USERS.CSV MAILDATA REPORT [checks]
//
// The least a separate program must do to answer "which accounts' MMFs are
// locked": start, read the user list (the generator's, whose fields are
// never quoted), read /proc/locks three times and take the union (as the
// plugin does: one read can miss a lock that moves while the kernel prints
// the table), stat() each account's MMF and look its inode up, read its
// first 4 bytes (the plugin tells an MMF from other files by them), and
// write one JSON line per account to REPORT: the same required I/O as
// `mig-host preflight`. Like the in-process floor (floor.c): no device
// check, no holder names, no text, no fsync; it links nothing but libc.
// Prints how many MMFs it found locked. With "checks", also the two calls
// per MMF that mmfguard makes for safety beyond the required I/O — an
// fstat() of the opened file and an F_OFD_GETLK lock test —, to show what
// they cost (a row of its own, never the floor).
// Exit 0, or 2 when an input cannot be read or the report not written.

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char *
read_file (const char *path, size_t *len)
{
   FILE *f = fopen (path, "rb");
   if (f == NULL)
      return NULL;
   size_t cap = 1 << 16, n = 0;
   char *buf = malloc (cap + 1);
   size_t got;
   while (buf != NULL && (got = fread (buf + n, 1, cap - n, f)) > 0) {
      n += got;
      if (n == cap) {
         cap *= 2;
         char *bigger = realloc (buf, cap + 1);
         if (bigger == NULL)
            free (buf);
         buf = bigger;
      }
   }
   fclose (f);
   if (buf != NULL)
      buf[n] = '\0';
   *len = n;
   return buf;
}

static int
compare_u64 (const void *a, const void *b)
{
   uint64_t x = *(const uint64_t *) a, y = *(const uint64_t *) b;
   return (x > y) - (x < y);
}

enum { LOCK_TABLE_READS = 3 };

// The inodes of /proc/locks (the field "MAJ:MIN:INODE") in any of three
// reads, sorted (duplicates kept: bsearch finds either).
static uint64_t *
locked_inodes (size_t *n)
{
   size_t cap = 256;
   uint64_t *inodes = malloc (cap * sizeof *inodes);
   *n = 0;
   for (int pass = 0; pass < LOCK_TABLE_READS; pass++) {
      size_t len = 0;
      char *text = read_file ("/proc/locks", &len);
      for (char *line = text;
           line != NULL && inodes != NULL && *line != '\0';) {
         char *end = strchr (line, '\n');
         if (end != NULL)
            *end = '\0';
         for (char *field = strtok (line, " "); field != NULL;
              field = strtok (NULL, " ")) {
            char *first = strchr (field, ':');
            char *last = first != NULL ? strchr (first + 1, ':') : NULL;
            if (last == NULL)
               continue;
            if (*n == cap) {
               cap *= 2;
               uint64_t *bigger = realloc (inodes, cap * sizeof *inodes);
               if (bigger == NULL)
                  break;
               inodes = bigger;
            }
            inodes[(*n)++] = strtoull (last + 1, NULL, 10);
            break;
         }
         line = end != NULL ? end + 1 : NULL;
      }
      free (text);
   }
   if (inodes != NULL)
      qsort (inodes, *n, sizeof *inodes, compare_u64);
   return inodes;
}

// Field `k` of a comma-separated line (no quoting), cut in place.
static char *
field_at (char *line, int k)
{
   for (int i = 0; i < k && line != NULL; i++) {
      line = strchr (line, ',');
      if (line != NULL)
         line++;
   }
   if (line == NULL)
      return NULL;
   line[strcspn (line, ",\r")] = '\0';
   return line;
}

int
main (int argc, char **argv)
{
   int checks = argc == 5 && strcmp (argv[4], "checks") == 0;
   if (argc != 4 && !checks) {
      fprintf (stderr, "usage: bench-floor-process USERS.CSV MAILDATA REPORT "
                       "[checks]\n");
      return 2;
   }
   size_t len = 0;
   char *list = read_file (argv[1], &len);
   FILE *report = fopen (argv[3], "w");
   size_t n_locked = 0;
   uint64_t *locked = locked_inodes (&n_locked);
   if (list == NULL || report == NULL || locked == NULL)
      return 2;
   int hex_column = -1;
   unsigned held = 0;
   char path[4096];
   for (char *line = list; line != NULL && *line != '\0';) {
      char *end = strchr (line, '\n');
      if (end != NULL)
         *end = '\0';
      char *next = end != NULL ? end + 1 : NULL;
      if (hex_column < 0) {
         // The header row names the Hex-ID column; lines before it are the
         // export's preamble.
         char *at = strstr (line, "Hex-ID");
         if (at != NULL) {
            hex_column = 0;
            for (char *c = line; c < at; c++)
               hex_column += *c == ',';
         }
         line = next;
         continue;
      }
      char *copy = strdup (line);
      char *user = field_at (line, 0);
      char *hex = copy != NULL ? field_at (copy, hex_column) : NULL;
      int is_held = 0;
      if (user != NULL && hex != NULL) {
         snprintf (path, sizeof path, "%s/MMF/%s.MMF", argv[2], hex);
         struct stat st;
         uint64_t inode = 0;
         if (stat (path, &st) == 0 && S_ISREG (st.st_mode)) {
            inode = st.st_ino;
            is_held = bsearch (&inode, locked, n_locked, sizeof inode,
                               compare_u64) != NULL;
            char head[4];
            int fd = open (path, O_RDONLY | O_CLOEXEC);
            if (fd >= 0) {
               struct stat opened;
               struct flock probe = {.l_type = F_WRLCK, .l_whence = SEEK_SET};
               if (checks && (fstat (fd, &opened) != 0 ||
                              fcntl (fd, F_OFD_GETLK, &probe) != 0))
                  is_held = 0;
               (void) !read (fd, head, sizeof head);
               close (fd);
            }
         }
         held += (unsigned) is_held;
         fprintf (report, "{\"user\":\"%s\",\"held\":%s}\n", user,
                  is_held ? "true" : "false");
      }
      free (copy);
      line = next;
   }
   if (fclose (report) != 0)
      return 2;
   printf ("%u\n", held);
   free (list);
   free (locked);
   return 0;
}
