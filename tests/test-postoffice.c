// Unit tests of the post office facts: MMF resolution and the wizard's
// whole-post-office checks, on generated post offices.

#include <fcntl.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "postoffice-fixture.h"
#include "postoffice.h"

typedef struct {
   PostofficeFixture po;
} Fixture;

static void
setup (Fixture *f, gconstpointer unused)
{
   (void) unused;
   const char *args[] = {"--lowercase", "1", NULL};
   postoffice_fixture_make (&f->po, 4, args);
}

static void
teardown (Fixture *f, gconstpointer unused)
{
   (void) unused;
   postoffice_fixture_clear (&f->po);
}

static MmfgMmfState
resolve (Fixture *f, const char *hex_id, gboolean with_index, MmfgMmfFacts *out)
{
   g_autoptr (MmfgMmfIndex) index = NULL;
   if (with_index) {
      g_autoptr (GError) error = NULL;
      index = mmfg_mmf_index_new (f->po.maildata, &error);
      g_assert_no_error (error);
      g_assert_true (mmfg_mmf_index_peek_all (index, NULL, &error));
      g_assert_no_error (error);
   }
   mmfg_postoffice_resolve_mmf (f->po.maildata, index, hex_id, out);
   return out->state;
}

// Outside a batch the folder's listing is kept while the folder is
// unchanged: a twin made, or the file removed, after a check is seen by
// the next one all the same.
// What resolve() allocated in `facts`.
static void
facts_free (MmfgMmfFacts *facts)
{
   g_free (facts->path);
   g_free (facts->other_path);
   g_free (facts->link_target);
   g_free (facts->shared_with);
}

static void
test_kept_listing_sees_changes (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *mmf = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *dir = g_path_get_dirname (mmf);
   // A folder that settled long ago: its listing is kept.
   struct timeval old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
   g_assert_cmpint (utimes (dir, old), ==, 0);
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve (f, "00000A02", FALSE, &facts), ==, MMFG_MMF_OK);
   facts_free (&facts);
   g_assert_cmpint (resolve (f, "00000A02", FALSE, &facts), ==, MMFG_MMF_OK);
   facts_free (&facts);
   g_autofree char *twin = g_build_filename (dir, "00000a02.mmf", NULL);
   g_assert_true (g_file_set_contents (twin, "twin", -1, NULL));
   g_assert_cmpint (resolve (f, "00000A02", FALSE, &facts), ==,
                    MMFG_MMF_AMBIGUOUS);
   facts_free (&facts);
   g_assert_cmpint (g_unlink (twin), ==, 0);
   g_assert_cmpint (g_unlink (mmf), ==, 0);
   g_assert_cmpint (utimes (dir, old), ==, 0);
   g_assert_cmpint (resolve (f, "00000A02", FALSE, &facts), ==,
                    MMFG_MMF_MISSING);
   facts_free (&facts);
   mmfg_postoffice_forget_listings ();
}

// What resolve() and, outside a batch, the shared-file check say of
// `hex_id`; `indexed`: through a batch's index.
static MmfgMmfState
resolve_shared (Fixture *f, const char *hex_id, gboolean indexed,
                MmfgMmfFacts *out)
{
   resolve (f, hex_id, indexed, out);
   if (!indexed)
      mmfg_postoffice_find_shared_local (out);
   return out->state;
}

static void
assert_shared_with (Fixture *f, const char *hex_id, gboolean indexed,
                    const char *other)
{
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve_shared (f, hex_id, indexed, &facts), ==,
                    MMFG_MMF_SHARED);
   g_assert_cmpstr (facts.shared_with, ==, other);
   facts_free (&facts);
}

static void
assert_state (Fixture *f, const char *hex_id, gboolean indexed,
              MmfgMmfState expected)
{
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve_shared (f, hex_id, indexed, &facts), ==, expected);
   g_assert_null (facts.shared_with);
   facts_free (&facts);
}

