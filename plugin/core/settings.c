// settings.c — the plugin's configuration file.
//
// Rationale: a half-understood policy is worse than none, so every group and
// key is checked: an unknown key (a typo) or a bad value refuses the whole
// file, naming the file, the line and the key, and the plugin does not start.

#include "settings.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#ifndef G_OS_WIN32
#include <unistd.h>
#endif

#include "mig-plugin.h"

#define DEFAULT_RETRY_AFTER_S 300
#define DEFAULT_IDLE_MINUTES 60
#define DEFAULT_STALE_AFTER_MINUTES 480
#define DEFAULT_SMBSTATUS_TIMEOUT_MS 5000
#define DEFAULT_FILE_SERVER_TIMEOUT_MS 5000

// What [file-systems] may say of a type; the value stored is reach + 1.
#define FS_LOCAL_VALUE 1
#define FS_NETWORK_VALUE 2

static void
path_map_free (MmfgPathMap *map)
{
   g_free (map->windows_prefix);
   g_free (map->local_prefix);
   g_free (map);
}

static void
file_server_free (MmfgFileServerConfig *server)
{
   g_free (server->name);
   g_free (server->address);
   g_free (server->credentials);
   g_free (server);
}
G_DEFINE_AUTOPTR_CLEANUP_FUNC (MmfgFileServerConfig, file_server_free)

void
mmfg_settings_free (MmfgSettings *settings)
{
   if (settings == NULL)
      return;
   g_free (settings->source_path);
   g_clear_pointer (&settings->path_maps, g_ptr_array_unref);
   g_free (settings->site_catalog_dir);
   g_free (settings->smbstatus_path);
   g_free (settings->samba_config);
   g_clear_pointer (&settings->fs_overrides, g_hash_table_unref);
   g_clear_pointer (&settings->file_servers, g_ptr_array_unref);
   g_free (settings);
}

static MmfgSettings *
settings_defaults (void)
{
   MmfgSettings *s = g_new0 (MmfgSettings, 1);
   for (int c = 0; c < MMFG_CAUSE_COUNT; c++)
      s->verdict[c] = mmfg_cause_default_verdict ((MmfgCause) c);
   s->retry_after_s = DEFAULT_RETRY_AFTER_S;
   s->idle_interval_s = DEFAULT_IDLE_MINUTES * 60;
   s->stale_after_s = DEFAULT_STALE_AFTER_MINUTES * 60;
   s->fail_closed = TRUE;
   s->path_maps =
      g_ptr_array_new_with_free_func ((GDestroyNotify) path_map_free);
   s->samba = MMFG_SAMBA_AUTO;
   s->smbstatus_path = g_strdup ("smbstatus");
   s->smbstatus_timeout_ms = DEFAULT_SMBSTATUS_TIMEOUT_MS;
   s->fs_overrides =
      g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
   s->file_servers =
      g_ptr_array_new_with_free_func ((GDestroyNotify) file_server_free);
   return s;
}

// The 1-based line of `key` in `group` of the file's text, 0 when not found.
// GKeyFile does not keep line numbers, and a user fixing a file needs one.
static guint
line_of (const char *text, const char *group, const char *key)
{
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   gboolean in_group = (group == NULL);
   for (guint i = 0; lines[i] != NULL; i++) {
      const char *line = lines[i];
      while (*line == ' ' || *line == '\t')
         line++;
      if (*line == '[') {
         const char *end = strchr (line, ']');
         in_group = end != NULL && group != NULL &&
                    (gsize) (end - line - 1) == strlen (group) &&
                    strncmp (line + 1, group, strlen (group)) == 0;
         if (key == NULL && in_group)
            return i + 1;
         continue;
      }
      if (!in_group || key == NULL)
         continue;
      gsize klen = strlen (key);
      if (strncmp (line, key, klen) == 0) {
         const char *rest = line + klen;
         while (*rest == ' ' || *rest == '\t')
            rest++;
         if (*rest == '=')
            return i + 1;
      }
   }
   return 0;
}

// Lines GKeyFile would reject, found first so the error can name the line.
static gboolean
check_syntax (const char *path, const char *text, GError **error)
{
   g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
   for (guint i = 0; lines[i] != NULL; i++) {
      g_autofree char *line = g_strstrip (g_strdup (lines[i]));
      if (*line == '\0' || *line == '#' || *line == '[' || strchr (line, '='))
         continue;
      g_autofree char *shown = g_utf8_make_valid (line, -1);
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE,
                   "%s:%u: “%s” is neither a [group], a key = value line "
                   "nor a # comment; fix or remove the line",
                   path, i + 1, shown);
      return FALSE;
   }
   return TRUE;
}

