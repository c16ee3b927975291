// Unit tests of migrate's MMF folder: the names of one file (a hard link)
// found from the pass's listing, a link made during the pass included.

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "postoffice-fixture.h"
#include "run/mmf-folder.h"

typedef struct {
   PostofficeFixture po;
} Fixture;

static void
setup (Fixture *f, gconstpointer unused)
{
   (void) unused;
   postoffice_fixture_make (&f->po, 4, NULL);
}

static void
teardown (Fixture *f, gconstpointer unused)
{
   (void) unused;
   postoffice_fixture_clear (&f->po);
}

// The path migrate would copy for `hex_id`.
static char *
found (MhMmfFolder *folder, const char *hex_id)
{
   gboolean ambiguous = FALSE;
   g_autoptr (GError) error = NULL;
   char *path = mh_mmf_folder_find (folder, hex_id, &ambiguous, &error);
   g_assert_no_error (error);
   return path;
}

// Two MMF names of one file name each other; a file of one link, or one
// whose other link is no MMF's name, has no other name.
static void
test_hard_link_names_the_other (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *a02 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *a03 = postoffice_fixture_mmf_of (&f->po, "00000A03");
   g_autofree char *a04 = postoffice_fixture_mmf_of (&f->po, "00000A04");
   g_assert_cmpint (g_unlink (a03), ==, 0);
   g_assert_cmpint (link (a02, a03), ==, 0);
   g_autofree char *bak = g_strconcat (a04, ".BAK", NULL);
   g_assert_cmpint (link (a04, bak), ==, 0);
   g_autoptr (MhMmfFolder) folder = mh_mmf_folder_new (f->po.maildata);
   g_autofree char *p02 = found (folder, "00000A02");
   g_autofree char *p03 = found (folder, "00000A03");
   g_autofree char *p04 = found (folder, "00000A04");
   g_autofree char *p01 = found (folder, "00000A01");
   g_autofree char *of02 = mh_mmf_folder_same_file (folder, p02);
   g_autofree char *of03 = mh_mmf_folder_same_file (folder, p03);
   g_assert_nonnull (of02);
   g_assert_nonnull (strstr (of02, "00000A03.MMF"));
   g_assert_nonnull (of03);
   g_assert_nonnull (strstr (of03, "00000A02.MMF"));
   g_assert_null (mh_mmf_folder_same_file (folder, p04));
   g_assert_null (mh_mmf_folder_same_file (folder, p01));
}

// A link made after the pass grouped the names (a hard link to an MMF
// that had one link then) is found all the same: the group is made again.
static void
test_link_made_during_the_pass (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *a02 = postoffice_fixture_mmf_of (&f->po, "00000A02");
   g_autofree char *a03 = postoffice_fixture_mmf_of (&f->po, "00000A03");
   g_autofree char *a04 = postoffice_fixture_mmf_of (&f->po, "00000A04");
   g_autofree char *bak = g_strconcat (a04, ".BAK", NULL);
   g_assert_cmpint (link (a04, bak), ==, 0);
   g_autoptr (MhMmfFolder) folder = mh_mmf_folder_new (f->po.maildata);
   g_autofree char *p02 = found (folder, "00000A02");
   g_autofree char *p04 = found (folder, "00000A04");
   // Grouped now, at the first file with two links.
   g_assert_null (mh_mmf_folder_same_file (folder, p04));
   g_assert_cmpint (g_unlink (a03), ==, 0);
   g_assert_cmpint (link (a02, a03), ==, 0);
   g_autofree char *of02 = mh_mmf_folder_same_file (folder, p02);
   g_assert_nonnull (of02);
   g_assert_nonnull (strstr (of02, "00000A03.MMF"));
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
#define ADD(name, fn)                                                          \
   g_test_add ("/mmf-folder/" name, Fixture, NULL, setup, fn, teardown)
   ADD ("hard-link-names-the-other", test_hard_link_names_the_other);
   ADD ("link-made-during-the-pass", test_link_made_during_the_pass);
#undef ADD
   return g_test_run ();
}
