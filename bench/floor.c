// floor.c — the least work any pre-flight must do.
//
// Deliberately as lean as a pre-flight can be and still be right about
// POSIX locks: no device check, no holder names, no text. Everything mmfguard
// does beyond this is what the ratio in the table charges it for.

#include "floor.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timing.h"

static GString *
read_all (const char *path)
{
   GString *text = g_string_sized_new (64 * 1024);
   int fd = open (path, O_RDONLY | O_CLOEXEC);
   if (fd < 0)
      return text;
   char buf[65536];
   ssize_t n;
   while ((n = read (fd, buf, sizeof buf)) > 0)
      g_string_append_len (text, buf, n);
   close (fd);
   return text;
}

// The inode of one /proc/locks line: the field "MAJ:MIN:INODE" is the only
// one with two colons.
static gboolean
line_inode (const char *line, const char *end, guint64 *inode)
{
   const char *field = line;
   while (field < end) {
      while (field < end && *field == ' ')
         field++;
      const char *stop = memchr (field, ' ', (size_t) (end - field));
      if (stop == NULL)
         stop = end;
      const char *first = memchr (field, ':', (size_t) (stop - field));
      const char *last =
         first ? memchr (first + 1, ':', (size_t) (stop - first - 1)) : NULL;
      if (last != NULL) {
         *inode = g_ascii_strtoull (last + 1, NULL, 10);
         return TRUE;
      }
      field = stop;
   }
   return FALSE;
}

double
bench_floor_run (const BenchPostoffice *po, guint *held)
{
   gint64 t0 = bench_now_ns ();
   g_autoptr (GString) text = read_all ("/proc/locks");
   g_autoptr (GArray) inodes =
      g_array_sized_new (FALSE, FALSE, sizeof (guint64), 1024);
   for (const char *line = text->str; line < text->str + text->len;) {
      const char *end = memchr (line, '\n', text->str + text->len - line);
      if (end == NULL)
         end = text->str + text->len;
      guint64 inode;
      if (line_inode (line, end, &inode))
         g_array_append_val (inodes, inode);
      line = end + 1;
   }
   // Built after the array stops growing: the keys point into it.
   g_autoptr (GHashTable) locked =
      g_hash_table_new (g_int64_hash, g_int64_equal);
   for (guint i = 0; i < inodes->len; i++)
      g_hash_table_add (locked, &g_array_index (inodes, guint64, i));

   guint found = 0;
   char path[4096];
   for (guint i = 0; i < po->accounts->len; i++) {
      const BenchAccount *a = &g_array_index (po->accounts, BenchAccount, i);
      snprintf (path, sizeof path, "%s/MMF/%s.MMF", po->maildata, a->hex_id);
      struct stat st;
      if (stat (path, &st) != 0 || !S_ISREG (st.st_mode))
         continue;
      guint64 inode = st.st_ino;
      if (g_hash_table_contains (locked, &inode))
         found++;
   }
   gint64 t1 = bench_now_ns ();
   *held = found;
   return (t1 - t0) / 1e9;
}

void
bench_floor_print_header (const BenchEnv *env, const char *first_column)
{
   printf ("| %s |", first_column);
   for (guint s = 0; s < env->n_sizes; s++)
      printf (" %u accounts (× floor) |", env->postoffices[s].accounts->len);
   printf ("\n|---|");
   for (guint s = 0; s < env->n_sizes; s++)
      printf ("---|");
   printf ("\n");
}