// Two MMF names that are one file (a hard link) are shared, each naming
// the other: through a batch's index, and outside one from a listing made
// afresh and from one kept. A hard link under a name that is no MMF's (a
// backup) shares nothing, nor does a symbolic link to one of them (it is
// a link). Once the link is gone, the kept listing is not used again.
static void
test_hard_linked_mmfs_are_shared (Fixture *f, gconstpointer unused)
{
   (void) unused;
   // The generator wrote the first MMF as 00000a01.mmf.
   g_autofree char *a01 = postoffice_fixture_mmf (&f->po, "00000a01.mmf");
   g_autofree char *a02 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *a03 = postoffice_fixture_mmf_of (&f->po, "00000A03");
   g_autofree char *a04 = postoffice_fixture_mmf_of (&f->po, "00000A04");
   g_autofree char *dir = g_path_get_dirname (a02);
   g_assert_cmpint (g_unlink (a03), ==, 0);
   g_assert_cmpint (link (a02, a03), ==, 0);
   g_autofree char *bak = g_build_filename (dir, "00000A04.BAK", NULL);
   g_assert_cmpint (link (a04, bak), ==, 0);
   g_assert_cmpint (g_unlink (a01), ==, 0);
   g_assert_cmpint (symlink (a02, a01), ==, 0);
   struct timeval old[2] = {{.tv_sec = 1000000000}, {.tv_sec = 1000000000}};
   // 0: a batch; 1: outside one, the folder just changed (not kept);
   // 2 and 3: outside one, the folder settled (kept, then used again).
   for (int round = 0; round < 4; round++) {
      gboolean indexed = round == 0;
      if (round == 2)
         g_assert_cmpint (utimes (dir, old), ==, 0);
      assert_shared_with (f, "00000A02", indexed, a03);
      assert_shared_with (f, "00000A03", indexed, a02);
      assert_state (f, "00000A04", indexed, MMFG_MMF_OK);
      assert_state (f, "00000A01", indexed, MMFG_MMF_SYMLINK);
   }
   // The link replaced by a copy of its own: nobody shares any more.
   g_assert_cmpint (g_unlink (a03), ==, 0);
   g_assert_true (g_file_set_contents (a03, "its own mail", -1, NULL));
   g_assert_cmpint (utimes (dir, old), ==, 0);
   for (int indexed = 0; indexed < 2; indexed++) {
      assert_state (f, "00000A02", indexed, MMFG_MMF_OK);
      assert_state (f, "00000A03", indexed, MMFG_MMF_OK);
   }
   mmfg_postoffice_forget_listings ();
}

// A file of many MMF names names the first few of the others, and how
// many more there are (a count, the same in every language), through a batch
// and outside one alike.
static void
test_many_names_of_one_file (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *a02 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *dir = g_path_get_dirname (a02);
   for (int i = 0; i < 10; i++) {
      g_autofree char *name = g_strdup_printf ("%08X.MMF", 0xB00 + i);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_assert_cmpint (link (a02, path), ==, 0);
   }
   for (int indexed = 0; indexed < 2; indexed++) {
      MmfgMmfFacts facts;
      g_assert_cmpint (resolve_shared (f, "00000A02", indexed, &facts), ==,
                       MMFG_MMF_SHARED);
      g_assert_true (g_str_has_suffix (facts.shared_with, " (+2)"));
      g_auto (GStrv) named = g_strsplit (facts.shared_with, ", ", -1);
      g_assert_cmpuint (g_strv_length (named), ==, 8);
      facts_free (&facts);
   }
   mmfg_postoffice_forget_listings ();
}

static void
test_hex_id_validation (void)
{
   g_assert_true (mmfg_hex_id_valid ("0000023A"));
   g_assert_true (mmfg_hex_id_valid ("0000023a"));
   g_assert_false (mmfg_hex_id_valid ("0000023G"));
   g_assert_false (mmfg_hex_id_valid ("0000023"));
   g_assert_false (mmfg_hex_id_valid ("0000023AB"));
   g_assert_false (mmfg_hex_id_valid ("../../etc/shadow"));
   g_assert_false (mmfg_hex_id_valid ("0000/../"));
   g_assert_false (mmfg_hex_id_valid (""));
   g_assert_false (mmfg_hex_id_valid (NULL));
}

