// plugin-fixture.h — the plugin under test ($MMFG_PLUGIN), loaded the way a
// host loads it: dlopen with every symbol bound now and nothing exported to
// others, then its one symbol. Fails the test when either is missing. The
// module is never closed: the plugin is resident (-z nodelete), and hosts
// never unload it.

#pragma once

#include "mig-plugin.h"

// The plugin's entry point; loads it on the first call.
const mig_plugin_entry *plugin_fixture_entry (void);

// The hook struct for `id` (a MIG_HOOK_* id) of an initialised plugin;
// fails the test when the plugin does not offer it.
const void *plugin_fixture_hook (const char *id);
