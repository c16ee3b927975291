// test-lock-conflict — mig-host's own look for a holder before and after it
// copies an MMF, against real holders while another process takes and drops
// hundreds of locks without pause.

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "file-tree.h"
#include "lock-holder-process.h"
#include "run/lock-conflict.h"

// A flock holder is seen only through the kernel's lock table (F_OFD_GETLK
// does not see flock), so a torn read of the table — a line skipped as a
// lock before it goes away — would let a held MMF be copied. Every look
// must find the holder or say it cannot tell: never "free".
static void
test_flock_holder_never_missed_in_a_churning_table (void)
{
   g_autoptr (GError) error = NULL;
   g_autofree char *dir = g_dir_make_tmp ("mmfg-lock-conflict-XXXXXX", &error);
   g_assert_no_error (error);
   g_autofree char *mmf = g_build_filename (dir, "00000A02.MMF", NULL);
   g_assert_true (g_file_set_contents (mmf, "mail", -1, NULL));
   struct stat st;
   g_assert_cmpint (g_stat (mmf, &st), ==, 0);

   LockHolderProcess *holder = lock_holder_process_start ("flock-ex", mmf);
   LockHolderProcess *churner = lock_holder_process_start ("churn", dir);
   guint found_count = 0, unknown = 0;
   for (int i = 0; i < 1000; i++) {
      MhLockConflict conflict = {{0}, 0};
      gboolean found = FALSE;
      g_autoptr (GError) failure = NULL;
      if (mh_lock_table_find (st.st_ino, &conflict, &found, &failure)) {
         g_assert_no_error (failure);
         g_assert_true (found);
         g_assert_cmpstr (conflict.kind, ==, "FLOCK");
         g_assert_cmpint (conflict.pid, ==, lock_holder_process_pid (holder));
         found_count++;
      } else {
         g_assert_nonnull (failure);
         g_assert_nonnull (strstr (failure->message, "/proc/locks changed"));
         unknown++;
      }
   }
   g_test_message ("holder found %u times, table unsettled %u times",
                   found_count, unknown);
   g_assert_cmpint (lock_holder_process_stop (churner), ==, 0);
   lock_holder_process_stop_and_assert_intact (holder);
   lock_holder_process_free (churner);
   lock_holder_process_free (holder);
   mh_remove_tree (dir);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/lock-conflict/churning-table",
                    test_flock_holder_never_missed_in_a_churning_table);
   return g_test_run ();
}
