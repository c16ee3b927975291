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
// with the same cause and otherwise the same text. Returns the paragraph's
// index (mh_digest_paragraph).
guint mh_digest_add (MhDigest *digest, const char *cause, const char *user,
                     const char *hex_id, const char *path, const char *headline,
                     const char *body);

// The same, where more than the account's names may differ between two
// texts that say the same: every one of `values` (NULL-terminated; the
// holder's pid, program and machine, the full name, ...) and every number
// (times, pids, counts) is taken out, and the line breaks and indents
// (which move with their lengths) are made one space, before comparing. The
// paragraph kept is the first account's, with its own values.
guint mh_digest_add_loose (MhDigest *digest, const char *cause,
                           const char *user, const char *const *values,
                           const char *headline, const char *body);

// How many paragraphs are kept, and the i-th: its headline, body, the
// user it was kept for, and the users it also applies to (char *).
guint mh_digest_paragraph_count (const MhDigest *digest);
void mh_digest_paragraph (const MhDigest *digest, guint i,
                          const char **headline, const char **body,
                          const char **first_user, const GPtrArray **others);

// Prints the paragraphs, in the order their first account came, each
// followed by the other accounts it applies to.
void mh_digest_print (const MhDigest *digest, FILE *out);

// "mmf-in-use 3, password-not-synchronised 1" (largest first; "none" left
// out), or NULL when no account has a cause.
char *mh_digest_causes_line (const MhDigest *digest);

// A new array of `keys` (borrowed strings), most counted in `counts` first;
// keys counted alike keep their order. Caller frees the array.
GPtrArray *mh_digest_order_by_count (const GPtrArray *keys, GHashTable *counts);

// {"cause": count, ...} for every cause counted, "none" included.
json_t *mh_digest_causes_json (const MhDigest *digest);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (MhDigest, mh_digest_free)