typedef struct {
   const char *path;
   const char *text;
   GKeyFile *kf;
} Source;

static gboolean G_GNUC_PRINTF (5, 6)
   fail (const Source *src, const char *group, const char *key, GError **error,
         const char *format, ...)
{
   va_list ap;
   va_start (ap, format);
   g_autofree char *why = g_strdup_vprintf (format, ap);
   va_end (ap);
   g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_INVALID_VALUE,
                "%s:%u: [%s] %s: %s", src->path,
                line_of (src->text, group, key), group, key ? key : "", why);
   return FALSE;
}

// GKeyFile has no trailing comments: "60   # minutes" is the value. Said
// in every error about a value that holds a '#'.
static const char *
comment_hint (const char *value)
{
   return strchr (value, '#') ? " (a # comment must stand on a line of its own)"
                              : "";
}

static gboolean
read_uint (const Source *src, const char *group, const char *key, guint min,
           guint max, guint scale, guint *out, GError **error)
{
   if (!g_key_file_has_key (src->kf, group, key, NULL))
      return TRUE;
   g_autofree char *value = g_key_file_get_value (src->kf, group, key, NULL);
   guint64 n = 0;
   if (!g_ascii_string_to_unsigned (g_strstrip (value), 10, min, max, &n, NULL))
      return fail (src, group, key, error,
                   "“%s” is not a whole number from %u to %u%s", value, min,
                   max, comment_hint (value));
   *out = (guint) n * scale;
   return TRUE;
}

static gboolean
read_bool (const Source *src, const char *group, const char *key, gboolean *out,
           GError **error)
{
   if (!g_key_file_has_key (src->kf, group, key, NULL))
      return TRUE;
   g_autofree char *value = g_key_file_get_value (src->kf, group, key, NULL);
   g_strstrip (value);
   if (g_ascii_strcasecmp (value, "true") == 0 || strcmp (value, "1") == 0)
      *out = TRUE;
   else if (g_ascii_strcasecmp (value, "false") == 0 ||
            strcmp (value, "0") == 0)
      *out = FALSE;
   else
      return fail (src, group, key, error, "“%s” is not true or false%s", value,
                   comment_hint (value));
   return TRUE;
}

static gboolean
read_string (const Source *src, const char *group, const char *key, char **out,
             GError **error)
{
   if (!g_key_file_has_key (src->kf, group, key, NULL))
      return TRUE;
   g_autofree char *value = g_key_file_get_value (src->kf, group, key, NULL);
   g_strstrip (value);
   if (*value == '\0')
      return fail (src, group, key, error, "the value is empty");
   g_free (*out);
   *out = g_steal_pointer (&value);
   return TRUE;
}

static gboolean
check_keys (const Source *src, const char *group, const char *const *known,
            GError **error)
{
   g_auto (GStrv) keys = g_key_file_get_keys (src->kf, group, NULL, NULL);
   for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
      if (!g_strv_contains (known, keys[i])) {
         g_autofree char *list = g_strjoinv (", ", (char **) known);
         return fail (src, group, keys[i], error,
                      "unknown key; the keys of [%s] are: %s", group, list);
      }
   }
   return TRUE;
}

