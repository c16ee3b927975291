// validate-lifecycle.c — conformance cases of `mig-host validate`: load, hook
// ids, init and deinit, ABI version.

#include "validate/validate-context.h"

#include "plugin-host/answer-copy.h"

#include <stdio.h>
#include <string.h>

MhCaseResult
mh_case_load_time (MhCaseCtx *c)
{
   gint64 start = g_get_monotonic_time ();
   gboolean ok = mh_case_init_ok (c);
   gint64 init_us = g_get_monotonic_time () - start;
   gint64 total = c->load_us + init_us;
   if (!ok)
      return MH_CASE_FAIL;
   if (total > LOAD_INIT_BOUND_US)
      mh_case_fail (c, "load %.1f ms + init %.1f ms exceeds %d ms",
                    (double) c->load_us / 1000, (double) init_us / 1000,
                    LOAD_INIT_BOUND_US / 1000);
   else
      mh_case_note (c, "load %.1f ms + init %.1f ms (bound %d ms)",
                    (double) c->load_us / 1000, (double) init_us / 1000,
                    LOAD_INIT_BOUND_US / 1000);
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}

// Ids that differ from a real one by case, a prefix, a suffix or garbage.
static GPtrArray *
unknown_ids (void)
{
   GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
   static const char *const fixed[] = {"",
                                       "/",
                                       "no-such-hook/1",
                                       "catalog",
                                       "pre-migrate",
                                       "pre-migrate/",
                                       "pre-migrate/0",
                                       "pre-migrate/2",
                                       "pre-migrate/10",
                                       "pre_migrate/1"};
   for (gsize i = 0; i < G_N_ELEMENTS (fixed); i++)
      g_ptr_array_add (ids, g_strdup (fixed[i]));
   for (unsigned i = 0; i < MH_FN_N_HOOKS; i++) {
      const char *id = mh_fn_info (MH_FN_FIRST_HOOK + i)->id;
      g_ptr_array_add (ids, g_strconcat (id, "x", NULL));
      g_ptr_array_add (ids, g_strconcat (id, " ", NULL));
      g_ptr_array_add (ids, g_strconcat (id, "\n", NULL));
      g_ptr_array_add (ids, g_strconcat (id, "/1", NULL));
      g_ptr_array_add (ids, g_strconcat (" ", id, NULL));
      g_ptr_array_add (ids, g_ascii_strup (id, -1));
      g_ptr_array_add (ids, g_strndup (id, strlen (id) - 1));
   }
   return ids;
}

static void
check_unknown_ids (MhCaseCtx *c, const char *when)
{
   g_autoptr (GPtrArray) ids = unknown_ids ();
   for (guint i = 0; i < ids->len; i++) {
      const char *id = g_ptr_array_index (ids, i);
      if (mh_call_get_hook (c->plugin, id) != NULL) {
         g_autofree char *shown = g_strescape (id, NULL);
         mh_case_fail (c, "get_hook(\"%s\") %s returned a hook, not NULL",
                       shown, when);
      }
   }
}

MhCaseResult
mh_case_unknown_hook_ids (MhCaseCtx *c)
{
   check_unknown_ids (c, "before init");
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   check_unknown_ids (c, "after init");
   // What the plugin does offer has no NULL functions.
   guint offered = 0;
   for (unsigned i = 0; i < MH_FN_N_HOOKS; i++) {
      MhFn fn = MH_FN_FIRST_HOOK + i;
      const void *raw = mh_call_get_hook (c->plugin, mh_fn_info (fn)->id);
      if (raw != NULL && mh_case_hook (c, fn) == NULL)
         mh_case_fail (c, "hook %s has a NULL function", mh_fn_info (fn)->id);
      offered += raw != NULL;
   }
   g_autoptr (GPtrArray) ids = unknown_ids ();
   mh_case_note (c, "%u unknown ids refused, %u hooks offered", ids->len,
                 offered);
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}

