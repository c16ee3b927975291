// struct-rules.h — the ABI's rules for structs a host hands the plugin
// (abi/README.md, "Structs"), in one place for entry.c and hooks.c: what a
// struct must hold before the plugin reads any of it.

#pragma once

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

#include "mig-plugin.h"

// The kernel's rule for structs that grow: at least the 1.0 size, and every
// byte the reader does not know is zero.
gboolean mmfg_input_struct_ok (const void *s, uint32_t struct_size,
                               size_t known);

// A mig_account the plugin may read: sized and zero-tailed, reserved 0, a
// user and a post office, every string valid UTF-8.
gboolean mmfg_account_ok (const mig_account *account);

// A mig_batch the plugin may read: sized and zero-tailed, an id other than
// 0, a post office in valid UTF-8.
gboolean mmfg_batch_ok (const mig_batch *batch);

// A mig_event the plugin may read: sized and zero-tailed, reserved 0, every
// string and insertion string valid UTF-8 or NULL, inserts given when
// counted, and its account, if any, one mmfg_account_ok() accepts.
gboolean mmfg_event_ok (const mig_event *event);
