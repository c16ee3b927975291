// fuzz-settings.c — the configuration file (settings.h mmfg_settings_load)
// over any bytes, then mmfg_settings_map_path over hostile host paths with
// the path maps that file set up. The file is the host administrator's, but
// map_path sees paths built from user names and post office contents, and
// must never map one outside its folder.
//
// Input: the configuration text, then after a NUL byte the host paths to
// map, NUL-separated.

#include "fuzz-target.h"

#include <errno.h>
#include <glib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "settings.h"

// Rationale: mmfg_settings_load takes a path, and a fuzzer must not write
// to the disk hundreds of thousands of times; a memfd is a file that lives
// in memory, and /proc/self/fd/N names it for g_file_get_contents.
static int config_fd = -1;
static char config_path[64];

// Paths every input is mapped with as well: a UNC path, ".." escapes out of
// the MMF folder, a lower-case drive path with '/' and ".", a local path,
// and the empty one.
static const char *const fixed_paths[] = {
   "\\\\MAILSRV\\MAILDATA\\MMF\\00000A01.MMF",
   "M:\\MMF\\..\\..\\etc\\shadow",
   "M:\\MMF\\..",
   "m:/mmf/./00000A01.MMF",
   "/srv/msmail/MAILDATA/MMF/00000A01.MMF",
   "",
};

static void
write_config (const char *text, size_t len)
{
   if (config_fd < 0) {
      config_fd = memfd_create ("mmfguard-fuzz-settings", MFD_CLOEXEC);
      FUZZ_CHECK (config_fd >= 0);
      g_snprintf (config_path, sizeof config_path, "/proc/self/fd/%d",
                  config_fd);
   }
   FUZZ_CHECK (ftruncate (config_fd, 0) == 0);
   size_t done = 0;
   while (done < len) {
      ssize_t n = pwrite (config_fd, text + done, len - done, (off_t) done);
      FUZZ_CHECK (n > 0 || (n < 0 && errno == EINTR));
      if (n > 0)
         done += (size_t) n;
   }
}

// A ".." component in `s` (either separator). A byte scan: the path may be
// any bytes, and GRegex refuses text that is not UTF-8.
static gboolean
has_dotdot (const char *s)
{
   for (const char *p = s; *p != '\0';) {
      gsize n = strcspn (p, "\\/");
      if (n == 2 && p[0] == '.' && p[1] == '.')
         return TRUE;
      p += n;
      if (*p != '\0')
         p++;
   }
   return FALSE;
}

static void
check_map (const MmfgSettings *s, const char *path)
{
   g_autofree char *mapped = mmfg_settings_map_path (s, path);
   if (mapped == NULL || strcmp (mapped, path) == 0)
      return;
   // Mapped: some map's local prefix, then the rest of the host's path,
   // which must not climb out of it. Which map was used is not returned and
   // one local prefix may begin another ("/srv/a", "/srv/a.."), so the
   // mapping is sound when one map explains it.
   gboolean explained = FALSE;
   for (guint i = 0; i < s->path_maps->len && !explained; i++) {
      const MmfgPathMap *map = g_ptr_array_index (s->path_maps, i);
      explained = g_str_has_prefix (mapped, map->local_prefix) &&
                  (has_dotdot (map->local_prefix) ||
                   !has_dotdot (mapped + strlen (map->local_prefix)));
   }
   FUZZ_CHECK (explained);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
   const char *text = (const char *) data;
   const char *nul = memchr (text, '\0', size);
   size_t config_len = nul ? (size_t) (nul - text) : size;
   write_config (text, config_len);

   g_autoptr (GError) error = NULL;
   g_autoptr (MmfgSettings) s = mmfg_settings_load (config_path, &error);
   if (s == NULL) {
      FUZZ_CHECK (error != NULL && error->message != NULL);
      // Errors name the file, so the administrator knows which to fix.
      FUZZ_CHECK (strstr (error->message, config_path) != NULL);
      // Mapping still happens with the defaults when the file is refused.
      s = mmfg_settings_load (NULL, NULL);
   } else {
      FUZZ_CHECK (error == NULL);
      FUZZ_CHECK (s->smbstatus_timeout_ms >= 100);
   }

   for (gsize i = 0; i < G_N_ELEMENTS (fixed_paths); i++)
      check_map (s, fixed_paths[i]);
   const char *p = nul ? nul + 1 : NULL;
   const char *end = text + size;
   while (p != NULL && p <= end) {
      const char *next = memchr (p, '\0', (size_t) (end - p));
      g_autofree char *path = g_strndup (p, (gsize) ((next ? next : end) - p));
      check_map (s, path);
      p = next ? next + 1 : NULL;
   }
   return 0;
}
