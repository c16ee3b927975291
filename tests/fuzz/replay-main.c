// replay-main.c — runs a fuzz target without libFuzzer: once over each file
// named on the command line, or over every file of each folder named. This
// is how `meson test` replays the committed corpora (and every crash input
// added to them) in any build, with any compiler, under valgrind or ASan.
//
// Each input is handed over in a buffer of exactly its size, with no NUL
// after it, as libFuzzer does: a parser that reads past its length is caught
// by ASan or valgrind here too.

#include "fuzz-target.h"

#include <glib.h>
#include <string.h>

static gboolean
replay_file (const char *path)
{
   g_autofree char *contents = NULL;
   gsize len = 0;
   g_autoptr (GError) error = NULL;
   if (!g_file_get_contents (path, &contents, &len, &error)) {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
   }
   // A copy without the NUL g_file_get_contents adds; malloc(0) may be NULL,
   // so an empty input gets a one-byte allocation and a size of 0.
   uint8_t *exact = malloc (len > 0 ? len : 1);
   FUZZ_CHECK (exact != NULL);
   memcpy (exact, contents, len);
   LLVMFuzzerTestOneInput (exact, len);
   free (exact);
   return TRUE;
}

static gint
compare_names (gconstpointer a, gconstpointer b)
{
   return strcmp (*(const char *const *) a, *(const char *const *) b);
}

// Every regular file of `dir`, in name order so that runs are repeatable.
static gboolean
replay_dir (const char *dir, guint *n_inputs)
{
   g_autoptr (GError) error = NULL;
   g_autoptr (GDir) d = g_dir_open (dir, 0, &error);
   if (d == NULL) {
      fprintf (stderr, "%s\n", error->message);
      return FALSE;
   }
   g_autoptr (GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
   const char *name;
   while ((name = g_dir_read_name (d)) != NULL)
      g_ptr_array_add (names, g_build_filename (dir, name, NULL));
   g_ptr_array_sort (names, compare_names);
   for (guint i = 0; i < names->len; i++) {
      const char *path = names->pdata[i];
      if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
         continue;
      if (!replay_file (path))
         return FALSE;
      (*n_inputs)++;
   }
   return TRUE;
}

int
main (int argc, char **argv)
{
   LLVMFuzzerInitialize (&argc, &argv);
   guint n_inputs = 0;
   for (int i = 1; i < argc; i++) {
      gboolean ok;
      if (g_file_test (argv[i], G_FILE_TEST_IS_DIR)) {
         ok = replay_dir (argv[i], &n_inputs);
      } else {
         ok = replay_file (argv[i]);
         n_inputs++;
      }
      if (!ok)
         return 1;
   }
   printf ("%s: replayed %u inputs\n", argv[0], n_inputs);
   // An empty corpus means a wrong path, not a pass.
   return n_inputs > 0 ? 0 : 1;
}
