// builtin-data.c — access to the GResource data generated from the
// built-in catalog (see meson.build for how and why it is included here).

#include "builtin-data.h"

#include <gio/gio.h>

// The generated data is one string literal of the whole catalog, longer
// than the 4095 bytes ISO C guarantees; GCC and Clang take it, and GLib's
// own generated resources rely on the same.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Woverlength-strings"
#include "mmfguard-catalog-resources.inc"
#pragma GCC diagnostic pop

#define BUILTIN_PATH "/org/mmfguard/catalog/mmfguard-builtin.catalog"

// With --manual-register, mmfg_catalog_get_resource() returns NULL until
// the resource is registered, and registering puts it into GLib's global
// table. It stays there only while we take a reference: a registration
// left behind would point into this plugin's data after a host unloaded
// it. Registering one GStaticResource twice corrupts GLib's lazy list, so
// the whole sequence is serialised.
GBytes *
mmfg_catalog_builtin_bytes (GError **error)
{
   static GMutex lock;
   g_mutex_lock (&lock);
   mmfg_catalog_register_resource ();
   GBytes *bytes =
      g_resource_lookup_data (mmfg_catalog_get_resource (), BUILTIN_PATH,
                              G_RESOURCE_LOOKUP_FLAGS_NONE, error);
   // The bytes keep their own reference to the GResource, whose data is
   // this plugin's constant data.
   mmfg_catalog_unregister_resource ();
   g_mutex_unlock (&lock);
   return bytes;
}