static gboolean
read_policy (const Source *src, MmfgSettings *s, GError **error)
{
   const char *group = "policy";
   g_autoptr (GPtrArray) known = g_ptr_array_new ();
   for (int c = 1; c < MMFG_CAUSE_COUNT; c++)
      g_ptr_array_add (known, (gpointer) mmfg_cause_id ((MmfgCause) c));
   g_ptr_array_add (known, (gpointer) "retry-after");
   g_ptr_array_add (known, (gpointer) "idle-minutes");
   g_ptr_array_add (known, (gpointer) "fail-closed");
   g_ptr_array_add (known, NULL);
   if (!check_keys (src, group, (const char *const *) known->pdata, error))
      return FALSE;

   for (int c = 1; c < MMFG_CAUSE_COUNT; c++) {
      const char *key = mmfg_cause_id ((MmfgCause) c);
      if (!g_key_file_has_key (src->kf, group, key, NULL))
         continue;
      g_autofree char *v = g_key_file_get_value (src->kf, group, key, NULL);
      g_strstrip (v);
      if (g_ascii_strcasecmp (v, "proceed") == 0)
         s->verdict[c] = MIG_VERDICT_PROCEED;
      else if (g_ascii_strcasecmp (v, "defer") == 0)
         s->verdict[c] = MIG_VERDICT_DEFER;
      else if (g_ascii_strcasecmp (v, "block") == 0)
         s->verdict[c] = MIG_VERDICT_BLOCK;
      else
         return fail (src, group, key, error,
                      "“%s” is not a verdict; use proceed, defer or block%s", v,
                      comment_hint (v));
   }
   return read_uint (src, group, "retry-after", 0, 7 * 24 * 3600, 1,
                     &s->retry_after_s, error) &&
          read_uint (src, group, "idle-minutes", 0, 7 * 24 * 60, 60,
                     &s->idle_interval_s, error) &&
          read_bool (src, group, "fail-closed", &s->fail_closed, error);
}

static gboolean
read_samba (const Source *src, MmfgSettings *s, GError **error)
{
   const char *group = "samba";
   const char *const known[] = {"mode", "smbstatus", "config", "timeout-ms",
                                NULL};
   if (!check_keys (src, group, known, error))
      return FALSE;
   if (g_key_file_has_key (src->kf, group, "mode", NULL)) {
      g_autofree char *v = g_key_file_get_value (src->kf, group, "mode", NULL);
      g_strstrip (v);
      if (g_ascii_strcasecmp (v, "auto") == 0)
         s->samba = MMFG_SAMBA_AUTO;
      else if (g_ascii_strcasecmp (v, "on") == 0)
         s->samba = MMFG_SAMBA_ON;
      else if (g_ascii_strcasecmp (v, "off") == 0)
         s->samba = MMFG_SAMBA_OFF;
      else
         return fail (src, group, "mode", error,
                      "“%s” is not a mode; use auto, on or off%s", v,
                      comment_hint (v));
   }
   return read_string (src, group, "smbstatus", &s->smbstatus_path, error) &&
          read_string (src, group, "config", &s->samba_config, error) &&
          read_uint (src, group, "timeout-ms", 100, 600000, 1,
                     &s->smbstatus_timeout_ms, error);
}

static const char *match_prefix (const char *path, const char *prefix);

// The map already there for the same Windows prefix (compared as Windows
// does: without case, either separator, a trailing one ignored), or NULL.
static const MmfgPathMap *
same_windows_prefix (const MmfgSettings *s, const char *win)
{
   g_autofree char *a = g_strdup (win);
   for (gsize n = strlen (a); n > 0 && strchr ("\\/", a[n - 1]); n--)
      a[n - 1] = '\0';
   for (guint i = 0; i < s->path_maps->len; i++) {
      const MmfgPathMap *m = g_ptr_array_index (s->path_maps, i);
      g_autofree char *b = g_strdup (m->windows_prefix);
      for (gsize n = strlen (b); n > 0 && strchr ("\\/", b[n - 1]); n--)
         b[n - 1] = '\0';
      const char *rest = match_prefix (a, b);
      if (strlen (a) == strlen (b) && rest != NULL && rest[0] == '\0')
         return m;
   }
   return NULL;
}

static gboolean
read_path_map (const Source *src, const char *group, MmfgSettings *s,
               GError **error)
{
   const char *const known[] = {"windows", "local", NULL};
   if (!check_keys (src, group, known, error))
      return FALSE;
   g_autofree char *win = NULL;
   g_autofree char *local = NULL;
   // Raw values: a Windows prefix is written as it is logged, backslashes
   // and all, without GKeyFile's escapes.
   if (!read_string (src, group, "windows", &win, error) ||
       !read_string (src, group, "local", &local, error))
      return FALSE;
   if (win == NULL || local == NULL)
      return fail (src, group, win == NULL ? "windows" : "local", error,
                   "a path map needs both windows = and local =");
   if (!g_path_is_absolute (local))
      return fail (src, group, "local", error,
                   "“%s” is not an absolute local path", local);
   // Two maps of one prefix: the first would decide silently, and which one
   // was meant cannot be told.
   const MmfgPathMap *twin = same_windows_prefix (s, win);
   if (twin != NULL)
      return fail (src, group, "windows", error,
                   "“%s” is mapped already, by an earlier [path-map] group "
                   "(to %s); keep one group per Windows path",
                   win, twin->local_prefix);
   MmfgPathMap *map = g_new0 (MmfgPathMap, 1);
   map->windows_prefix = g_steal_pointer (&win);
   map->local_prefix = g_steal_pointer (&local);
   g_ptr_array_add (s->path_maps, map);
   return TRUE;
}

