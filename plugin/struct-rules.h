// struct-rules.h — the ABI's rules for structs a host hands the plugin
// (abi/README.md, "Structs"), in one place for entry.c and hooks.c.

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "mig-plugin.h"


// The kernel's rule for structs that grow: at least the 1.0 size, and every
// byte the reader does not know is zero.
static inline gboolean
mmfg_input_struct_ok (const void *s, uint32_t struct_size, size_t known)
{
   if (s == NULL || struct_size < known ||
       struct_size - known > MIG_MAX_STRUCT_GROWTH)
      return FALSE;
   const unsigned char *tail = (const unsigned char *) s + known;
   for (size_t i = 0; i < struct_size - known; i++)
      if (tail[i] != 0)
         return FALSE;
   return TRUE;
}
