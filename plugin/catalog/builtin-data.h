// builtin-data.h — the catalog compiled into the plugin (GResource data
// generated from mmfguard-builtin.catalog at build time).

#pragma once

#include <glib.h>

// The built-in catalog's text. Never registers anything globally that
// outlives the call. [thread-safe]
GBytes *mmfg_catalog_builtin_bytes (GError **error);