MhCaseResult
mh_case_get_hook_null (MhCaseCtx *c)
{
   if (mh_call_get_hook (c->plugin, NULL) != NULL)
      mh_case_fail (c, "get_hook(NULL) before init returned a hook");
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   if (mh_call_get_hook (c->plugin, NULL) != NULL)
      mh_case_fail (c, "get_hook(NULL) after init returned a hook");
   mh_case_note (c, "NULL before and after init");
   mh_call_deinit (c->plugin);
   return mh_case_verdict_of (c);
}

// A hook call that works once initialised: the result of pre-migrate (or
// on-error) about the account whose MMF exists.
static int32_t
probe_call (MhCaseCtx *c)
{
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   if (mh_case_hook (c, MH_FN_pre_migrate) != NULL)
      return mh_case_pre_migrate (c, &account, NULL);
   const char *inserts[] = {"VALIDATE", c->fx.mmf_present, NULL};
   mig_event event = mh_case_event_for (inserts, &account);
   return mh_case_on_error (c, &event, NULL);
}

static void
expect_initialised (MhCaseCtx *c, const char *when)
{
   int32_t rc = probe_call (c);
   if (rc < 0)
      mh_case_fail (c, "a hook %s returned %s", when, mh_status_name (rc));
}

static void
expect_not_initialised (MhCaseCtx *c, const char *when)
{
   int32_t rc = probe_call (c);
   if (rc != MIG_ERR_NOT_INITIALISED)
      mh_case_fail (c, "a hook %s returned %d, not MIG_ERR_NOT_INITIALISED",
                    when, rc);
}

MhCaseResult
mh_case_hooks_before_init (MhCaseCtx *c)
{
   if (!mh_case_has_hooks_for_accounts (c))
      return MH_CASE_SKIP;
   expect_not_initialised (c, "before init()");
   mig_account account =
      mh_case_account_for (c, "VALIDATE", MH_VALIDATE_HEX_PRESENT);
   mig_batch batch = {sizeof batch, 1, 7, c->fx.maildata};
   mig_catalog_entry entry = {.struct_size = sizeof entry};
   if (mh_case_hook (c, MH_FN_batch_begin) != NULL &&
       mh_case_batch_begin (c, &batch, NULL) != MIG_ERR_NOT_INITIALISED)
      mh_case_fail (c, "batch-begin/1 before init() did not return "
                       "MIG_ERR_NOT_INITIALISED");
   if (mh_case_hook (c, MH_FN_catalog) != NULL &&
       mh_case_catalog_entry (c, 0, &entry) != MIG_ERR_NOT_INITIALISED)
      mh_case_fail (c, "catalog/1 before init() did not return "
                       "MIG_ERR_NOT_INITIALISED");
   (void) account;
   mh_case_note (c, "every offered hook answers MIG_ERR_NOT_INITIALISED");
   return mh_case_verdict_of (c);
}

MhCaseResult
mh_case_init_deinit_init (MhCaseCtx *c)
{
   if (!mh_case_has_hooks_for_accounts (c))
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   expect_initialised (c, "after init()");
   mh_call_deinit (c->plugin);
   expect_not_initialised (c, "after the last deinit()");
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   expect_initialised (c, "after init() again");
   mh_call_deinit (c->plugin);
   mh_case_note (c, "init, deinit, init, deinit");
   return mh_case_verdict_of (c);
}

MhCaseResult
mh_case_init_reference_counted (MhCaseCtx *c)
{
   if (!mh_case_has_hooks_for_accounts (c))
      return MH_CASE_SKIP;
   if (!mh_case_init_ok (c) || !mh_case_init_ok (c))
      return MH_CASE_FAIL;
   mh_call_deinit (c->plugin);
   expect_initialised (c, "after 2 init() and 1 deinit()");
   mh_call_deinit (c->plugin);
   expect_not_initialised (c, "after 2 init() and 2 deinit()");
   mh_call_deinit (c->plugin); // extra: ignored
   mh_call_deinit (c->plugin);
   expect_not_initialised (c, "after extra deinit() calls");
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   expect_initialised (c, "after init() following extra deinit() calls");
   mh_call_deinit (c->plugin);
   mh_case_note (c, "init x2, deinit x4 (2 extra ignored), init");
   return mh_case_verdict_of (c);
}

