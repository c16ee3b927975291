// test-proc-locks — the /proc/locks parser on fixture text: every kind the
// kernel prints, waiters, garbage, truncation and overlong lines.

#include <glib.h>
#include <string.h>

#include "description-owners.h"
#include "proc-locks.h"

static char *
fixture (const char *name, gsize *len)
{
   g_autofree char *path = g_build_filename (g_getenv ("MMFG_PROBE_TEST_DATA"),
                                             "proc-locks", name, NULL);
   char *text = NULL;
   g_autoptr (GError) error = NULL;
   g_assert_true (g_file_get_contents (path, &text, len, &error));
   g_assert_no_error (error);
   return text;
}

static const MmfgProcLock *
nth (GArray *locks, guint i)
{
   return &g_array_index (locks, MmfgProcLock, i);
}

static void
test_every_kind_is_parsed_and_waiters_skipped (void)
{
   gsize len;
   g_autofree char *text = fixture ("every-kind.txt", &len);
   guint skipped = 99;
   g_autoptr (GArray) locks = mmfg_proc_locks_parse (text, len, &skipped);

   g_assert_cmpuint (locks->len, ==, 8);
   g_assert_cmpuint (skipped, ==, 1); // the *NOINODE* line; waiters not counted

   const MmfgProcLock *posix = nth (locks, 0);
   g_assert_cmpint (posix->kind, ==, MMFG_PROC_LOCK_POSIX);
   g_assert_cmpint (posix->mode, ==, MMFG_PROC_LOCK_WRITE);
   g_assert_cmpint (posix->pid, ==, 4917);
   g_assert_cmpuint (posix->major, ==, 0xfe);
   g_assert_cmpuint (posix->minor, ==, 0);
   g_assert_cmpuint (posix->inode, ==, 10952962);
   g_assert_cmpuint (posix->start, ==, 0);
   g_assert_cmpuint (posix->end, ==, G_MAXUINT64);

   const MmfgProcLock *ofd = nth (locks, 1);
   g_assert_cmpint (ofd->kind, ==, MMFG_PROC_LOCK_OFD);
   g_assert_cmpint (ofd->mode, ==, MMFG_PROC_LOCK_READ);
   g_assert_cmpint (ofd->pid, ==, -1);
   g_assert_cmpuint (ofd->major, ==, 8);
   g_assert_cmpuint (ofd->minor, ==, 1);
   g_assert_cmpuint (ofd->start, ==, 100);
   g_assert_cmpuint (ofd->end, ==, 199);

   g_assert_cmpint (nth (locks, 2)->kind, ==, MMFG_PROC_LOCK_FLOCK);
   g_assert_cmpint (nth (locks, 3)->kind, ==, MMFG_PROC_LOCK_LEASE);
   g_assert_false (nth (locks, 3)->breaking);
   g_assert_cmpint (nth (locks, 4)->kind, ==, MMFG_PROC_LOCK_LEASE);
   g_assert_true (nth (locks, 4)->breaking);
   g_assert_cmpint (nth (locks, 4)->mode, ==, MMFG_PROC_LOCK_UNLOCK);
   g_assert_cmpint (nth (locks, 5)->kind, ==, MMFG_PROC_LOCK_DELEG);
   g_assert_cmpuint (nth (locks, 5)->major, ==, 0x103);
   g_assert_cmpuint (nth (locks, 5)->minor, ==, 2);
   g_assert_cmpuint (nth (locks, 6)->start, ==, 4);
   g_assert_cmpuint (nth (locks, 6)->end, ==, 4);
   g_assert_cmpuint (nth (locks, 7)->inode, ==, G_MAXUINT64);
   g_assert_cmpuint (nth (locks, 7)->major, ==, 0xab);
}

static void
test_garbage_lines_are_skipped_and_counted (void)
{
   gsize len;
   g_autofree char *text = fixture ("garbage.txt", &len);
   guint skipped = 0;
   g_autoptr (GArray) locks = mmfg_proc_locks_parse (text, len, &skipped);
   g_assert_cmpuint (locks->len, ==, 2);
   g_assert_cmpuint (nth (locks, 0)->inode, ==, 10952962);
   g_assert_cmpint (nth (locks, 1)->kind, ==, MMFG_PROC_LOCK_OFD);
   g_assert_cmpuint (nth (locks, 1)->inode, ==, 555);
   g_assert_cmpuint (skipped, ==, 11);
}

static void
test_text_is_read_only_up_to_len (void)
{
   const char *text = "1: POSIX  ADVISORY  WRITE 1 fe:00:42 0 EOF\n"
                      "2: POSIX  ADVISORY  WRITE 2 fe:00:43 0 EOF\n";
   // Cut in the middle of the second line: it is truncated, hence garbage.
   gsize cut = strlen ("1: POSIX  ADVISORY  WRITE 1 fe:00:42 0 EOF\n2: POSIX");
   guint skipped = 0;
   g_autoptr (GArray) locks = mmfg_proc_locks_parse (text, cut, &skipped);
   g_assert_cmpuint (locks->len, ==, 1);
   g_assert_cmpuint (skipped, ==, 1);

   g_autoptr (GArray) none = mmfg_proc_locks_parse (NULL, 0, NULL);
   g_assert_cmpuint (none->len, ==, 0);
}

