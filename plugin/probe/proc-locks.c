// proc-locks.c — parses the kernel's lock table. Pure: text in, records out,
// so that it can be fuzzed and tested on fixtures.

#include "proc-locks.h"

#include <string.h>

// The longest line the kernel writes is about 100 bytes; anything much longer
// is not a lock line and is skipped without being copied.
#define MAX_LINE 256
#define MAX_TOKENS 12

typedef struct {
   const char *name;
   MmfgProcLockKind kind;
} KindName;

static const KindName kind_names[] = {
   {"POSIX", MMFG_PROC_LOCK_POSIX},     {"OFDLCK", MMFG_PROC_LOCK_OFD},
   {"FLOCK", MMFG_PROC_LOCK_FLOCK},     {"LEASE", MMFG_PROC_LOCK_LEASE},
   {"DELEG", MMFG_PROC_LOCK_DELEG},     {"ACCESS", MMFG_PROC_LOCK_ACCESS},
   {"UNKNOWN", MMFG_PROC_LOCK_UNKNOWN},
};

const char *
mmfg_proc_lock_kind_name (MmfgProcLockKind kind)
{
   for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++)
      if (kind_names[i].kind == kind)
         return kind_names[i].name;
   return "UNKNOWN";
}

static gboolean
parse_kind (const char *token, MmfgProcLockKind *kind)
{
   for (gsize i = 0; i < G_N_ELEMENTS (kind_names); i++) {
      if (strcmp (token, kind_names[i].name) == 0) {
         *kind = kind_names[i].kind;
         return TRUE;
      }
   }
   return FALSE;
}

static gboolean
parse_mode (const char *token, MmfgProcLockMode *mode)
{
   if (strcmp (token, "READ") == 0)
      *mode = MMFG_PROC_LOCK_READ;
   else if (strcmp (token, "WRITE") == 0)
      *mode = MMFG_PROC_LOCK_WRITE;
   else if (strcmp (token, "UNLCK") == 0)
      *mode = MMFG_PROC_LOCK_UNLOCK;
   else
      return FALSE;
   return TRUE;
}

// Whole-token unsigned number in `base`; rejects signs, blanks and overflow.
static gboolean
parse_unsigned (const char *token, guint base, guint64 max, guint64 *out)
{
   return token[0] != '-' && token[0] != '+' &&
          g_ascii_string_to_unsigned (token, base, 0, max, out, NULL);
}

// "fe:00:10952962" -> major 0xfe, minor 0, inode 10952962.
static gboolean
parse_device_inode (char *token, MmfgProcLock *out)
{
   char *first = strchr (token, ':');
   char *second = first ? strchr (first + 1, ':') : NULL;
   if (second == NULL)
      return FALSE;
   *first = '\0';
   *second = '\0';
   guint64 major, minor;
   if (!parse_unsigned (token, 16, G_MAXUINT, &major) ||
       !parse_unsigned (first + 1, 16, G_MAXUINT, &minor) ||
       !parse_unsigned (second + 1, 10, G_MAXUINT64, &out->inode))
      return FALSE;
   out->major = (guint) major;
   out->minor = (guint) minor;
   return TRUE;
}

static gboolean
parse_end (const char *token, guint64 *end)
{
   if (strcmp (token, "EOF") == 0) {
      *end = G_MAXUINT64;
      return TRUE;
   }
   return parse_unsigned (token, 10, G_MAXUINT64, end);
}

static guint
split_tokens (char *line, char **tokens)
{
   guint n = 0;
   char *save = NULL;
   for (char *t = strtok_r (line, " \t", &save); t != NULL && n < MAX_TOKENS;
        t = strtok_r (NULL, " \t", &save))
      tokens[n++] = t;
   return n;
}