MhCaseResult
mh_case_abi_major_mismatch (MhCaseCtx *c)
{
   const uint32_t majors[] = {0, MIG_ABI_VERSION_MAJOR + 1, 0xFFFFFFFFu};
   for (gsize i = 0; i < G_N_ELEMENTS (majors); i++) {
      mig_host host = *c->host;
      host.abi_major = majors[i];
      char error[512];
      memset (error, 'x', sizeof error);
      int32_t rc = mh_call_init (c->plugin, &host, error, sizeof error);
      if (rc == MIG_OK) {
         mh_case_fail (c, "init() accepted ABI major %u", majors[i]);
         mh_call_deinit (c->plugin);
         continue;
      }
      if (rc != MIG_ERR_VERSION)
         mh_case_fail (
            c, "init() with ABI major %u returned %s, not MIG_ERR_VERSION",
            majors[i], mh_status_name (rc));
      if (memchr (error, '\0', sizeof error) == NULL)
         mh_case_fail (c, "init()'s error text is not NUL-terminated");
   }
   // Another major's mig_host may be larger, its tail set: the major is
   // read first, so the answer is still MIG_ERR_VERSION.
   union {
      mig_host host;
      unsigned char bytes[sizeof (mig_host) + 64];
   } larger;
   memset (&larger, 0xA5, sizeof larger);
   memcpy (&larger.host, c->host, sizeof larger.host);
   larger.host.struct_size = (uint32_t) sizeof larger;
   larger.host.abi_major = MIG_ABI_VERSION_MAJOR + 1;
   char error[512];
   int32_t rc = mh_call_init (c->plugin, &larger.host, error, sizeof error);
   if (rc == MIG_OK)
      mh_call_deinit (c->plugin);
   if (rc != MIG_ERR_VERSION)
      mh_case_fail (c,
                    "init() with ABI major %d and a larger mig_host with "
                    "its tail set returned %s, not MIG_ERR_VERSION",
                    MIG_ABI_VERSION_MAJOR + 1, mh_status_name (rc));
   if (mh_case_has_hooks_for_accounts (c))
      expect_not_initialised (c, "after a refused init()");
   mh_case_note (c,
                 "ABI majors 0, %d, 4294967295 refused with MIG_ERR_VERSION, "
                 "also with a larger mig_host",
                 MIG_ABI_VERSION_MAJOR + 1);
   return mh_case_verdict_of (c);
}

// An init() the plugin refuses counts for nothing: after it, one good
// init() and one deinit() leave the plugin uninitialised again.
MhCaseResult
mh_case_refused_init_counts_nothing (MhCaseCtx *c)
{
   if (!mh_case_has_hooks_for_accounts (c))
      return MH_CASE_SKIP;
   mig_host other_major = *c->host;
   other_major.abi_major = MIG_ABI_VERSION_MAJOR + 1;
   char error[256];
   if (mh_call_init (c->plugin, NULL, error, sizeof error) == MIG_OK)
      mh_case_fail (c, "init(NULL) returned MIG_OK");
   if (mh_call_init (c->plugin, &other_major, error, sizeof error) == MIG_OK)
      mh_case_fail (c, "init() with ABI major %d returned MIG_OK",
                    MIG_ABI_VERSION_MAJOR + 1);
   expect_not_initialised (c, "after two refused init() calls");
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   expect_initialised (c, "after a good init()");
   mh_call_deinit (c->plugin);
   expect_not_initialised (c, "after refused, good init() and one deinit()");
   mh_case_note (c, "init(NULL) and another major refused, not counted");
   return mh_case_verdict_of (c);
}

// Every plugin of major 1 offers pre-migrate/1: a host that finds none
// cannot tell "nothing to say" from a lost hook. Asked after init(), when
// a plugin offers all it will.
MhCaseResult
mh_case_pre_migrate_offered (MhCaseCtx *c)
{
   if (!mh_case_init_ok (c))
      return MH_CASE_FAIL;
   if (mh_case_hook (c, MH_FN_pre_migrate) == NULL)
      mh_case_fail (c,
                    "get_hook(\"%s\") returned NULL after init(); a "
                    "plugin with nothing to say about accounts offers it "
                    "and answers NO_OPINION",
                    MIG_HOOK_PRE_MIGRATE);
   mh_call_deinit (c->plugin);
   mh_case_note (c, "%s offered", MIG_HOOK_PRE_MIGRATE);
   return mh_case_verdict_of (c);
}

