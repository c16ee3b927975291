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

void
mh_interrupt_hold (void)
{
}

void
mh_interrupt_release (void)
{
}
#else
static void
set_mask (int how)
{
   sigset_t set;
   sigemptyset (&set);
   sigaddset (&set, SIGINT);
   sigaddset (&set, SIGTERM);
   // Before any thread exists (hold) or on the main thread (release):
   // threads started while held inherit the mask and leave the signals to
   // the main thread.
   sigprocmask (how, &set, NULL);
}

void
mh_interrupt_hold (void)
{
   set_mask (SIG_BLOCK);
}

void
mh_interrupt_release (void)
{
   set_mask (SIG_UNBLOCK);
}

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

static gint stopped = 0;
static GError *stop_error = NULL; // set once, before `stopped`

gboolean
mh_interrupted (void)
{
   return caught != 0 || g_atomic_int_get (&stopped) != 0;
}

void
mh_interrupt_stop (const GError *error)
{
   static GMutex lock;
   g_mutex_lock (&lock);
   if (stop_error == NULL)
      stop_error = g_error_copy (error);
   g_atomic_int_set (&stopped, 1);
   g_mutex_unlock (&lock);
}

const GError *
mh_interrupt_stop_error (void)
{
   return g_atomic_int_get (&stopped) != 0 ? stop_error : NULL;
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
