// hold-file.c — a Windows process holding a file the way a running MS Mail
// client does: opened for read and write, sharing read only (deny-write) or
// nothing (deny-all), and optionally a byte-range lock on its head.
//
//   hold-file.exe deny-write|deny-all|range PATH
//
// Prints "held <pid>" on stdout once it holds the file, then holds it until
// its stdin closes (the test ends it by closing the pipe), so it never
// outlives a failed test for long. Exits 2 when it cannot hold the file.

#include <stdio.h>
#include <string.h>
#include <windows.h>

int
main (int argc, char **argv)
{
   if (argc != 3) {
      fprintf (stderr, "usage: hold-file deny-write|deny-all|range PATH\n");
      return 2;
   }
   DWORD share = strcmp (argv[1], "deny-all") == 0 ? 0
                 : strcmp (argv[1], "range") == 0
                    ? FILE_SHARE_READ | FILE_SHARE_WRITE
                    : FILE_SHARE_READ;
   HANDLE h = CreateFileA (argv[2], GENERIC_READ | GENERIC_WRITE, share, NULL,
                           OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
   if (h == INVALID_HANDLE_VALUE) {
      fprintf (stderr, "hold-file: cannot open %s: error %lu\n", argv[2],
               (unsigned long) GetLastError ());
      return 2;
   }
   // MS Mail locks its header record while it runs.
   if (strcmp (argv[1], "range") == 0 && !LockFile (h, 0, 0, 512, 0)) {
      fprintf (stderr, "hold-file: cannot lock %s: error %lu\n", argv[2],
               (unsigned long) GetLastError ());
      return 2;
   }
   printf ("held %lu\n", (unsigned long) GetCurrentProcessId ());
   fflush (stdout);
   char buf[64];
   while (fgets (buf, sizeof buf, stdin) != NULL)
      ;
   CloseHandle (h);
   return 0;
}