// Run each resolution case both fresh and through a batch's index: the two
// paths must agree.
static void
check_both (Fixture *f, const char *hex_id, MmfgMmfState expected)
{
   for (int indexed = 0; indexed < 2; indexed++) {
      MmfgMmfFacts facts;
      g_assert_cmpint (resolve (f, hex_id, indexed, &facts), ==, expected);
      g_free (facts.path);
      g_free (facts.link_target);
   }
}

static void
test_lower_case_name_resolves (Fixture *f, gconstpointer unused)
{
   (void) unused;
   // The generator wrote the first MMF as 00000a01.mmf.
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve (f, "00000A01", FALSE, &facts), ==, MMFG_MMF_OK);
   g_assert_true (g_str_has_suffix (facts.path, "/MMF/00000a01.mmf"));
   g_assert_cmpint (facts.size, >, 0);
   g_free (facts.path);
   check_both (f, "00000a01", MMFG_MMF_OK);
   check_both (f, "00000A02", MMFG_MMF_OK);
}

static void
test_missing_mmf_is_reported_with_expected_path (Fixture *f,
                                                 gconstpointer unused)
{
   (void) unused;
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve (f, "0000BEEF", FALSE, &facts), ==,
                    MMFG_MMF_MISSING);
   g_assert_true (g_str_has_suffix (facts.path, "/MMF/0000BEEF.MMF"));
   g_free (facts.path);
   check_both (f, "0000BEEF", MMFG_MMF_MISSING);
}

static void
test_invalid_id_never_becomes_a_path (Fixture *f, gconstpointer unused)
{
   (void) unused;
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve (f, "../../etc/shadow", FALSE, &facts), ==,
                    MMFG_MMF_INVALID_ID);
   g_assert_null (facts.path);
   check_both (f, "0000023G", MMFG_MMF_INVALID_ID);
}

static void
test_not_regular_files (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *fifo = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   g_unlink (fifo);
   g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
   check_both (f, "00000A02", MMFG_MMF_NOT_REGULAR);

   g_autofree char *dir = postoffice_fixture_mmf (&f->po, "00000A03.MMF");
   g_unlink (dir);
   g_assert_cmpint (g_mkdir (dir, 0700), ==, 0);
   check_both (f, "00000A03", MMFG_MMF_NOT_REGULAR);
}

// A link is judged as a link, wherever it points: dangling, a loop, a
// device, /etc/passwd or a real MMF outside the post office. The host's
// copy never follows one, so the plugin must not call it a usable MMF.
static void
check_link (Fixture *f, const char *hex_id, const char *target)
{
   g_autofree char *name = g_strconcat (hex_id, ".MMF", NULL);
   g_autofree char *link = postoffice_fixture_mmf (&f->po, name);
   g_unlink (link);
   g_assert_cmpint (symlink (target, link), ==, 0);
   check_both (f, hex_id, MMFG_MMF_SYMLINK);
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve (f, hex_id, FALSE, &facts), ==, MMFG_MMF_SYMLINK);
   g_assert_cmpstr (facts.link_target, ==, target);
   g_free (facts.path);
   g_free (facts.link_target);
}

static void
test_symlinks_are_links (Fixture *f, gconstpointer unused)
{
   (void) unused;
   check_link (f, "00000A02", "/nonexistent/mmf");
   check_link (f, "00000A03", "00000A03.MMF");
   check_link (f, "00000A04", "/dev/zero");
   check_link (f, "00000A05", "/etc/passwd");
}

