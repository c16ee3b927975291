// problem-digest.h — every problem of a run said once.
//
// A run over thousands of accounts can have one cause behind most of them
// (the lock state unknown everywhere, a share everyone has open). The
// digest keeps, per cause, the paragraphs to print: accounts whose text is
// the same once their own user name, Hex-ID and MMF path are taken out
// share one paragraph, printed for the first of them with the others named
// after it. It also counts accounts per cause for the summary.
//
// Memory: one paragraph per distinct text, one name per account with a
// problem; accounts that may proceed are only counted.

#pragma once

#include <glib.h>
#include <jansson.h>
#include <stdio.h>

typedef struct MhDigest MhDigest;

MhDigest *mh_digest_new (void);
void mh_digest_free (MhDigest *digest);

// Counts one account under `cause` ("none" for an account without one).
void mh_digest_count (MhDigest *digest, const char *cause);

// Keeps the paragraph of one account that needs attention: `headline`
// ("U00003: deferred (mmf-in-use)") and `body` (lines, indented). `user`,
// `hex_id` and `path` (each may be NULL) are what differs between accounts
// with the same cause and otherwise the same text.
void mh_digest_add (MhDigest *digest, const char *cause, const char *user,
                    const char *hex_id, const char *path, const char *headline,
                    const char *body);

// Prints the paragraphs, in the order their first account came, each
// followed by the other accounts it applies to.
void mh_digest_print (const MhDigest *digest, FILE *out);

// "mmf-in-use 3, password-not-synchronised 1" (largest first; "none" left
// out), or NULL when no account has a cause.
char *mh_digest_causes_line (const MhDigest *digest);

// {"cause": count, ...} for every cause counted, "none" included.
json_t *mh_digest_causes_json (const MhDigest *digest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhDigest, mh_digest_free)
