// netfileenum-floor.c — the floor of asking a file server for its open
// files: NetFileEnum (MS-SRVS NetrFileEnum, level 3) called directly through
// libnetapi on a connection already logged on, nothing else. mmfguard's
// batch snapshot does this through its helper and then indexes the answer.
//
//   bench-netfileenum-floor ADDRESS USER PASSWORD BASE RUNS
//
// Prints "median_s S entries N". A bench program: the password on its
// command line is the bench's own throw-away one on 127.0.0.1.

#include <glib.h>
#include <stdint.h>
#include <netapi.h>
#include <stdio.h>
#include <stdlib.h>

#include "timing.h"

static gboolean
enumerate (const char *address, const char *base, guint *entries)
{
   uint32_t resume = 0;
   NET_API_STATUS status;
   *entries = 0;
   do {
      uint8_t *buffer = NULL;
      uint32_t read = 0, total = 0;
      status = NetFileEnum (address, base, NULL, 3, &buffer, (uint32_t) -1,
                            &read, &total, &resume);
      if (buffer != NULL)
         NetApiBufferFree (buffer);
      if (status != 0 && status != ERROR_MORE_DATA)
         return FALSE;
      *entries += read;
   } while (status == ERROR_MORE_DATA);
   return TRUE;
}

int
main (int argc, char **argv)
{
   if (argc != 6)
      return 2;
   struct libnetapi_ctx *ctx = NULL;
   if (libnetapi_init (&ctx) != 0)
      return 1;
   libnetapi_set_debuglevel (ctx, "0");
   libnetapi_set_username (ctx, argv[2]);
   libnetapi_set_password (ctx, argv[3]);
   guint runs = (guint) atoi (argv[5]);
   guint entries = 0;
   if (runs == 0 || !enumerate (argv[1], argv[4], &entries)) // logs on
      return 1;
   g_autofree double *times = g_new (double, runs);
   for (guint r = 0; r < runs; r++) {
      gint64 start = bench_now_ns ();
      if (!enumerate (argv[1], argv[4], &entries))
         return 1;
      times[r] = (double) (bench_now_ns () - start) / 1e9;
   }
   printf ("median_s %.9f entries %u\n", bench_median (times, runs), entries);
   libnetapi_free (ctx);
   return 0;
}
