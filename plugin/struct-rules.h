// struct-rules.h — the ABI's rules for structs a host hands the plugin
// (abi/README.md, "Structs"), in one place for entry.c and hooks.c.

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

// An input struct longer than this beyond what the plugin knows is refused
// without being read: no honest host is that far ahead.
#define MMFG_MAX_UNKNOWN_TAIL 4096

// The kernel's rule for structs that grow: at least the 1.0 size, and every
// byte the reader does not know is zero.
static inline gboolean
mmfg_input_struct_ok (const void *s, uint32_t struct_size, size_t known)
{
   if (s == NULL || struct_size < known ||
       struct_size - known > MMFG_MAX_UNKNOWN_TAIL)
      return FALSE;
   const unsigned char *tail = (const unsigned char *) s + known;
   for (size_t i = 0; i < struct_size - known; i++)
      if (tail[i] != 0)
         return FALSE;
   return TRUE;
}
