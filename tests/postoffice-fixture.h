// postoffice-fixture.h — a real post office for a test, laid out by the same
// generator the demo uses (scripts/make-postoffice), in a temporary folder
// removed afterwards.

#pragma once

#include <glib.h>

typedef struct {
   char *root;      // the temporary folder
   char *maildata;  // root/MAILDATA
   char *users_csv; // root/users.csv
} PostofficeFixture;

// Generates a post office with `n_users` users (U00001 has hex id 00000A01,
// and so on) and extra generator arguments (NULL-terminated), or fails the
// test.
void postoffice_fixture_make (PostofficeFixture *f, int n_users,
                              const char *const *extra_args);
// The same from a test's data, "USERS RECOVERED": eg "6 1", six users, the
// last one's password recovered (make-postoffice --recovered 1).
void postoffice_fixture_make_sized (PostofficeFixture *f,
                                    const char *users_recovered);
void postoffice_fixture_clear (PostofficeFixture *f);

// MAILDATA/MMF/<name>, newly allocated.
char *postoffice_fixture_mmf (const PostofficeFixture *f, const char *name);

// MAILDATA/MMF/<hex_id>.MMF, the MMF of the user with that hex id (eg
// "00000A02"), newly allocated.
char *postoffice_fixture_mmf_of (const PostofficeFixture *f,
                                 const char *hex_id);
