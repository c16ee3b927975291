// test-abi.c — the plugin ($MMFG_PLUGIN) through its ABI, as mig-host calls
// it: loaded with GModule and called through libffi from the hook table,
// with direct C calls alongside to prove the two agree.

#include "abi-header-layout.h"
#include "file-tree.h"
#include "plugin-host/hook-dispatch.h"
#include "host-error.h"
#include "plugin-host/host-services.h"
#include "plugin-host/plugin-calls.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

typedef struct {
   char *dir;        // temporary folder holding the post office
   char *maildata;   // dir/MAILDATA
   MhPlugin *plugin; // loaded through mig-host's loader
   MhHostServices *services;
} Fixture;

static const char *
plugin_path (void)
{
   const char *path = g_getenv ("MMFG_PLUGIN");
   g_assert_nonnull (path);
   return path;
}

static void
make_postoffice (Fixture *f)
{
   g_autoptr (GError) error = NULL;
   f->dir = g_dir_make_tmp ("test-abi-XXXXXX", &error);
   g_assert_no_error (error);
   const char *argv[] = {g_getenv ("MMFG_MAKE_POSTOFFICE"),
                         f->dir,
                         "--users",
                         "4",
                         "--recovered",
                         "1",
                         NULL};
   g_assert_nonnull (argv[0]);
   int status = 0;
   g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                 NULL, NULL, NULL, &status, &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);
   f->maildata = g_build_filename (f->dir, "MAILDATA", NULL);
}

static void
fixture_set_up (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autoptr (GError) error = NULL;
   make_postoffice (f);
   f->plugin = mh_plugin_load (plugin_path (), &error);
   g_assert_no_error (error);
   f->services = mh_host_services_new ("en", NULL, &error);
   g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mh_plugin_free (f->plugin);
   mh_host_services_free (f->services);
   mh_remove_tree (f->dir);
   g_free (f->dir);
   g_free (f->maildata);
}

static const mig_host *
host_of (Fixture *f)
{
   return mh_host_services_host (f->services);
}

// Initialises the plugin directly (the refcount is the plugin's).
static void
init_plugin (Fixture *f)
{
   char error[1024] = "";
   g_assert_cmpint (mh_call_init (f->plugin, host_of (f), error, sizeof error),
                    ==, MIG_OK);
}

static void
answer_init (mig_answer *a, char *text, uint32_t size)
{
   memset (a, 0, sizeof *a);
   a->struct_size = sizeof *a;
   a->text = text;
   a->text_size = size;
}

// ---------------------------------------------------------------------------

static void
test_exports_only_the_entry_symbol (void)
{
   g_autofree char *nm = g_find_program_in_path ("nm");
   g_assert_nonnull (nm);
   const char *argv[] = {nm, "-D", "--defined-only", plugin_path (), NULL};
   g_autofree char *out = NULL;
   g_autoptr (GError) error = NULL;
   int status = 0;
   g_spawn_sync (NULL, (char **) argv, NULL, 0, NULL, NULL, &out, NULL, &status,
                 &error);
   g_assert_no_error (error);
   g_spawn_check_wait_status (status, &error);
   g_assert_no_error (error);

   g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
   g_autoptr (GPtrArray) symbols = g_ptr_array_new ();
   for (guint i = 0; lines[i] != NULL; i++) {
      g_auto (GStrv) cols = g_strsplit_set (g_strstrip (lines[i]), " \t", -1);
      // "ADDR TYPE NAME"; type A is a version node of the export map, not
      // a symbol anyone can call.
      if (g_strv_length (cols) < 3 || strcmp (cols[1], "A") == 0)
         continue;
      g_ptr_array_add (symbols, g_strdup (cols[2]));
   }
   g_ptr_array_set_free_func (symbols, g_free);
   for (guint i = 0; i < symbols->len; i++)
      g_test_message ("exported: %s", (char *) symbols->pdata[i]);
   g_assert_cmpuint (symbols->len, ==, 1);
   g_assert_cmpstr (symbols->pdata[0], ==, MIG_ENTRY_SYMBOL);
}

