// test-env.h — what meson test passes a test in its environment (paths of
// the plugin, mig-host, the post office generator, ...), read the one way:
// a test run outside meson test stops at once, naming the variable.

#pragma once

#include <glib.h>

static inline const char *
test_env (const char *name)
{
   const char *value = g_getenv (name);
   if (value == NULL)
      g_error ("%s is not set; run the test through meson test", name);
   return value;
}
