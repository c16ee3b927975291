// bench-load-init — the plugin loaded and initialised once in a fresh
// process; prints "<dlopen ns> <init ns> <total ns>".
//
//   bench-load-init PLUGIN [CONFIG]
//
// Rationale: a fresh process each time, because the plugin is linked
// -z nodelete (GLib may keep pointers into it), so dlclose never unloads it
// and a second dlopen in one process measures nothing. This program links
// neither GLib nor anything the plugin needs, so dlopen pays for loading
// them too: the cost a host that does not use GLib itself sees.

#include <dlfcn.h>
#include <stdio.h>
#include <time.h>

#include "mig-plugin.h"

static long long
now_ns (void)
{
   struct timespec ts;
   clock_gettime (CLOCK_MONOTONIC, &ts);
   return (long long) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
main (int argc, char **argv)
{
   if (argc < 2) {
      fprintf (stderr, "usage: bench-load-init PLUGIN [CONFIG]\n");
      return 2;
   }
   mig_host host = {
      .struct_size = sizeof host,
      .abi_major = MIG_ABI_VERSION_MAJOR,
      .abi_minor = MIG_ABI_VERSION_MINOR,
      .abi_revision = MIG_ABI_VERSION_REVISION,
      .name = "bench-load-init",
      .version = "1",
      .config_path = argc > 2 ? argv[2] : NULL,
   };
   long long t0 = now_ns ();
   void *module = dlopen (argv[1], RTLD_NOW | RTLD_LOCAL);
   const mig_plugin_entry *entry =
      module ? dlsym (module, MIG_ENTRY_SYMBOL) : NULL;
   long long t1 = now_ns ();
   if (entry == NULL) {
      fprintf (stderr, "bench-load-init: %s\n", dlerror ());
      return 1;
   }
   char error[512];
   int rc = entry->init (&host, error, sizeof error);
   // A host looks up the hooks it calls right after init: part of starting.
   const void *hooks[] = {
      entry->get_hook (MIG_HOOK_BATCH_BEGIN),
      entry->get_hook (MIG_HOOK_BATCH_END),
      entry->get_hook (MIG_HOOK_PRE_MIGRATE),
      entry->get_hook (MIG_HOOK_ON_ERROR),
      entry->get_hook (MIG_HOOK_CATALOG),
   };
   long long t2 = now_ns ();
   if (rc != MIG_OK || hooks[4] == NULL) {
      fprintf (stderr, "bench-load-init: init failed (%d): %s\n", rc, error);
      return 1;
   }
   printf ("%lld %lld %lld\n", t1 - t0, t2 - t1, t2 - t0);
   entry->deinit ();
   return 0;
}