static void
test_loads_with_rtld_now (void)
{
   void *handle = dlopen (plugin_path (), RTLD_NOW | RTLD_LOCAL);
   if (handle == NULL)
      g_test_message ("dlopen: %s", dlerror ());
   g_assert_nonnull (handle);
   const mig_plugin_entry *entry = dlsym (handle, MIG_ENTRY_SYMBOL);
   g_assert_nonnull (entry);
   g_assert_cmpuint (entry->abi_major, ==, MIG_ABI_VERSION_MAJOR);
   g_assert_true (MIG_HAS_FIELD (entry, mig_plugin_entry, get_hook));
   // Not closed: the plugin is linked -z nodelete, and mig-host never
   // unloads plugins either.
}

static void
test_loader_refuses_what_is_not_a_plugin (void)
{
   g_autoptr (GError) error = NULL;
   MhPlugin *p = mh_plugin_load ("/nonexistent/mmfguard.so", &error);
   g_assert_null (p);
   g_assert_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD);
   g_assert_nonnull (strstr (error->message, "/nonexistent/mmfguard.so"));
   g_clear_error (&error);

   // A file that is not a shared object at all.
   g_autofree char *text = NULL;
   int fd = g_file_open_tmp ("not-a-plugin-XXXXXX.so", &text, &error);
   g_assert_no_error (error);
   g_assert_cmpint (write (fd, "hello\n", 6), ==, 6);
   close (fd);
   p = mh_plugin_load (text, &error);
   g_assert_null (p);
   g_assert_error (error, MH_HOST_ERROR, MH_HOST_ERROR_LOAD);
   g_assert_nonnull (strstr (error->message, text));
   g_unlink (text);
}

// Every id of the table is offered, through libffi as directly; ids that are
// almost right are not.
static void
test_get_hook_exact_ids (Fixture *f, gconstpointer unused)
{
   (void) unused;
   const mig_plugin_entry *entry = mh_plugin_entry_of (f->plugin);
   for (unsigned i = 0; i < MH_FN_N_HOOKS; i++) {
      const char *id = mh_fn_info (MH_FN_FIRST_HOOK + i)->id;
      const void *via_ffi = mh_call_get_hook (f->plugin, id);
      g_assert_nonnull (via_ffi);
      g_assert_true (via_ffi == entry->get_hook (id));
      g_assert_true (via_ffi ==
                     mh_plugin_hook (f->plugin, MH_FN_FIRST_HOOK + i));
   }
   static const char *const wrong[] = {
      "pre-migrate/1x", "pre-migrate/",   "PRE-MIGRATE/1",  "pre-migrate",
      "pre-migrate/2",  " pre-migrate/1", "pre-migrate/1 ", "",
      "pre-migrate/01", "no-such-hook/1", "on-error/1\n",   "catalog/1/1",
   };
   for (gsize i = 0; i < G_N_ELEMENTS (wrong); i++) {
      g_test_message ("id \"%s\"", wrong[i]);
      g_assert_null (mh_call_get_hook (f->plugin, wrong[i]));
      g_assert_null (entry->get_hook (wrong[i]));
   }
}

static void
test_major_version_mismatch_refused (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_host host = *host_of (f);
   host.abi_major = MIG_ABI_VERSION_MAJOR + 1;
   char ffi_error[512] = "";
   char direct_error[512] = "";
   int32_t via_ffi =
      mh_call_init (f->plugin, &host, ffi_error, sizeof ffi_error);
   int32_t direct = mh_plugin_entry_of (f->plugin)->init (&host, direct_error,
                                                          sizeof direct_error);
   g_assert_cmpint (via_ffi, ==, MIG_ERR_VERSION);
   g_assert_cmpint (direct, ==, MIG_ERR_VERSION);
   g_assert_cmpstr (ffi_error, !=, "");
   g_assert_cmpstr (ffi_error, ==, direct_error);
   // Refused means not initialised: hooks still say so.
   mig_catalog_entry e = {.struct_size = sizeof e};
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==,
                    MIG_ERR_NOT_INITIALISED);

   // The loader refuses through the same path, with the plugin's reason.
   g_autoptr (GError) error = NULL;
   g_assert_false (mh_plugin_init (f->plugin, &host, &error));
   g_assert_error (error, MH_HOST_ERROR, MH_HOST_ERROR_INIT);
   g_assert_nonnull (strstr (error->message, "MIG_ERR_VERSION"));
}

