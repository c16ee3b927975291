// file-tree.h — removing a folder tree mig-host (or a test) made itself.

#pragma once

#include <glib.h>

// Removes `path` and everything below it, whatever their permissions (a
// folder is made readable and writable by its owner first). Symlinks are
// removed, never followed. Errors are ignored: what cannot be removed stays.
void mh_remove_tree (const char *path);
