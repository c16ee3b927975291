// bench-one-pass — one in-process pre-flight of a generated post office in a
// fresh process, for what a shared process cannot show: the peak resident
// memory it leaves, and a clean run to profile.
//
//   bench-one-pass PLUGIN ROOT [--passes N] [--default-config]
//
// ROOT is a folder scripts/make-postoffice filled (the bench leaves
// mmfguard.conf beside users.csv). Prints
//   "hwm_init_kib <n> hwm_kib <n> seconds <s> defer <n> accounts <n>"
// Under valgrind --tool=callgrind this is the profile of a pre-flight.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-postoffice.h"
#include "bench-plugin.h"
#include "preflight-pass.h"

// VmHWM of this process in KiB: the peak resident set so far.
static long
peak_rss_kib (void)
{
   g_autofree char *status = NULL;
   if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
      return -1;
   const char *line = strstr (status, "VmHWM:");
   return line ? strtol (line + 6, NULL, 10) : -1;
}

int
main (int argc, char **argv)
{
   int passes = 1;
   gboolean default_config = FALSE;
   GOptionEntry options[] = {
      {"passes", 0, 0, G_OPTION_ARG_INT, &passes, "pre-flights to run", "N"},
      {"default-config", 0, 0, G_OPTION_ARG_NONE, &default_config,
       "the plugin's defaults ([samba] mode = auto)", NULL},
      G_OPTION_ENTRY_NULL,
   };
   g_autoptr (GOptionContext) context = g_option_context_new ("PLUGIN ROOT");
   g_option_context_add_main_entries (context, options, NULL);
   g_autoptr (GError) error = NULL;
   if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3) {
      fprintf (stderr, "bench-one-pass: %s\n",
               error ? error->message : "PLUGIN ROOT");
      return 2;
   }
   BenchPostoffice po;
   BenchPlugin plugin;
   if (!bench_postoffice_load (&po, argv[2], &error) ||
       !bench_plugin_open (&plugin, argv[1], default_config ? NULL : po.config,
                           &error)) {
      fprintf (stderr, "bench-one-pass: %s\n", error->message);
      return 1;
   }
   long hwm_init = peak_rss_kib ();
   BenchPass pass = {0};
   for (int i = 0; i < passes; i++)
      if (!bench_preflight_pass (&plugin, &po, (guint64) i + 1, &pass,
                                 &error)) {
         fprintf (stderr, "bench-one-pass: %s\n", error->message);
         return 1;
      }
   long hwm = peak_rss_kib ();
   printf ("hwm_init_kib %ld hwm_kib %ld seconds %.6f defer %u accounts %u\n",
           hwm_init, hwm, pass.total_s, pass.defer, po.accounts->len);
   bench_plugin_close (&plugin);
   bench_postoffice_clear (&po);
   return 0;
}