static void
test_init_deinit_refcounted (Fixture *f, gconstpointer unused)
{
   (void) unused;
   mig_catalog_entry e = {.struct_size = sizeof e};
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==,
                    MIG_ERR_NOT_INITIALISED);
   init_plugin (f);
   init_plugin (f);
   mh_call_deinit (f->plugin);
   // One init is still outstanding.
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==, MIG_OK);
   mh_call_deinit (f->plugin);
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==,
                    MIG_ERR_NOT_INITIALISED);
   // Extra deinit calls are ignored, and the plugin can start again.
   mh_call_deinit (f->plugin);
   mh_call_deinit (f->plugin);
   init_plugin (f);
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==, MIG_OK);
   mh_call_deinit (f->plugin);
}

// A later init() shares the first's configuration only when it names the
// same file (a relative path taken from the working directory); one naming
// another, or the defaults, is refused with MIG_ERR_CONFIG, says both, and
// counts for nothing.
static void
test_second_configuration_refused (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *a = g_build_filename (f->dir, "a.conf", NULL);
   g_autofree char *b = g_build_filename (f->dir, "b.conf", NULL);
   g_assert_true (g_file_set_contents (a, "", -1, NULL));
   g_assert_true (g_file_set_contents (b, "", -1, NULL));
   mig_host first = *host_of (f);
   first.config_path = a;
   char error[1024] = "";
   g_assert_cmpint (mh_call_init (f->plugin, &first, error, sizeof error), ==,
                    MIG_OK);

   g_autofree char *cwd = g_get_current_dir ();
   g_assert_cmpint (g_chdir (f->dir), ==, 0);
   mig_host same = first;
   same.config_path = "a.conf";
   g_assert_cmpint (mh_call_init (f->plugin, &same, error, sizeof error), ==,
                    MIG_OK);
   g_assert_cmpstr (error, ==, "");
   mig_host other = first;
   other.config_path = "b.conf";
   g_assert_cmpint (mh_call_init (f->plugin, &other, error, sizeof error), ==,
                    MIG_ERR_CONFIG);
   g_assert_cmpint (g_chdir (cwd), ==, 0);
   g_assert_nonnull (strstr (error, a));
   g_assert_nonnull (strstr (error, "b.conf"));
   // Spellings of one path: "." and doubled separators do not matter; ".."
   // is kept as text (removing it without following links could make two
   // files one), so a path through it is another configuration.
   g_autofree char *dotted = g_strconcat (f->dir, "/./", "a.conf", NULL);
   g_autofree char *doubled = g_strconcat (f->dir, "//a.conf", NULL);
   g_autofree char *up = g_strconcat (f->dir, "/MAILDATA/../a.conf", NULL);
   mig_host spelled = first;
   spelled.config_path = dotted;
   g_assert_cmpint (mh_call_init (f->plugin, &spelled, error, sizeof error), ==,
                    MIG_OK);
   mh_call_deinit (f->plugin);
   spelled.config_path = doubled;
   g_assert_cmpint (mh_call_init (f->plugin, &spelled, error, sizeof error), ==,
                    MIG_OK);
   mh_call_deinit (f->plugin);
   spelled.config_path = up;
   g_assert_cmpint (mh_call_init (f->plugin, &spelled, error, sizeof error), ==,
                    MIG_ERR_CONFIG);
   mig_host defaults = first;
   defaults.config_path = NULL;
   g_assert_cmpint (mh_call_init (f->plugin, &defaults, error, sizeof error),
                    ==, MIG_ERR_CONFIG);
   g_assert_nonnull (strstr (error, "built-in defaults"));

   // Two counted, two refused: two deinit() calls end it.
   mig_catalog_entry e = {.struct_size = sizeof e};
   mh_call_deinit (f->plugin);
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==, MIG_OK);
   mh_call_deinit (f->plugin);
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e), ==,
                    MIG_ERR_NOT_INITIALISED);
}

