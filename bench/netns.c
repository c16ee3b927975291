// netns.c — see netns.h.

#include "netns.h"

#include <signal.h>
#include <unistd.h>

static gboolean
run (GError **error, const char *first, ...)
{
   g_autoptr (GPtrArray) argv = g_ptr_array_new ();
   va_list ap;
   va_start (ap, first);
   for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
      g_ptr_array_add (argv, (gpointer) a);
   va_end (ap);
   g_ptr_array_add (argv, NULL);
   int status = 0;
   g_autofree char *err = NULL;
   if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                      G_SPAWN_SEARCH_PATH | G_SPAWN_STDOUT_TO_DEV_NULL, NULL,
                      NULL, NULL, &err, &status, error))
      return FALSE;
   if (!g_spawn_check_wait_status (status, NULL)) {
      g_autofree char *cmd = g_strjoinv (" ", (char **) argv->pdata);
      g_set_error (error, G_SPAWN_ERROR, G_SPAWN_ERROR_FAILED, "%s: %s", cmd,
                   err ? g_strstrip (err) : "failed");
      return FALSE;
   }
   return TRUE;
}

char *
bench_netns_missing (void)
{
   if (geteuid () != 0)
      return g_strdup ("not root: a network namespace needs root");
   const char *tools[] = {"ip"};
   for (gsize i = 0; i < G_N_ELEMENTS (tools); i++) {
      g_autofree char *found = g_find_program_in_path (tools[i]);
      if (found == NULL)
         return g_strdup_printf ("%s is not installed (Debian package "
                                 "iproute2)",
                                 tools[i]);
   }
   return NULL;
}

gboolean
bench_netns_up (BenchNetns *n, GError **error)
{
   // The name may be given by scripts/bench, which removes it again even
   // when this process is killed.
   const char *given = g_getenv ("MMFG_BENCH_NETNS");
   guint id = (guint) getpid ();
   n->name = given != NULL ? g_strdup (given) : g_strdup_printf ("mfgb%u", id);
   n->host_if = g_strdup_printf ("%s-h", n->name);
   n->ns_if = g_strdup_printf ("%s-n", n->name);
   // A /30 of 10.213.0.0/16 per bench process, so that two benches apart.
   guint net = (id % 16000) * 4;
   n->host_addr = g_strdup_printf ("10.213.%u.%u", net / 256, net % 256 + 1);
   n->ns_addr = g_strdup_printf ("10.213.%u.%u", net / 256, net % 256 + 2);
   g_autofree char *host_cidr = g_strdup_printf ("%s/30", n->host_addr);
   g_autofree char *ns_cidr = g_strdup_printf ("%s/30", n->ns_addr);
   gboolean ok =
      run (error, "ip", "netns", "add", n->name, NULL) &&
      run (error, "ip", "link", "add", n->host_if, "type", "veth", "peer",
           "name", n->ns_if, NULL) &&
      run (error, "ip", "link", "set", n->ns_if, "netns", n->name, NULL) &&
      run (error, "ip", "addr", "add", host_cidr, "dev", n->host_if, NULL) &&
      run (error, "ip", "link", "set", n->host_if, "up", NULL) &&
      run (error, "ip", "-n", n->name, "addr", "add", ns_cidr, "dev", n->ns_if,
           NULL) &&
      run (error, "ip", "-n", n->name, "link", "set", n->ns_if, "up", NULL) &&
      run (error, "ip", "-n", n->name, "link", "set", "lo", "up", NULL);
   if (!ok)
      bench_netns_down (n);
   return ok;
}

// Ends every process left in the namespace (smbd's helpers), by pid.
static void
end_processes_in (const char *name)
{
   for (int sig = 0; sig < 2; sig++) {
      const char *argv[] = {"ip", "netns", "pids", name, NULL};
      g_autofree char *out = NULL;
      if (!g_spawn_sync (NULL, (char **) argv, NULL,
                         G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL,
                         NULL, &out, NULL, NULL, NULL) ||
          out == NULL || *out == '\0')
         return;
      g_auto (GStrv) pids = g_strsplit (out, "\n", -1);
      for (guint i = 0; pids[i] != NULL; i++)
         if (*pids[i] != '\0')
            kill ((pid_t) g_ascii_strtoll (pids[i], NULL, 10),
                  sig == 0 ? SIGTERM : SIGKILL);
      g_usleep (G_USEC_PER_SEC / 2);
   }
}

void
bench_netns_down (BenchNetns *n)
{
   if (n->name == NULL)
      return;
   end_processes_in (n->name);
   run (NULL, "ip", "link", "del", n->host_if, NULL);
   run (NULL, "ip", "netns", "del", n->name, NULL);
   g_clear_pointer (&n->name, g_free);
   g_clear_pointer (&n->host_if, g_free);
   g_clear_pointer (&n->ns_if, g_free);
   g_clear_pointer (&n->host_addr, g_free);
   g_clear_pointer (&n->ns_addr, g_free);
}
