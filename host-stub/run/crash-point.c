// crash-point.c — see crash-point.h.

#include "run/crash-point.h"

#include <glib.h>
#include <signal.h>

#ifdef G_OS_WIN32
#include <windows.h>
#else
#include <unistd.h>
#endif

static gint crash_at = -1; // -1 until read; 0: never
static gint passed = 0;

static int
read_crash_at (void)
{
   const char *text = g_getenv ("MMFG_TEST_CRASH_AT");
   guint64 n = 0;
   if (text == NULL ||
       !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT, &n, NULL))
      return 0;
   return (int) n;
}

void
mh_crash_point (void)
{
   int at = g_atomic_int_get (&crash_at);
   if (at < 0) {
      at = read_crash_at ();
      g_atomic_int_set (&crash_at, at);
   }
   if (at == 0 || g_atomic_int_add (&passed, 1) + 1 != at)
      return;
#ifdef G_OS_WIN32
   TerminateProcess (GetCurrentProcess (), 128 + 9);
#else
   kill (getpid (), SIGKILL);
   pause ();
#endif
}