// `path` is whole or "": a post office whose folder name holds a control
// character would come out sanitised, naming another file, so it is "".
static void
test_answer_path_never_altered (Fixture *f, gconstpointer unused)
{
   (void) unused;
   g_autofree char *odd = g_build_filename (f->dir, "po\001x", NULL);
   g_assert_cmpint (g_mkdir (odd, 0700), ==, 0);
   g_autofree char *moved = g_build_filename (odd, "MAILDATA", NULL);
   g_assert_cmpint (g_rename (f->maildata, moved), ==, 0);
   init_plugin (f);
   const char *postoffices[] = {moved, NULL};
   for (gsize i = 0; postoffices[i] != NULL; i++) {
      mig_account acc = {.struct_size = sizeof acc,
                         .postoffice = postoffices[i],
                         .user = "U00001",
                         .hex_id = "00000A01"};
      char text[4096];
      mig_answer a;
      answer_init (&a, text, sizeof text);
      int32_t v = mh_call_pre_migrate (f->plugin, &acc, &a);
      g_test_message ("verdict %d, path \"%s\"", v, a.path);
      g_assert_cmpint (v, >=, MIG_VERDICT_PROCEED);
      g_assert_cmpstr (a.path, ==, "");
   }
   mh_call_deinit (f->plugin);
   g_assert_cmpint (g_rename (moved, f->maildata), ==, 0);
}

// ---------------------------------------------------------------------------
// libffi against direct calls, for every row of the hook table.

static void
assert_answers_agree (const mig_answer *a, const mig_answer *b)
{
   g_assert_cmpstr (a->cause, ==, b->cause);
   g_assert_cmpstr (a->message_id, ==, b->message_id);
   g_assert_cmpstr (a->documentation, ==, b->documentation);
   g_assert_cmpstr (a->path, ==, b->path);
   g_assert_cmpuint (a->flags, ==, b->flags);
   g_assert_cmpuint (a->retry_after_s, ==, b->retry_after_s);
   g_assert_cmpuint (a->event_id, ==, b->event_id);
   g_assert_cmpuint (a->holder_lock, ==, b->holder_lock);
   g_assert_cmpint (a->holder_pid, ==, b->holder_pid);
   // The text carries the time of the check, so only its presence is
   // compared.
   g_assert_cmpuint (a->text_needed > 0, ==, b->text_needed > 0);
}

static int32_t
direct_batch_begin (Fixture *f, const mig_batch *batch, mig_answer *answer)
{
   const mig_hook_batch_begin *h =
      mh_plugin_hook (f->plugin, MH_FN_batch_begin);
   return h->begin (batch, answer);
}

static int32_t
direct_batch_end (Fixture *f, uint64_t id)
{
   const mig_hook_batch_end *h = mh_plugin_hook (f->plugin, MH_FN_batch_end);
   return h->end (id);
}

static int32_t
direct_pre_migrate (Fixture *f, const mig_account *account, mig_answer *answer)
{
   const mig_hook_pre_migrate *h =
      mh_plugin_hook (f->plugin, MH_FN_pre_migrate);
   return h->pre_migrate (account, answer);
}

static int32_t
direct_on_error (Fixture *f, const mig_event *event, mig_answer *answer)
{
   const mig_hook_on_error *h = mh_plugin_hook (f->plugin, MH_FN_on_error);
   return h->on_error (event, answer);
}

static int32_t
direct_catalog (Fixture *f, uint32_t index, mig_catalog_entry *entry)
{
   const mig_hook_catalog *h = mh_plugin_hook (f->plugin, MH_FN_catalog);
   return h->entry (index, entry);
}