static void
test_empty_and_smaf_files (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *empty = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   g_assert_true (g_file_set_contents (empty, "", 0, NULL));
   check_both (f, "00000A02", MMFG_MMF_EMPTY);

   g_autofree char *smaf = postoffice_fixture_mmf (&f->po, "00000A03.MMF");
   g_assert_true (
      g_file_set_contents (smaf, "MMMD\0\0\0\x10ringtone", 16, NULL));
   // Only the batch path peeks here; the fresh path peeks in account-check.
   MmfgMmfFacts facts;
   g_assert_cmpint (resolve (f, "00000A03", TRUE, &facts), ==,
                    MMFG_MMF_NOT_MAIL);
   g_free (facts.path);
}

static void
test_symlink_to_a_real_mmf_is_a_link (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *real = g_build_filename (f->po.root, "elsewhere.mmf", NULL);
   g_autofree char *link = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   g_assert_cmpint (g_rename (link, real), ==, 0);
   g_assert_cmpint (symlink (real, link), ==, 0);
   check_both (f, "00000A02", MMFG_MMF_SYMLINK);
}

static void
test_peek_never_reads_a_fifo (void)
{
   g_autofree char *dir = g_dir_make_tmp ("mmfg-peek-XXXXXX", NULL);
   g_autofree char *fifo = g_build_filename (dir, "fifo", NULL);
   g_assert_cmpint (mkfifo (fifo, 0600), ==, 0);
   const char *paths[] = {fifo, "/nonexistent/x"};
   MmfgPeek out[2];
   g_autoptr (GError) error = NULL;
   gint64 start = g_get_monotonic_time ();
   g_assert_true (mmfg_peek_files (paths, 2, out, &error));
   g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);
   g_assert_cmpint (out[0].result, ==, MMFG_PEEK_NOT_REGULAR);
   g_assert_cmpint (out[1].result, ==, MMFG_PEEK_FAILED);
   g_unlink (fifo);
   g_rmdir (dir);
}

// Both ways of peeking leave a lock this process holds on the file in place
// (the close() trap), and agree on what they saw.
static void
test_peek_keeps_the_host_lock (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *path = postoffice_fixture_mmf (&f->po, "00000A02.MMF");
   int fd = open (path, O_RDWR);
   struct flock fl = {.l_type = F_WRLCK, .l_whence = SEEK_SET, .l_len = 10};
   g_assert_cmpint (fcntl (fd, F_SETLK, &fl), ==, 0);
   g_autofree char *mine =
      g_strdup_printf ("POSIX  ADVISORY  WRITE %d ", getpid ());

   const char *paths[] = {path};
   MmfgPeek threads = {0}, child = {0};
   g_autoptr (GError) error = NULL;
   g_assert_true (mmfg_peek_files_in_threads (paths, 1, &threads, &error));
   g_assert_true (mmfg_peek_files_in_child (paths, 1, &child, &error));
   g_assert_no_error (error);
   g_assert_cmpint (threads.result, ==, MMFG_PEEK_MAIL);
   g_assert_cmpint (child.result, ==, MMFG_PEEK_MAIL);

   g_autofree char *locks = NULL;
   g_assert_true (g_file_get_contents ("/proc/locks", &locks, NULL, NULL));
   g_assert_nonnull (strstr (locks, mine));
   close (fd);
}

static void
test_generated_postoffice_is_valid (Fixture *f, gconstpointer unused)
{
   (void) unused;
   MmfgPostofficeFacts facts;
   mmfg_postoffice_check (f->po.maildata, NULL, &facts);
   g_assert_true (facts.layout_ok);
   g_assert_true (facts.access_ok);
   g_assert_true (facts.writable_ok);
   g_assert_cmpint (facts.access_records[0], ==, 4);
   g_assert_cmpint (facts.access_records[2], ==, 4);
   mmfg_postoffice_facts_clear (&facts);
}

static void
set_size (Fixture *f, const char *glb_file, gsize size)
{
   g_autofree char *path =
      g_build_filename (f->po.maildata, "GLB", glb_file, NULL);
   g_autofree char *zeros = g_malloc0 (size);
   g_assert_true (g_file_set_contents (path, zeros, (gssize) size, NULL));
}