static gboolean
read_file_systems (const Source *src, const char *group, MmfgSettings *s,
                   GError **error)
{
   g_auto (GStrv) keys = g_key_file_get_keys (src->kf, group, NULL, NULL);
   for (guint i = 0; keys != NULL && keys[i] != NULL; i++) {
      g_autofree char *v = g_key_file_get_value (src->kf, group, keys[i], NULL);
      g_strstrip (v);
      int reach;
      if (g_ascii_strcasecmp (v, "local") == 0)
         reach = FS_LOCAL_VALUE;
      else if (g_ascii_strcasecmp (v, "network") == 0)
         reach = FS_NETWORK_VALUE;
      else
         return fail (src, group, keys[i], error,
                      "“%s” is neither local nor network", v);
      g_hash_table_replace (s->fs_overrides, g_strdup (keys[i]),
                            GINT_TO_POINTER (reach));
   }
   return TRUE;
}

// The credentials file holds a password: only its owner, the user the
// migration host runs as, may read it.
static gboolean
check_credentials_file (const Source *src, const char *group, const char *path,
                        GError **error)
{
   struct stat st;
   if (stat (path, &st) != 0) {
      int saved = errno;
      return fail (src, group, "credentials", error, "cannot read %s: %s", path,
                   g_strerror (saved));
   }
   if (!S_ISREG (st.st_mode))
      return fail (src, group, "credentials", error, "%s is not a regular file",
                   path);
#ifndef G_OS_WIN32
   // Windows keeps who may read a file in its ACL, not in these bits.
   if (st.st_uid != geteuid ())
      return fail (src, group, "credentials", error,
                   "%s is owned by uid %u, not by the user the migration host "
                   "runs as (uid %u); fix: chown %u %s",
                   path, (unsigned) st.st_uid, (unsigned) geteuid (),
                   (unsigned) geteuid (), path);
   if ((st.st_mode & 077) != 0)
      return fail (src, group, "credentials", error,
                   "%s holds a password and may be read by others (mode %04o); "
                   "fix: chmod 600 %s",
                   path, (unsigned) (st.st_mode & 07777), path);
#endif
   return TRUE;
}

static gboolean
read_file_server (const Source *src, const char *group, MmfgSettings *s,
                  GError **error)
{
   const char *const known[] = {"address", "credentials", "kerberos",
                                "timeout-ms", NULL};
   const char *name = group + strlen ("file-server ");
   while (*name == ' ')
      name++;
   if (*name == '\0' || strpbrk (name, "\\/ ") != NULL)
      return fail (
         src, group, NULL, error,
         "name the server as in \\\\SERVER\\SHARE: [file-server SERVER]");
   if (mmfg_settings_file_server (s, name) != NULL)
      return fail (src, group, NULL, error, "the server %s is named twice",
                   name);
   g_autoptr (MmfgFileServerConfig) server = g_new0 (MmfgFileServerConfig, 1);
   server->name = g_strdup (name);
   server->timeout_ms = DEFAULT_FILE_SERVER_TIMEOUT_MS;
   if (!check_keys (src, group, known, error) ||
       !read_string (src, group, "address", &server->address, error) ||
       !read_string (src, group, "credentials", &server->credentials, error) ||
       !read_bool (src, group, "kerberos", &server->kerberos, error) ||
       !read_uint (src, group, "timeout-ms", 100, 600000, 1,
                   &server->timeout_ms, error))
      return FALSE;
#ifdef G_OS_WIN32
   // On Windows the server is asked through netapi32 as the account the
   // migration host runs as (file-server-windows.c): nothing to log on with.
   if (server->credentials != NULL || server->kerberos)
      return fail (src, group, server->credentials ? "credentials" : "kerberos",
                   error,
                   "on Windows mmfguard asks %s as the account the migration "
                   "host runs as: remove this key, and give that account the "
                   "right on the server (Administrators or Server Operators)",
                   name);
#else
   if (server->credentials == NULL && !server->kerberos)
      return fail (src, group, "credentials", error,
                   "say how to log on to %s: credentials = FILE (username =, "
                   "password =, domain = lines), or kerberos = true",
                   name);
#endif
   if (server->credentials != NULL && server->kerberos)
      return fail (src, group, "kerberos", error,
                   "use either credentials or kerberos = true, not both");
   if (server->credentials != NULL && !g_path_is_absolute (server->credentials))
      return fail (src, group, "credentials", error,
                   "“%s” is not an absolute path", server->credentials);
   if (server->credentials != NULL &&
       !check_credentials_file (src, group, server->credentials, error))
      return FALSE;
   g_ptr_array_add (s->file_servers, g_steal_pointer (&server));
   return TRUE;
}

