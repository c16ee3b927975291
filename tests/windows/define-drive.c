// define-drive.c — a Windows process that gives a drive letter a name in
// the object manager, the way a network redirector maps one: what
// QueryDosDeviceW then answers for it.
//
//   define-drive.exe X: NT-TARGET       eg  M: \??\UNC\FILESERVER\MAILDATA
//
// Prints "defined X:" once the name is there, keeps it until its stdin
// closes (so it never outlives a failed test for long), then removes it.
// Exits 2 when the name cannot be defined. Under Wine the name lives as
// long as the session (the wineserver) it was made in.

#include <stdio.h>
#include <windows.h>

int wmain (int argc, wchar_t **argv);

int
wmain (int argc, wchar_t **argv)
{
   if (argc != 3) {
      fprintf (stderr, "usage: define-drive X: NT-TARGET\n");
      return 2;
   }
   if (!DefineDosDeviceW (DDD_RAW_TARGET_PATH, argv[1], argv[2])) {
      fprintf (stderr, "define-drive: cannot define %ls: error %lu\n", argv[1],
               (unsigned long) GetLastError ());
      return 2;
   }
   printf ("defined %ls\n", argv[1]);
   fflush (stdout);
   char buf[64];
   while (fgets (buf, sizeof buf, stdin) != NULL)
      ;
   DefineDosDeviceW (DDD_RAW_TARGET_PATH | DDD_REMOVE_DEFINITION |
                        DDD_EXACT_MATCH_ON_REMOVE,
                     argv[1], argv[2]);
   return 0;
}
