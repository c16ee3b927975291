// run-interrupt.c — ending a run cleanly on a signal (see the header).

#include "run/run-interrupt.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t caught = 0;

static void
on_signal (int signo)
{
   caught = signo;
}

#ifdef G_OS_WIN32
// The C runtime calls the handler on a thread of its own for Ctrl-C
// (SIGINT) and resets it to the default first, as SA_RESETHAND does.
void
mh_interrupt_install (void)
{
   signal (SIGINT, on_signal);
   signal (SIGTERM, on_signal);
}
#else
void
mh_interrupt_install (void)
{
   struct sigaction sa;
   memset (&sa, 0, sizeof sa);
   sa.sa_handler = on_signal;
   sigemptyset (&sa.sa_mask);
   // No SA_RESTART: a blocking read returns EINTR and is looked at again.
   sa.sa_flags = (int) SA_RESETHAND;
   sigaction (SIGINT, &sa, NULL);
   sigaction (SIGTERM, &sa, NULL);
}
#endif

gboolean
mh_interrupted (void)
{
   return caught != 0;
}

const char *
mh_interrupt_name (void)
{
   switch (caught) {
   case SIGINT:
      return "SIGINT";
   case SIGTERM:
      return "SIGTERM";
   default:
      return NULL;
   }
}

int
mh_interrupt_exit_code (void)
{
   return caught != 0 ? 128 + caught : 0;
}

gboolean
mh_interrupt_sleep (double seconds, void (*tick) (double left, gpointer data),
                    gpointer data)
{
   gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
   gint64 next_tick = 0;
   for (;;) {
      if (mh_interrupted ())
         return FALSE;
      gint64 now = g_get_monotonic_time ();
      if (now >= end)
         return TRUE;
      if (tick != NULL && now >= next_tick) {
         tick ((double) (end - now) / G_USEC_PER_SEC, data);
         next_tick = now + G_USEC_PER_SEC;
      }
      g_usleep ((gulong) MIN (end - now, (gint64) 50000));
   }
}