static void
check_batch_begin (Fixture *f)
{
   g_assert_cmpint (mh_call_batch_begin (f->plugin, NULL, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_batch_begin (f, NULL, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   mig_batch short_batch = {
      .struct_size = 4, .batch_id = 7, .postoffice = f->maildata};
   g_assert_cmpint (mh_call_batch_begin (f->plugin, &short_batch, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_batch_begin (f, &short_batch, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);

   // A real batch each way: the same verdict on the same post office.
   char t1[4096], t2[4096];
   mig_answer a1, a2;
   answer_init (&a1, t1, sizeof t1);
   answer_init (&a2, t2, sizeof t2);
   mig_batch b1 = {sizeof b1, 4, 101, f->maildata};
   mig_batch b2 = {sizeof b2, 4, 102, f->maildata};
   int32_t v1 = mh_call_batch_begin (f->plugin, &b1, &a1);
   int32_t v2 = direct_batch_begin (f, &b2, &a2);
   g_assert_cmpint (v1, >=, 0);
   g_assert_cmpint (v1, ==, v2);
   assert_answers_agree (&a1, &a2);
   g_assert_cmpint (mh_call_batch_end (f->plugin, 101), ==, MIG_OK);
   g_assert_cmpint (direct_batch_end (f, 102), ==, MIG_OK);
}

static void
check_batch_end (Fixture *f)
{
   // A batch that is not open: a negative int32 through libffi.
   int32_t via_ffi = mh_call_batch_end (f->plugin, 0xDEADBEEFCAFEull);
   g_assert_cmpint (via_ffi, ==, MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_batch_end (f, 0xDEADBEEFCAFEull), ==, via_ffi);
   // Ending 101 again (closed above) is the same error.
   g_assert_cmpint (mh_call_batch_end (f->plugin, 101), ==,
                    direct_batch_end (f, 101));
}

static void
check_pre_migrate (Fixture *f)
{
   char t1[4096], t2[4096];
   mig_answer a1, a2;
   answer_init (&a1, t1, sizeof t1);
   answer_init (&a2, t2, sizeof t2);
   g_assert_cmpint (mh_call_pre_migrate (f->plugin, NULL, &a1), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_pre_migrate (f, NULL, &a2), ==,
                    MIG_ERR_INVALID_ARGUMENT);

   mig_account acc = {.struct_size = sizeof acc,
                      .postoffice = f->maildata,
                      .user = "U00001",
                      .hex_id = "00000A01"};
   mig_account short_acc = acc;
   short_acc.struct_size = 8;
   g_assert_cmpint (mh_call_pre_migrate (f->plugin, &short_acc, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_pre_migrate (f, &short_acc, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);

   // Each verdict value through both paths: proceed, and block for the
   // last account, whose password was recovered after its MMF changed.
   int32_t v1 = mh_call_pre_migrate (f->plugin, &acc, &a1);
   int32_t v2 = direct_pre_migrate (f, &acc, &a2);
   g_assert_cmpint (v1, ==, MIG_VERDICT_PROCEED);
   g_assert_cmpint (v1, ==, v2);
   assert_answers_agree (&a1, &a2);

   acc.user = "U00004";
   acc.hex_id = "00000A04";
   acc.password_recovered_at = g_get_real_time () / G_USEC_PER_SEC - 3600;
   answer_init (&a1, t1, sizeof t1);
   answer_init (&a2, t2, sizeof t2);
   v1 = mh_call_pre_migrate (f->plugin, &acc, &a1);
   v2 = direct_pre_migrate (f, &acc, &a2);
   g_assert_cmpint (v1, ==, MIG_VERDICT_BLOCK);
   g_assert_cmpint (v1, ==, v2);
   assert_answers_agree (&a1, &a2);
   g_assert_cmpstr (a1.cause, ==, "password-not-synchronised");
}

static void
check_on_error (Fixture *f)
{
   char t1[4096], t2[4096];
   mig_answer a1, a2;
   answer_init (&a1, t1, sizeof t1);
   answer_init (&a2, t2, sizeof t2);
   g_assert_cmpint (mh_call_on_error (f->plugin, NULL, &a1), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_on_error (f, NULL, &a2), ==,
                    MIG_ERR_INVALID_ARGUMENT);

   g_autofree char *mmf =
      g_build_filename (f->maildata, "MMF", "00000A02.MMF", NULL);
   const char *inserts[] = {"U00002", mmf};
   mig_account acc = {.struct_size = sizeof acc,
                      .postoffice = f->maildata,
                      .user = "U00002",
                      .hex_id = "00000A02"};
   mig_event ev = {.struct_size = sizeof ev,
                   .event_id = 7007,
                   .inserts = inserts,
                   .n_inserts = 2,
                   .account = &acc};
   int32_t v1 = mh_call_on_error (f->plugin, &ev, &a1);
   int32_t v2 = direct_on_error (f, &ev, &a2);
   g_assert_cmpint (v1, >, MIG_VERDICT_NO_OPINION);
   g_assert_cmpint (v1, ==, v2);
   assert_answers_agree (&a1, &a2);

   // An event the plugin does not handle: NO_OPINION (0) both ways.
   mig_event other = {
      .struct_size = sizeof other, .event_id = 1, .source = "SomethingElse"};
   answer_init (&a1, t1, sizeof t1);
   answer_init (&a2, t2, sizeof t2);
   g_assert_cmpint (mh_call_on_error (f->plugin, &other, &a1), ==,
                    MIG_VERDICT_NO_OPINION);
   g_assert_cmpint (direct_on_error (f, &other, &a2), ==,
                    MIG_VERDICT_NO_OPINION);
}

static void
check_catalog (Fixture *f)
{
   mig_catalog_entry e1 = {.struct_size = sizeof e1};
   mig_catalog_entry e2 = {.struct_size = sizeof e2};
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, &e1), ==, MIG_OK);
   g_assert_cmpint (direct_catalog (f, 0, &e2), ==, MIG_OK);
   g_assert_cmpmem (&e1, sizeof e1, &e2, sizeof e2);
   g_assert_cmpint (mh_call_catalog (f->plugin, G_MAXUINT32, &e1), ==,
                    MIG_ERR_RANGE);
   g_assert_cmpint (direct_catalog (f, G_MAXUINT32, &e2), ==, MIG_ERR_RANGE);
   g_assert_cmpint (mh_call_catalog (f->plugin, 0, NULL), ==,
                    MIG_ERR_INVALID_ARGUMENT);
   g_assert_cmpint (direct_catalog (f, 0, NULL), ==, MIG_ERR_INVALID_ARGUMENT);
}

static void
test_ffi_calls_equal_direct_calls (Fixture *f, gconstpointer unused)
{
   (void) unused;
   init_plugin (f);
   // One check per row of MIG_HOOK_TABLE; a new row without a check fails.
   void (*const checks[MH_FN_COUNT]) (Fixture *) = {
      [MH_FN_batch_begin] = check_batch_begin,
      [MH_FN_batch_end] = check_batch_end,
      [MH_FN_pre_migrate] = check_pre_migrate,
      [MH_FN_on_error] = check_on_error,
      [MH_FN_catalog] = check_catalog,
   };
   for (unsigned i = 0; i < MH_FN_N_HOOKS; i++) {
      MhFn fn = MH_FN_FIRST_HOOK + i;
      g_test_message ("hook %s", mh_fn_info (fn)->id);
      g_assert_nonnull (checks[fn]);
      g_assert_nonnull (mh_plugin_hook (f->plugin, fn));
      checks[fn](f);
   }
   mh_call_deinit (f->plugin);
}

// ---------------------------------------------------------------------------

// Whether another process sees `pid` holding a write lock on `path` (asked
// from a child, since F_GETLK never reports the caller's own locks).
static pid_t
lock_owner_seen_from_outside (const char *path)
{
   int pipe_fds[2];
   g_assert_cmpint (pipe (pipe_fds), ==, 0);
   pid_t child = fork ();
   g_assert_cmpint (child, >=, 0);
   if (child == 0) {
      int fd = open (path, O_RDONLY);
      struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
      pid_t owner = 0;
      if (fd >= 0 && fcntl (fd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
         owner = fl.l_pid;
      if (write (pipe_fds[1], &owner, sizeof owner) != sizeof owner)
         _exit (1);
      _exit (0);
   }
   close (pipe_fds[1]);
   pid_t owner = -1;
   g_assert_cmpint (read (pipe_fds[0], &owner, sizeof owner), ==, sizeof owner);
   close (pipe_fds[0]);
   waitpid (child, NULL, 0);
   return owner;
}

// The close() trap: a POSIX lock is dropped when its owner closes any fd of
// the file. A pre-migrate in the host's own process must not do that.
static void
test_host_own_lock_survives_pre_migrate (Fixture *f, gconstpointer unused)
{
   (void) unused;
   init_plugin (f);
   g_autofree char *mmf =
      g_build_filename (f->maildata, "MMF", "00000A03.MMF", NULL);
   int fd = open (mmf, O_RDWR);
   g_assert_cmpint (fd, >=, 0);
   struct flock fl = {
      .l_type = F_WRLCK, .l_whence = SEEK_SET, .l_start = 0, .l_len = 100};
   g_assert_cmpint (fcntl (fd, F_SETLK, &fl), ==, 0);
   g_assert_cmpint (lock_owner_seen_from_outside (mmf), ==, getpid ());

   char text[4096];
   mig_answer a;
   answer_init (&a, text, sizeof text);
   mig_account acc = {.struct_size = sizeof acc,
                      .postoffice = f->maildata,
                      .user = "U00003",
                      .hex_id = "00000A03"};
   int32_t v = mh_call_pre_migrate (f->plugin, &acc, &a);
   g_assert_cmpint (v, >, MIG_VERDICT_NO_OPINION);
   g_test_message ("verdict %d cause %s flags %u", v, a.cause, a.flags);
   g_assert_cmpint (lock_owner_seen_from_outside (mmf), ==, getpid ());
   close (fd);
   mh_call_deinit (f->plugin);
}

// The header compiled as C99, C11 and C++17 gives the same layout as the
// host's own build, and the same hook ids.
static void
test_headers_same_layout_in_every_language (void)
{
   static const size_t host_layout[] = {ABI_MEMBERS (
      ABI_MEMBER_LAYOUT) ABI_STRUCTS (ABI_STRUCT_SIZE) ABI_CONSTANTS};
   size_t (*const builds[]) (const size_t **, const char *const **) = {
      abi_layout_c99, abi_layout_c11, abi_layout_cpp17};
   for (gsize b = 0; b < G_N_ELEMENTS (builds); b++) {
      const size_t *layout = NULL;
      const char *const *ids = NULL;
      size_t n = builds[b](&layout, &ids);
      g_assert_cmpmem (layout, n * sizeof *layout, host_layout,
                       sizeof host_layout);
      for (unsigned i = 0; i < MH_FN_N_HOOKS; i++)
         g_assert_cmpstr (ids[i], ==, mh_fn_info (MH_FN_FIRST_HOOK + i)->id);
      g_assert_null (ids[MH_FN_N_HOOKS]);
   }
}

int
main (int argc, char **argv)
{
   g_test_init (&argc, &argv, NULL);
   g_assert_true (mh_dispatch_prepare (NULL));
   g_test_add_func ("/abi/exports/only-the-entry-symbol",
                    test_exports_only_the_entry_symbol);
   g_test_add_func ("/abi/load/rtld-now", test_loads_with_rtld_now);
   g_test_add_func ("/abi/load/not-a-plugin-refused",
                    test_loader_refuses_what_is_not_a_plugin);
   g_test_add_func ("/abi/headers/same-layout-c99-c11-cpp17",
                    test_headers_same_layout_in_every_language);
#define ADD(path, fn)                                                          \
   g_test_add (path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
   ADD ("/abi/get-hook/exact-ids-only", test_get_hook_exact_ids);
   ADD ("/abi/init/major-mismatch-refused",
        test_major_version_mismatch_refused);
   ADD ("/abi/init/refcounted", test_init_deinit_refcounted);
   ADD ("/abi/init/second-configuration-refused",
        test_second_configuration_refused);
   ADD ("/abi/answer/path-never-altered", test_answer_path_never_altered);
   ADD ("/abi/ffi/equals-direct-for-every-hook",
        test_ffi_calls_equal_direct_calls);
   ADD ("/abi/pre-migrate/host-own-lock-survives",
        test_host_own_lock_survives_pre_migrate);
#undef ADD
   return g_test_run ();
}