static gboolean
read_file (const Source *src, MmfgSettings *s, GError **error)
{
   g_auto (GStrv) groups = g_key_file_get_groups (src->kf, NULL);
   for (guint i = 0; groups[i] != NULL; i++) {
      const char *g = groups[i];
      gboolean ok;
      if (strcmp (g, "policy") == 0)
         ok = read_policy (src, s, error);
      else if (strcmp (g, "samba") == 0)
         ok = read_samba (src, s, error);
      else if (strcmp (g, "locks") == 0) {
         const char *const known[] = {"stale-after-minutes", NULL};
         ok = check_keys (src, g, known, error) &&
              read_uint (src, g, "stale-after-minutes", 1, 30 * 24 * 60, 60,
                         &s->stale_after_s, error);
      } else if (strcmp (g, "catalog") == 0) {
         const char *const known[] = {"site-dir", NULL};
         ok = check_keys (src, g, known, error) &&
              read_string (src, g, "site-dir", &s->site_catalog_dir, error);
      } else if (g_str_has_prefix (g, "path-map ")) {
         ok = read_path_map (src, g, s, error);
      } else if (strcmp (g, "file-systems") == 0) {
         ok = read_file_systems (src, g, s, error);
      } else if (g_str_has_prefix (g, "file-server ")) {
         ok = read_file_server (src, g, s, error);
      } else {
         g_set_error (
            error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_GROUP_NOT_FOUND,
            "%s:%u: unknown group [%s]; the groups are [policy], "
            "[locks], [samba], [catalog], [path-map NAME], [file-systems] "
            "and [file-server NAME]",
            src->path, line_of (src->text, g, NULL), g);
         ok = FALSE;
      }
      if (!ok)
         return FALSE;
   }
   return TRUE;
}

MmfgSettings *
mmfg_settings_load (const char *path, GError **error)
{
   g_autoptr (MmfgSettings) s = settings_defaults ();
   if (path == NULL)
      return g_steal_pointer (&s);

   g_autofree char *text = NULL;
   gsize len = 0;
   g_autoptr (GError) local = NULL;
   if (!g_file_get_contents (path, &text, &len, &local)) {
      g_set_error (error, G_FILE_ERROR, local->code,
                   "cannot read the configuration: %s", local->message);
      return NULL;
   }
   if (!g_utf8_validate (text, (gssize) len, NULL) || strlen (text) != len) {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_UNKNOWN_ENCODING,
                   "%s: not UTF-8 text; save the configuration as UTF-8", path);
      return NULL;
   }
   if (!check_syntax (path, text, error))
      return NULL;

   g_autoptr (GKeyFile) kf = g_key_file_new ();
   if (!g_key_file_load_from_data (kf, text, len, G_KEY_FILE_NONE, &local)) {
      g_set_error (error, G_KEY_FILE_ERROR, G_KEY_FILE_ERROR_PARSE, "%s: %s",
                   path, local->message);
      return NULL;
   }
   Source src = {path, text, kf};
   if (!read_file (&src, s, error))
      return NULL;
   s->source_path = g_strdup (path);
   return g_steal_pointer (&s);
}

static gboolean
is_separator (char c)
{
   return c == '\\' || c == '/';
}

// Whether `path` starts with `prefix`, ignoring ASCII case and treating both
// slashes alike, ending at a separator or the end. Returns the rest.
static const char *
match_prefix (const char *path, const char *prefix)
{
   gsize i = 0;
   for (; prefix[i] != '\0'; i++) {
      char a = path[i], b = prefix[i];
      if (a == '\0')
         return NULL;
      if (is_separator (a) && is_separator (b))
         continue;
      if (g_ascii_tolower (a) != g_ascii_tolower (b))
         return NULL;
   }
   if (i > 0 && is_separator (prefix[i - 1]))
      return path + i;
   if (path[i] != '\0' && !is_separator (path[i]))
      return NULL;
   return path + i;
}

