// process-info.h — names a process from /proc: its program and Unix user.
// Reads /proc/PID/comm, /proc/PID/exe and /proc/PID/status only; never
// signals or traces the process.

#pragma once

#include <glib.h>

typedef struct {
   gint64 pid;
   // FALSE when /proc/PID no longer exists (the process has exited).
   gboolean alive;
   // eg "MSMAIL.EXE", "smbd"; NULL when unreadable. Owned.
   char *program;
   // The effective user's name, or its number when it has no name; NULL when
   // unreadable. Owned. The effective user, because smbd serves each client
   // under that client's identity while its real uid stays root.
   char *unix_user;
} MmfgProcessInfo;

// Reads what /proc says about `pid` now. `proc_root` is "/proc" except in
// tests. Never fails: unknown fields stay NULL.
MmfgProcessInfo *mmfg_process_info_read (const char *proc_root, gint64 pid);
void mmfg_process_info_free (MmfgProcessInfo *info);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgProcessInfo, mmfg_process_info_free)

// The effective uid in the text of /proc/PID/status, or -1 when absent.
gint64 mmfg_process_status_effective_uid (const char *status_text);
