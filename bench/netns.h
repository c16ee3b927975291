// netns.h — a network for the file-server table: a network namespace of the
// bench's own, joined to this one by a veth pair, where the bench runs its
// smbd on an address of its own (port 445 of this machine's loopback, which
// the Samba tests use, stays free). Needs root and `ip` (iproute2).

#pragma once

#include <glib.h>

typedef struct {
   char *name;      // the namespace, mfgb<pid> (its veth ends add 2 chars)
   char *host_if;   // this side of the veth pair
   char *ns_if;     // the namespace's side
   char *host_addr; // this side's address
   char *ns_addr;   // the server's address, in the namespace
} BenchNetns;

// Why the namespace cannot be made here (newly allocated), or NULL.
char *bench_netns_missing (void);

// Makes the namespace and the veth pair, both ends up. `n` zeroed; on
// failure what was made is removed again.
gboolean bench_netns_up (BenchNetns *n, GError **error);

// Removes the veth pair and the namespace (safe on one never made). The
// processes still in the namespace are ended first, by their pids.
void bench_netns_down (BenchNetns *n);