static void
test_64k_line_and_embedded_nul_are_skipped (void)
{
   GString *text =
      g_string_new ("1: POSIX  ADVISORY  WRITE 1 fe:00:42 0 EOF\n");
   g_string_append (text, "2: POSIX  ADVISORY  WRITE 7 fe:00:");
   for (int i = 0; i < 65536; i++)
      g_string_append_c (text, '9');
   g_string_append (text, " 0 EOF\n");
   static const char with_nul[] =
      "3: POSIX  ADVISORY\0 WRITE 8 fe:00:44 0 EOF\n";
   g_string_append_len (text, with_nul, sizeof with_nul - 1);
   g_string_append (text, "4: FLOCK  ADVISORY  READ 9 fe:00:45 0 EOF\n");
   guint skipped = 0;
   g_autoptr (GArray) locks =
      mmfg_proc_locks_parse (text->str, text->len, &skipped);
   g_assert_cmpuint (locks->len, ==, 2);
   g_assert_cmpuint (nth (locks, 0)->inode, ==, 42);
   g_assert_cmpuint (nth (locks, 1)->inode, ==, 45);
   g_assert_cmpuint (skipped, ==, 2);
   g_string_free (text, TRUE);
}

static void
test_fdinfo_lock_lines_name_ofd_owners (void)
{
   const char *fdinfo =
      "pos:\t0\nflags:\t0100002\nmnt_id:\t29\nino:\t1234\n"
      "lock:\t1: OFDLCK ADVISORY  WRITE -1 08:01:1234 0 EOF\n"
      "lock:\t2: POSIX  ADVISORY  WRITE 77 08:01:1234 0 EOF\n";
   g_autoptr (GArray) owners =
      g_array_new (FALSE, FALSE, sizeof (MmfgDescriptionOwner));
   mmfg_description_owners_parse_fdinfo (fdinfo, 4242, owners);
   g_assert_cmpuint (owners->len, ==, 1); // the POSIX line is not an OFD owner
   const MmfgDescriptionOwner *owner =
      &g_array_index (owners, MmfgDescriptionOwner, 0);
   g_assert_cmpint (owner->pid, ==, 4242);
   g_assert_cmpuint (owner->inode, ==, 1234);
   g_assert_cmpuint (owner->major, ==, 8);
   g_assert_cmpuint (owner->minor, ==, 1);
}

// Reads of the table each may miss a lock (torn by the kernel) or show
// the same lock under another ID; their union holds every lock once.
static void
test_union_of_reads_holds_every_lock_once (void)
{
   const char *torn = "1: POSIX  ADVISORY  WRITE 77 08:01:1234 0 EOF\n"
                      "2: FLOCK  ADVISORY  READ 78 08:01:99 0 EOF\n";
   const char *renumbered = "1: POSIX  ADVISORY  WRITE 79 08:01:555 0 EOF\n"
                            "2: -> POSIX  ADVISORY  WRITE 80 08:01:555 0 EOF\n"
                            "2: POSIX  ADVISORY  WRITE 77 08:01:1234 0 EOF\n";
   const char *other_range = "1: POSIX  ADVISORY  WRITE 79 08:01:555 0 9\n";
   g_autoptr (GArray) all = mmfg_proc_locks_parse (torn, strlen (torn), NULL);
   g_autoptr (GArray) b =
      mmfg_proc_locks_parse (renumbered, strlen (renumbered), NULL);
   g_autoptr (GArray) c =
      mmfg_proc_locks_parse (other_range, strlen (other_range), NULL);
   mmfg_proc_locks_union (all, b);
   mmfg_proc_locks_union (all, c);
   mmfg_proc_locks_union (all, b);
   g_assert_cmpuint (all->len, ==, 4);
   g_assert_cmpint (nth (all, 0)->pid, ==, 77);
   g_assert_cmpint (nth (all, 1)->pid, ==, 78);
   g_assert_cmpint (nth (all, 2)->pid, ==, 79);
   g_assert_cmpuint (nth (all, 2)->end, ==, G_MAXUINT64);
   g_assert_cmpuint (nth (all, 3)->end, ==, 9);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/proc-locks/every-kind",
                    test_every_kind_is_parsed_and_waiters_skipped);
   g_test_add_func ("/proc-locks/garbage",
                    test_garbage_lines_are_skipped_and_counted);
   g_test_add_func ("/proc-locks/length-bound",
                    test_text_is_read_only_up_to_len);
   g_test_add_func ("/proc-locks/64k-line",
                    test_64k_line_and_embedded_nul_are_skipped);
   g_test_add_func ("/proc-locks/fdinfo-ofd-owner",
                    test_fdinfo_lock_lines_name_ofd_owners);
   g_test_add_func ("/proc-locks/union-of-reads",
                    test_union_of_reads_holds_every_lock_once);
   return g_test_run ();
}
