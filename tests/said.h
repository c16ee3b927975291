// said.h — what each mig-host command says of each account, as
// "verdict cause", gathered from its report or its lines, so that the
// agreement tests (Linux and Windows) can hold every command to what
// preflight says. Whatever cannot be read fails the test.

#pragma once

#include <glib.h>

typedef struct {
   const char *command;
   GHashTable *said; // user -> "verdict cause"
   int status;       // the command's exit code
} Said;

Said *said_new (const char *command);
void said_free (Said *said);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (Said, said_free)

// `user` said to be `verdict` for `cause` (neither NULL).
void said_put (Said *said, const char *user, const char *verdict,
               const char *cause);

// The accounts of a preflight or explain report's "accounts" (the JSON file
// at `json_path`), each with its verdict and cause.
void said_put_report (Said *said, const char *json_path);

// The accounts of a migrate report, each outcome in preflight's words
// (migrated is proceed); a failed copy's cause is the host's.
void said_put_migrate_report (Said *said, const char *json_path);

// watch's lines (`out`): "HH:MM:SS USER (FULL NAME) held (CAUSE): ...",
// "USER clear, with a warning (CAUSE): ...", and the blocked ones named at
// the end. Each of `users` (NULL-terminated) it names nowhere is clear.
void said_put_watch (Said *said, const char *out, const char *const *users);

// `other` names every account it speaks of with preflight's verdict and
// cause; `complete`: it must speak of all of them.
void said_assert_agrees (const Said *preflight, const Said *other,
                         gboolean complete);
