// hooks.h — the hooks the plugin offers, by id, for get_hook().

#pragma once

// The hook struct whose id is exactly `id` (not NULL), or NULL for an id
// this plugin does not offer. Owned by the plugin, valid while it is
// loaded. [thread-safe]
const void *mmfg_hooks_lookup (const char *id);