static void
test_access_files_disagree (Fixture *f, gconstpointer unused)
{
   (void) unused;
   set_size (f, "ACCESS2.GLB", 69 * 5);
   MmfgPostofficeFacts facts;
   mmfg_postoffice_check (f->po.maildata, NULL, &facts);
   g_assert_false (facts.access_ok);
   g_assert_nonnull (strstr (facts.access_problem, "ACCESS2.GLB 5"));
   mmfg_postoffice_facts_clear (&facts);
}

static void
test_access_file_partial_record (Fixture *f, gconstpointer unused)
{
   (void) unused;
   set_size (f, "ACCESS3.GLB", 512 * 4 + 7);
   MmfgPostofficeFacts facts;
   mmfg_postoffice_check (f->po.maildata, NULL, &facts);
   g_assert_false (facts.access_ok);
   // The facts: 2055 bytes are 4 records and 7 bytes over.
   g_assert_nonnull (
      strstr (facts.access_problem, "ACCESS3.GLB: 2055 B % 512 B = 7 B"));
   mmfg_postoffice_facts_clear (&facts);
}

static void
test_read_only_glb (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *glb = g_build_filename (f->po.maildata, "GLB", NULL);
   g_assert_cmpint (g_chmod (glb, 0555), ==, 0);
   MmfgPostofficeFacts facts;
   mmfg_postoffice_check (f->po.maildata, NULL, &facts);
   g_assert_false (facts.writable_ok);
   g_assert_nonnull (strstr (facts.writable_problem, g_strerror (EACCES)));
   g_assert_nonnull (strstr (facts.writable_problem, glb));
   mmfg_postoffice_facts_clear (&facts);
   g_chmod (glb, 0755);
}

static void
test_not_a_postoffice (Fixture *f, gconstpointer unused)
{
   (void) unused;
   MmfgPostofficeFacts facts;
   mmfg_postoffice_check (f->po.root, NULL, &facts);
   g_assert_false (facts.layout_ok);
   // The folder above MAILDATA: no GLB folder in it.
   g_assert_nonnull (strstr (facts.layout_problem, "GLB"));
   g_assert_nonnull (strstr (facts.layout_problem, g_strerror (ENOENT)));
   mmfg_postoffice_facts_clear (&facts);
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_test_add_func ("/postoffice/hex-id-validation", test_hex_id_validation);
   g_test_add_func ("/postoffice/peek-never-reads-a-fifo",
                    test_peek_never_reads_a_fifo);
#define ADD(name, fn)                                                          \
   g_test_add ("/postoffice/" name, Fixture, NULL, setup, fn, teardown)
   ADD ("lower-case-name-resolves", test_lower_case_name_resolves);
   ADD ("kept-listing-sees-changes", test_kept_listing_sees_changes);
   ADD ("missing-mmf-reported",
        test_missing_mmf_is_reported_with_expected_path);
   ADD ("invalid-id-never-becomes-a-path",
        test_invalid_id_never_becomes_a_path);
   ADD ("not-regular-files", test_not_regular_files);
   ADD ("symlinks-are-links", test_symlinks_are_links);
   ADD ("empty-and-smaf-files", test_empty_and_smaf_files);
   ADD ("symlink-to-a-real-mmf-is-a-link",
        test_symlink_to_a_real_mmf_is_a_link);
   ADD ("hard-linked-mmfs-are-shared", test_hard_linked_mmfs_are_shared);
   ADD ("many-names-of-one-file", test_many_names_of_one_file);
   ADD ("peek-keeps-the-host-lock", test_peek_keeps_the_host_lock);
   ADD ("generated-postoffice-is-valid", test_generated_postoffice_is_valid);
   ADD ("access-files-disagree", test_access_files_disagree);
   ADD ("access-file-partial-record", test_access_file_partial_record);
   ADD ("read-only-glb", test_read_only_glb);
   ADD ("not-a-postoffice", test_not_a_postoffice);
#undef ADD
   return g_test_run ();
}