static gboolean
looks_windows (const char *path)
{
   return strchr (path, '\\') != NULL ||
          (g_ascii_isalpha (path[0]) && path[1] == ':');
}

// Where the plugin runs on Windows, a drive-letter or UNC path the host
// logged is a path of this machine as it stands; elsewhere it needs a map.
#ifdef G_OS_WIN32
#define WINDOWS_PATHS_ARE_LOCAL TRUE
#else
#define WINDOWS_PATHS_ARE_LOCAL FALSE
#endif

char *
mmfg_settings_map_path (const MmfgSettings *settings, const char *path)
{
   if (path == NULL)
      return NULL;
   const MmfgPathMap *best = NULL;
   const char *best_rest = NULL;
   for (guint i = 0; i < settings->path_maps->len; i++) {
      const MmfgPathMap *map = g_ptr_array_index (settings->path_maps, i);
      const char *rest = match_prefix (path, map->windows_prefix);
      if (rest != NULL && (best == NULL || strlen (map->windows_prefix) >
                                              strlen (best->windows_prefix))) {
         best = map;
         best_rest = rest;
      }
   }
   if (best == NULL)
      return looks_windows (path) && !WINDOWS_PATHS_ARE_LOCAL ? NULL
                                                              : g_strdup (path);

   while (is_separator (*best_rest))
      best_rest++;
   // The rest must stay inside the mapped folder. Bytes, not a regex: the
   // path may be anything a host passed, valid UTF-8 or not.
   for (const char *p = best_rest; *p != '\0';) {
      gsize n = strcspn (p, "\\/");
      if (n == 2 && p[0] == '.' && p[1] == '.')
         return NULL;
      p += n;
      while (is_separator (*p))
         p++;
   }

   GString *out = g_string_new (best->local_prefix);
   if (*best_rest != '\0' && !g_str_has_suffix (out->str, "/"))
      g_string_append_c (out, '/');
   for (const char *p = best_rest; *p != '\0'; p++)
      g_string_append_c (out, *p == '\\' ? '/' : *p);
   return g_string_free (out, FALSE);
}

const MmfgFileServerConfig *
mmfg_settings_file_server (const MmfgSettings *settings, const char *server)
{
   for (guint i = 0; server != NULL && settings->file_servers != NULL &&
                     i < settings->file_servers->len;
        i++) {
      const MmfgFileServerConfig *c =
         g_ptr_array_index (settings->file_servers, i);
      if (g_ascii_strcasecmp (c->name, server) == 0)
         return c;
   }
   return NULL;
}

// The rest of `path` after the local folder `prefix`, or NULL when `prefix`
// is not `path` or a parent of it. Case matters: these are Linux paths.
static const char *
after_local_prefix (const char *path, const char *prefix)
{
   gsize n = strlen (prefix);
   while (n > 1 && prefix[n - 1] == '/')
      n--;
   if (strncmp (path, prefix, n) != 0 || (path[n] != '\0' && path[n] != '/'))
      return NULL;
   return path + n;
}

char *
mmfg_settings_unmap_path (const MmfgSettings *settings, const char *local_path)
{
   const MmfgPathMap *best = NULL;
   const char *best_rest = NULL;
   for (guint i = 0; local_path != NULL && settings->path_maps != NULL &&
                     i < settings->path_maps->len;
        i++) {
      const MmfgPathMap *map = g_ptr_array_index (settings->path_maps, i);
      const char *rest = after_local_prefix (local_path, map->local_prefix);
      if (rest != NULL && (best == NULL || strlen (map->local_prefix) >
                                              strlen (best->local_prefix))) {
         best = map;
         best_rest = rest;
      }
   }
   if (best == NULL)
      return NULL;
   GString *out = g_string_new (NULL);
   for (const char *p = best->windows_prefix; *p != '\0'; p++)
      g_string_append_c (out, *p == '/' ? '\\' : *p);
   while (out->len > 0 && out->str[out->len - 1] == '\\')
      g_string_truncate (out, out->len - 1);
   for (const char *p = best_rest; *p != '\0'; p++)
      g_string_append_c (out, *p == '/' ? '\\' : *p);
   return g_string_free (out, FALSE);
}