gboolean
mmfg_proc_locks_parse_line (const char *line, gsize len, MmfgProcLock *out)
{
   if (len >= MAX_LINE || memchr (line, '\0', len) != NULL)
      return FALSE;
   char copy[MAX_LINE];
   memcpy (copy, line, len);
   copy[len] = '\0';

   char *tokens[MAX_TOKENS];
   guint n = split_tokens (copy, tokens);
   // "ID:" KIND QUALIFIER MODE PID DEV:INODE START END
   if (n != 8)
      return FALSE;
   gsize id_len = strlen (tokens[0]);
   if (id_len < 2 || tokens[0][id_len - 1] != ':')
      return FALSE;

   MmfgProcLock lock = {0};
   gint64 pid;
   if (!parse_kind (tokens[1], &lock.kind) ||
       !parse_mode (tokens[3], &lock.mode) ||
       !g_ascii_string_to_signed (tokens[4], 10, -1, G_MAXINT32, &pid, NULL) ||
       !parse_device_inode (tokens[5], &lock) ||
       !parse_unsigned (tokens[6], 10, G_MAXUINT64, &lock.start) ||
       !parse_end (tokens[7], &lock.end))
      return FALSE;
   lock.pid = pid;
   lock.breaking = strcmp (tokens[2], "BREAKING") == 0;
   *out = lock;
   return TRUE;
}

static gboolean
is_waiter_line (const char *line, gsize len)
{
   // "12: -> POSIX ...": the arrow follows the id.
   const char *colon = memchr (line, ':', MIN (len, (gsize) 32));
   if (colon == NULL)
      return FALSE;
   gsize rest = len - (gsize) (colon + 1 - line);
   const char *p = colon + 1;
   while (rest > 0 && (*p == ' ' || *p == '\t')) {
      p++;
      rest--;
   }
   return rest >= 2 && p[0] == '-' && p[1] == '>';
}

GArray *
mmfg_proc_locks_parse (const char *text, gsize len, guint *n_skipped)
{
   GArray *locks = g_array_new (FALSE, FALSE, sizeof (MmfgProcLock));
   guint skipped = 0;
   gsize pos = 0;
   while (text != NULL && pos < len) {
      const char *line = text + pos;
      const char *newline = memchr (line, '\n', len - pos);
      gsize line_len = newline ? (gsize) (newline - line) : len - pos;
      pos += line_len + 1;

      MmfgProcLock lock;
      if (line_len == 0 || is_waiter_line (line, line_len))
         continue;
      if (mmfg_proc_locks_parse_line (line, line_len, &lock))
         g_array_append_val (locks, lock);
      else
         skipped++;
   }
   if (n_skipped != NULL)
      *n_skipped = skipped;
   return locks;
}

static int
compare_locks (gconstpointer pa, gconstpointer pb)
{
   const MmfgProcLock *a = pa, *b = pb;
#define MMFG_COMPARE_FIELD(field)                                              \
   if (a->field != b->field)                                                   \
      return a->field < b->field ? -1 : 1;
   MMFG_COMPARE_FIELD (inode)
   MMFG_COMPARE_FIELD (major)
   MMFG_COMPARE_FIELD (minor)
   MMFG_COMPARE_FIELD (pid)
   MMFG_COMPARE_FIELD (kind)
   MMFG_COMPARE_FIELD (mode)
   MMFG_COMPARE_FIELD (breaking)
   MMFG_COMPARE_FIELD (start)
   MMFG_COMPARE_FIELD (end)
#undef MMFG_COMPARE_FIELD
   return 0;
}

void
mmfg_proc_locks_union (GArray *into, const GArray *more)
{
   g_autoptr (GArray) known =
      g_array_sized_new (FALSE, FALSE, sizeof (MmfgProcLock), into->len);
   g_array_append_vals (known, into->data, into->len);
   g_array_sort (known, compare_locks);
   for (guint i = 0; i < more->len; i++) {
      const MmfgProcLock *lock = &g_array_index (more, MmfgProcLock, i);
      guint at;
      if (!g_array_binary_search (known, lock, compare_locks, &at))
         g_array_append_val (into, *lock);
   }
}
