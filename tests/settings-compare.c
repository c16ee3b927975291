// settings-compare.c — for tests/check-docs.py: loads the plugin's settings
// from FILE and says whether they equal the built-in defaults.
//
//   settings-compare FILE    prints "default" or "differs: FIELD", exit 0;
//                            exit 2 when FILE is refused
//
// check-docs.py writes each key of mmfguard.conf(5) with its documented
// default (which must give "default") and with another value (which must
// give "differs", proving this program compares the field the key sets).
// A key added to settings.c whose field is not compared below fails that
// second check until it is added here.

#include "settings.h"

#include <stdio.h>

static const char *
first_difference (const MmfgSettings *a, const MmfgSettings *b)
{
   for (int c = 0; c < MMFG_CAUSE_COUNT; c++)
      if (a->verdict[c] != b->verdict[c])
         return mmfg_cause_id ((MmfgCause) c);
   if (a->retry_after_s != b->retry_after_s)
      return "retry_after_s";
   if (a->idle_interval_s != b->idle_interval_s)
      return "idle_interval_s";
   if (a->fail_closed != b->fail_closed)
      return "fail_closed";
   if (a->stale_after_s != b->stale_after_s)
      return "stale_after_s";
   if (a->path_maps->len != b->path_maps->len)
      return "path_maps";
   if (g_strcmp0 (a->site_catalog_dir, b->site_catalog_dir) != 0)
      return "site_catalog_dir";
   if (a->samba != b->samba)
      return "samba";
   if (g_strcmp0 (a->smbstatus_path, b->smbstatus_path) != 0)
      return "smbstatus_path";
   if (g_strcmp0 (a->samba_config, b->samba_config) != 0)
      return "samba_config";
   if (a->smbstatus_timeout_ms != b->smbstatus_timeout_ms)
      return "smbstatus_timeout_ms";
   return NULL;
}

int
main (int argc, char **argv)
{
   if (argc != 2) {
      fprintf (stderr, "usage: settings-compare FILE\n");
      return 2;
   }
   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSettings) defaults = mmfg_settings_load (NULL, &error);
   g_autoptr (MmfgSettings) loaded = mmfg_settings_load (argv[1], &error);
   if (defaults == NULL || loaded == NULL) {
      fprintf (stderr, "%s\n", error->message);
      return 2;
   }
   const char *field = first_difference (defaults, loaded);
   if (field == NULL)
      printf ("default\n");
   else
      printf ("differs: %s\n", field);
   return 0;
}
