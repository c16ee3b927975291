// shared-postoffice.h — a generated post office inside a test's share.

#pragma once

// A post office of `n_users` generated at `po` (scripts/make-postoffice,
// with `extra` arguments such as "--recovered", "2"; NULL-terminated, or
// NULL), every file writable by the SMB users: they must write what they
// open. Fails the test on any error.
void make_shared_postoffice (const char *po, int n_users,
                             const char *const *extra);
