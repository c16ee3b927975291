// raise-at-load — preloaded into mig-host (LD_PRELOAD) by the crash tests:
// its constructor raises the signal named by MMFG_RAISE_AT_LOAD ("INT" or
// "TERM") while the libraries are still being initialised, long before
// main(). That is a signal in a run's first instants, given at a moment
// no timing can miss: mig-host must hold it from the loader's first call
// into the program and end the run cleanly, with its report.

#include <signal.h>
#include <stdlib.h>
#include <string.h>

__attribute__ ((constructor)) static void
raise_at_load (void)
{
   const char *name = getenv ("MMFG_RAISE_AT_LOAD");
   if (name == NULL)
      return;
   unsetenv ("MMFG_RAISE_AT_LOAD"); // not again in mig-host's children
   if (strcmp (name, "INT") == 0)
      raise (SIGINT);
   else if (strcmp (name, "TERM") == 0)
      raise (SIGTERM);
}