// A later init() naming another configuration than the first is refused
// with MIG_ERR_CONFIG and not counted: it would otherwise run under a
// policy its caller never chose. Tried with the built-in defaults (NULL)
// and with another file, whichever differs from this run's.
MhCaseResult
mh_case_other_config_refused (MhCaseCtx *c)
{
   if (!mh_case_has_hooks_for_accounts (c))
      return MH_CASE_SKIP;
   g_autofree char *other_file =
      g_build_filename (c->fx.root, "another-plugin.conf", NULL);
   const char *others[] = {other_file, NULL};
   guint tried = 0;
   for (gsize i = 0; i < G_N_ELEMENTS (others); i++) {
      if (g_strcmp0 (others[i], c->host->config_path) == 0)
         continue;
      if (!mh_case_init_ok (c))
         return MH_CASE_FAIL;
      mig_host other = *c->host;
      other.config_path = others[i];
      char error[512] = "";
      int32_t rc = mh_call_init (c->plugin, &other, error, sizeof error);
      const char *named = others[i] ? others[i] : "NULL (built-in defaults)";
      if (rc == MIG_OK) {
         mh_case_fail (c,
                       "a second init() naming configuration %s was "
                       "accepted while the plugin runs another",
                       named);
         mh_call_deinit (c->plugin);
      } else if (rc != MIG_ERR_CONFIG)
         mh_case_fail (c,
                       "a second init() naming configuration %s returned "
                       "%s, not MIG_ERR_CONFIG",
                       named, mh_status_name (rc));
      else if (error[0] == '\0')
         mh_case_fail (c,
                       "a second init() naming configuration %s was "
                       "refused without a reason in error",
                       named);
      mh_call_deinit (c->plugin);
      expect_not_initialised (c, "after one good init(), one refused for "
                                 "another configuration and one deinit()");
      tried++;
   }
   mh_case_note (c, "other configurations refused, not counted: %u", tried);
   return mh_case_verdict_of (c);
}

// init()'s error text, for every buffer size from 1 up, is NUL-terminated
// within the buffer and valid UTF-8: cut at a character, never inside one.
MhCaseResult
mh_case_init_error_cut (MhCaseCtx *c)
{
   mig_host host = *c->host;
   host.abi_major = MIG_ABI_VERSION_MAJOR + 1;
   host.name = "Hôst-ÄÖÜ-ßßß-€€€-日本語"; // characters of 2, 3 bytes
   guint sizes = 0;
   for (uint32_t size = 1; size <= 160; size++) {
      char *error = g_malloc (size + CANARY_LEN);
      memset (error, CANARY_BYTE, size + CANARY_LEN);
      int32_t rc = mh_call_init (c->plugin, &host, error, size);
      if (rc == MIG_OK) {
         mh_case_fail (c, "init() accepted ABI major %d",
                       MIG_ABI_VERSION_MAJOR + 1);
         mh_call_deinit (c->plugin);
      } else if (memchr (error, '\0', size) == NULL)
         mh_case_fail (c, "with error_size %u the error is not NUL-terminated",
                       size);
      else if (!g_utf8_validate (error, -1, NULL))
         mh_case_fail (c,
                       "with error_size %u the error is cut inside a "
                       "character",
                       size);
      for (uint32_t i = size; i < size + CANARY_LEN; i++)
         if ((unsigned char) error[i] != CANARY_BYTE) {
            mh_case_fail (c, "with error_size %u init() wrote past it", size);
            break;
         }
      g_free (error);
      sizes++;
      if (c->n_failures > 0)
         break;
   }
   mh_case_note (c, "error_size 1 to %u: terminated, whole characters", sizes);
   return mh_case_verdict_of (c);
}

// A copy of `src` (`size` bytes) in a buffer `size + TAIL` long, the tail
// zero or not, with struct_size (the first 4 bytes) set to `new_size`.
