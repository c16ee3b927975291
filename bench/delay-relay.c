// bench-delay-relay — a TCP relay that adds a fixed delay to every byte a
// client sends: the bench's simulated network latency where the kernel has
// no netem qdisc (this machine's has none: CONFIG_NET_SCH_NETEM is not
// set). Each chunk read from the client is written to the server DELAY_US
// after it arrived, in order, without holding up the chunks behind it; the
// server's replies go back at once. A request and its reply thus take
// DELAY_US more, as netem on the client side's interface would make them.
//
//   bench-delay-relay LISTEN_ADDRESS TARGET_ADDRESS PORT DELAY_US
//
// Prints "ready" once it listens; ends with its parent (the bench).

#include <errno.h>
#include <glib.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

enum { CHUNK = 65536 };

typedef struct {
   gint64 due_us; // monotonic time it may be written
   gsize len;     // 0: the sender closed
   char data[];
} Chunk;

typedef struct {
   int from, to;
   gint64 delay_us;
   GAsyncQueue *queue;
   gint *alive; // directions of the connection still running
   int *fds;    // both sockets, closed by the last direction
} Direction;

static void
direction_done (Direction *d)
{
   if (g_atomic_int_dec_and_test (d->alive)) {
      close (d->fds[0]);
      close (d->fds[1]);
      g_free (d->fds);
      g_free (d->alive);
   }
   if (d->queue != NULL)
      g_async_queue_unref (d->queue);
   g_free (d);
}

static gboolean
write_all (int fd, const char *data, gsize len)
{
   while (len > 0) {
      ssize_t n = write (fd, data, len);
      if (n < 0 && errno == EINTR)
         continue;
      if (n <= 0)
         return FALSE;
      data += n;
      len -= (gsize) n;
   }
   return TRUE;
}

// Writes each queued chunk when it is due.
static gpointer
delayed_writer (gpointer data)
{
   Direction *d = data;
   gboolean ok = TRUE;
   for (;;) {
      Chunk *c = g_async_queue_pop (d->queue);
      gsize len = c->len;
      gint64 wait = c->due_us - g_get_monotonic_time ();
      if (wait > 0)
         g_usleep ((gulong) wait);
      if (len > 0 && ok)
         ok = write_all (d->to, c->data, len);
      g_free (c);
      if (len == 0)
         break;
   }
   shutdown (d->to, SHUT_WR);
   direction_done (d);
   return NULL;
}

static gpointer
reader (gpointer data)
{
   Direction *d = data;
   char *buffer = g_malloc (CHUNK);
   for (;;) {
      ssize_t n = read (d->from, buffer, CHUNK);
      if (n < 0 && errno == EINTR)
         continue;
      gsize len = n > 0 ? (gsize) n : 0;
      if (d->delay_us == 0) {
         if (len == 0 || !write_all (d->to, buffer, len))
            break;
         continue;
      }
      Chunk *c = g_malloc (sizeof *c + len);
      c->due_us = g_get_monotonic_time () + d->delay_us;
      c->len = len;
      memcpy (c->data, buffer, len);
      g_async_queue_push (d->queue, c);
      if (len == 0)
         break;
   }
   g_free (buffer);
   if (d->delay_us == 0) {
      shutdown (d->to, SHUT_WR);
      direction_done (d);
   } else {
      // The writer owns the direction from here.
      g_async_queue_unref (d->queue);
      d->queue = NULL;
      g_free (d);
   }
   return NULL;
}

static void
relay (int client, const struct sockaddr_in *target, gint64 delay_us)
{
   int server = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   if (server < 0 || connect (server, (const struct sockaddr *) target,
                              sizeof *target) != 0) {
      if (server >= 0)
         close (server);
      close (client);
      return;
   }
   int one = 1;
   setsockopt (client, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
   setsockopt (server, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
   gint *alive = g_new (gint, 1);
   *alive = 2; // the writer to the server and the reader from it
   int *fds = g_new (int, 2);
   fds[0] = client;
   fds[1] = server;
   // Client to server, delayed: a reader and a writer sharing a queue.
   Direction *up = g_new0 (Direction, 1);
   *up = (Direction){client, server, delay_us, NULL, alive, fds};
   if (delay_us > 0) {
      up->queue = g_async_queue_new ();
      Direction *w = g_new0 (Direction, 1);
      *w = (Direction){client, server, delay_us, g_async_queue_ref (up->queue),
                       alive,  fds};
      g_thread_unref (g_thread_new ("writer", delayed_writer, w));
   }
   g_thread_unref (g_thread_new ("up", reader, up));
   Direction *down = g_new0 (Direction, 1);
   *down = (Direction){server, client, 0, NULL, alive, fds};
   g_thread_unref (g_thread_new ("down", reader, down));
}

int
main (int argc, char **argv)
{
   if (argc != 5) {
      fprintf (stderr, "usage: bench-delay-relay LISTEN_ADDRESS "
                       "TARGET_ADDRESS PORT DELAY_US\n");
      return 2;
   }
   prctl (PR_SET_PDEATHSIG, SIGKILL);
   signal (SIGPIPE, SIG_IGN);
   int port = atoi (argv[3]);
   struct sockaddr_in listen_at = {.sin_family = AF_INET,
                                   .sin_port = htons ((uint16_t) port)};
   struct sockaddr_in target = listen_at;
   if (inet_pton (AF_INET, argv[1], &listen_at.sin_addr) != 1 ||
       inet_pton (AF_INET, argv[2], &target.sin_addr) != 1)
      return 2;
   gint64 delay_us = g_ascii_strtoll (argv[4], NULL, 10);
   int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
   int one = 1;
   setsockopt (fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
   if (bind (fd, (struct sockaddr *) &listen_at, sizeof listen_at) != 0 ||
       listen (fd, 64) != 0) {
      fprintf (stderr, "bench-delay-relay: %s:%d: %s\n", argv[1], port,
               g_strerror (errno));
      return 1;
   }
   printf ("ready\n");
   fflush (stdout);
   for (;;) {
      int client = accept4 (fd, NULL, NULL, SOCK_CLOEXEC);
      if (client >= 0)
         relay (client, &target, delay_us);
      else if (errno != EINTR && errno != ECONNABORTED)
         return 1;
   }
}
