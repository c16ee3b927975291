// lock-holder-process.c — see lock-holder-process.h.

#include "lock-holder-process.h"

struct LockHolderProcess {
   GSubprocess *process; // NULL once stopped
   gint64 pid;
};

LockHolderProcess *
lock_holder_process_start (const char *kind, const char *file)
{
   const char *program = g_getenv ("MMFG_LOCK_HOLDER");
   if (program == NULL)
      g_error ("MMFG_LOCK_HOLDER is not set; run the test through meson test");
   g_autoptr (GError) error = NULL;
   LockHolderProcess *holder = g_new0 (LockHolderProcess, 1);
   holder->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                          G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                                       &error, program, kind, file, NULL);
   g_assert_no_error (error);
   g_autoptr (GDataInputStream) out =
      g_data_input_stream_new (g_subprocess_get_stdout_pipe (holder->process));
   g_autofree char *line =
      g_data_input_stream_read_line (out, NULL, NULL, &error);
   g_assert_no_error (error);
   g_assert_nonnull (line);
   g_assert_true (g_str_has_prefix (line, "ready "));
   holder->pid = g_ascii_strtoll (line + 6, NULL, 10);
   g_assert_cmpstr (line + 6, ==,
                    g_subprocess_get_identifier (holder->process));
   return holder;
}

gint64
lock_holder_process_pid (const LockHolderProcess *holder)
{
   return holder->pid;
}

int
lock_holder_process_stop (LockHolderProcess *holder)
{
   if (holder->process == NULL)
      return -1;
   g_output_stream_close (g_subprocess_get_stdin_pipe (holder->process), NULL,
                          NULL);
   g_subprocess_wait (holder->process, NULL, NULL);
   int status = g_subprocess_get_if_exited (holder->process)
                   ? g_subprocess_get_exit_status (holder->process)
                   : -1;
   g_clear_object (&holder->process);
   return status;
}

void
lock_holder_process_stop_and_assert_intact (LockHolderProcess *holder)
{
   g_assert_cmpint (lock_holder_process_stop (holder), ==, 0);
}

void
lock_holder_process_free (LockHolderProcess *holder)
{
   if (holder == NULL)
      return;
   lock_holder_process_stop (holder);
   g_free (holder);
}

GPtrArray *
lock_holder_set_new (void)
{
   return g_ptr_array_new_with_free_func (
      (GDestroyNotify) lock_holder_process_free);
}

LockHolderProcess *
lock_holder_set_start (GPtrArray *set, const char *kind, const char *file)
{
   LockHolderProcess *h = lock_holder_process_start (kind, file);
   g_ptr_array_add (set, h);
   return h;
}
