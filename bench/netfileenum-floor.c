// netfileenum-floor.c — the floor of asking a file server about the MMF
// folder: one listing of the folder (libsmbclient's readdirplus2: names,
// sizes, times, attributes and each file's id in one directory
// enumeration, all that mmfguard needs of it, the ids to find two names of
// one file) and one
// NetFileEnum (MS-SRVS NetrFileEnum, level 3, through libnetapi), each on a
// connection already logged on, nothing else: the same libraries and the
// same questions as mmfguard's helper, without the helper, its protocol or
// the plugin's index.
//
//   bench-netfileenum-floor ADDRESS USER PASSWORD BASE RUNS SHARE FOLDER
//
// FOLDER is relative to SHARE, '/' separated. Prints "median_s S entries N
// listed M list_s L enum_s E": S the median of the two together, N the
// open files, M the folder's entries, L and E each question's median. A
// bench program: the password on its command line is the bench's own
// throw-away one.

#include <errno.h>
#include <glib.h>
#include <libsmbclient.h>
#include <netapi.h>
#include <sys/stat.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timing.h"

static const char *user, *password;

static void
give_credentials (SMBCCTX *ctx, const char *server, const char *share,
                  char *workgroup, int workgroup_len, char *username,
                  int username_len, char *pw, int pw_len)
{
   (void) ctx, (void) server, (void) share, (void) workgroup,
      (void) workgroup_len;
   g_strlcpy (username, user, (gsize) username_len);
   g_strlcpy (pw, password, (gsize) pw_len);
}

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

static gboolean
list (SMBCCTX *ctx, const char *url, guint *listed)
{
   SMBCFILE *dir = smbc_getFunctionOpendir (ctx) (ctx, url);
   if (dir == NULL)
      return FALSE;
   smbc_readdirplus2_fn next = smbc_getFunctionReaddirPlus2 (ctx);
   *listed = 0;
   errno = 0;
   const struct libsmb_file_info *info;
   struct stat st;
   while ((info = next (ctx, dir, &st)) != NULL) {
      if (strcmp (info->name, ".") != 0 && strcmp (info->name, "..") != 0)
         (*listed)++;
      errno = 0;
   }
   int err = errno;
   smbc_getFunctionClosedir (ctx) (ctx, dir);
   return err == 0;
}

int
main (int argc, char **argv)
{
   if (argc != 8)
      return 2;
   user = argv[2];
   password = argv[3];
   struct libnetapi_ctx *net = NULL;
   if (libnetapi_init (&net) != 0)
      return 1;
   libnetapi_set_debuglevel (net, "0");
   libnetapi_set_username (net, user);
   libnetapi_set_password (net, password);
   SMBCCTX *ctx = smbc_new_context ();
   if (ctx == NULL)
      return 1;
   smbc_setDebug (ctx, 0);
   smbc_setFunctionAuthDataWithContext (ctx, give_credentials);
   if (smbc_init_context (ctx) == NULL)
      return 1;
   g_autofree char *url =
      g_strdup_printf ("smb://%s/%s/%s", argv[1], argv[6], argv[7]);
   guint runs = (guint) atoi (argv[5]);
   guint entries = 0, listed = 0;
   // Both log on here, before the timed runs.
   if (runs == 0 || !enumerate (argv[1], argv[4], &entries) ||
       !list (ctx, url, &listed))
      return 1;
   g_autofree double *both = g_new (double, runs);
   g_autofree double *lists = g_new (double, runs);
   g_autofree double *enums = g_new (double, runs);
   for (guint r = 0; r < runs; r++) {
      gint64 start = bench_now_ns ();
      if (!list (ctx, url, &listed))
         return 1;
      gint64 mid = bench_now_ns ();
      if (!enumerate (argv[1], argv[4], &entries))
         return 1;
      gint64 end = bench_now_ns ();
      both[r] = (double) (end - start) / 1e9;
      lists[r] = (double) (mid - start) / 1e9;
      enums[r] = (double) (end - mid) / 1e9;
   }
   printf ("median_s %.9f entries %u listed %u list_s %.9f enum_s %.9f\n",
           bench_median (both, runs), entries, listed,
           bench_median (lists, runs), bench_median (enums, runs));
   smbc_free_context (ctx, 1);
   libnetapi_free (net);
   return 0;
}
