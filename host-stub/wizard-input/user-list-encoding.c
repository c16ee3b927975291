// user-list-encoding.c — the encoding of a user list, told from its bytes.

#include "wizard-input/user-list-encoding.h"

#include "display-text.h"
#include "host-error.h"

#include <glib/gi18n-lib.h>
#include <string.h>

unsigned
mh_user_list_line_at (const char *data, gsize offset, const char *iconv_name)
{
   unsigned line = 1;
   gsize unit = 1, lf_at = 0;
   if (iconv_name != NULL && g_str_has_prefix (iconv_name, "UTF-16"))
      unit = 2;
   else if (iconv_name != NULL && g_str_has_prefix (iconv_name, "UTF-32"))
      unit = 4;
   if (unit > 1 && g_str_has_suffix (iconv_name, "BE"))
      lf_at = unit - 1;
   for (gsize i = 0; i + unit <= offset; i += unit) {
      gboolean lf = data[i + lf_at] == '\n';
      for (gsize k = 0; k < unit && lf; k++)
         lf = k == lf_at || data[i + k] == '\0';
      line += lf;
   }
   return line;
}

// Converts `len` bytes from `iconv_name` to UTF-8 into `d`; `shown` is the
// encoding as messages name it.
static gboolean
convert (const char *data, gsize len, const char *iconv_name, const char *shown,
         const char *name, MhUserListText *d, GError **error)
{
   gsize read = 0;
   g_autoptr (GError) local = NULL;
   d->owned = g_convert (data, (gssize) len, "UTF-8", iconv_name, &read,
                         &d->len, &local);
   d->text = d->owned;
   d->encoding = shown;
   // Told where it stopped, g_convert takes a character cut at the end for
   // the end: that is an error here.
   if (d->owned != NULL && read == len)
      return TRUE;
   g_clear_pointer (&d->owned, g_free);
   d->text = NULL;
   g_autofree char *file = mh_display_path (name);
   g_autofree char *cp = mh_display_text (shown, -1, 0);
   if (local != NULL && g_error_matches (local, G_CONVERT_ERROR,
                                         G_CONVERT_ERROR_NO_CONVERSION)) {
      g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_USAGE,
                   _ ("--users-encoding %s: not an encoding this system can "
                      "convert from; give a Windows code page such as CP1252 "
                      "or CP1250"),
                   cp);
      return FALSE;
   }
   gboolean partial =
      local == NULL ||
      g_error_matches (local, G_CONVERT_ERROR, G_CONVERT_ERROR_PARTIAL_INPUT);
   unsigned line = mh_user_list_line_at (data, read, iconv_name);
   if (strcmp (iconv_name, shown) != 0) {
      // Told by the bytes (a byte order mark, NULs): not the option's.
      g_set_error (
         error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
         partial ? _ ("%s, line %u: the file is %s, but it ends inside a "
                      "character; save it again as UTF-8 or export the list "
                      "from the migration wizard again")
                 : _ ("%s, line %u: the file is %s, but holds bytes that are "
                      "no character there; save it again as UTF-8 or export "
                      "the list from the migration wizard again"),
         file, line, cp);
      return FALSE;
   }
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_DATA,
                _ ("%s, line %u: it is not UTF-8, and byte 0x%02X is not a "
                   "character in %s; give the list's code page with "
                   "--users-encoding (eg CP1250 for Central European Windows)"),
                file, line, read < len ? (unsigned) (guchar) data[read] : 0u,
                cp);
   return FALSE;
}

// Whether `len` bytes are UTF-8 but for NULs, which are no reason to read
// the file in a code page: they are found in their row and block it.
static gboolean
utf8_with_nuls (const char *data, gsize len)
{
   const char *p = data, *end = data + len;
   while (p < end) {
      const char *nul = memchr (p, '\0', end - p);
      const char *stop = nul != NULL ? nul : end;
      if (!g_utf8_validate_len (p, stop - p, NULL))
         return FALSE;
      p = nul != NULL ? nul + 1 : end;
   }
   return TRUE;
}

// UTF-16 without a byte order mark, told by the NULs of its ASCII text:
// the lines a list starts with ("Postoffice: ...", "SFS_UserName,...") are
// ASCII, so in UTF-16 one byte of each pair is 0. A NUL or two in UTF-8
// text is far from that. Returns the iconv name, or NULL.
static const char *
utf16_by_nuls (const char *data, gsize len)
{
   gsize pairs = MIN (len, (gsize) 1024) / 2, le = 0, be = 0;
   if (pairs < 2)
      return NULL;
   for (gsize i = 0; i < pairs; i++) {
      gboolean lo = data[2 * i] != '\0', hi = data[2 * i + 1] != '\0';
      le += lo && !hi;
      be += !lo && hi;
   }
   if (le * 4 >= pairs * 3)
      return "UTF-16LE";
   if (be * 4 >= pairs * 3)
      return "UTF-16BE";
   return NULL;
}

gboolean
mh_user_list_decode (const char *data, gsize len, const char *name,
                     const char *codepage, MhUserListText *d, GError **error)
{
   static const struct {
      const char *bom;
      gsize bom_len;
      const char *iconv_name; // NULL: UTF-8, read as it is
      const char *shown;
   } boms[] = {
      {"\xEF\xBB\xBF", 3, NULL, "UTF-8 (with BOM)"},
      // Before UTF-16LE, whose mark starts the same.
      {"\xFF\xFE\0\0", 4, "UTF-32LE", "UTF-32 (little-endian, with BOM)"},
      {"\0\0\xFE\xFF", 4, "UTF-32BE", "UTF-32 (big-endian, with BOM)"},
      {"\xFF\xFE", 2, "UTF-16LE", "UTF-16 (little-endian, with BOM)"},
      {"\xFE\xFF", 2, "UTF-16BE", "UTF-16 (big-endian, with BOM)"},
   };
   memset (d, 0, sizeof *d);
   for (gsize i = 0; i < G_N_ELEMENTS (boms); i++) {
      if (len < boms[i].bom_len ||
          memcmp (data, boms[i].bom, boms[i].bom_len) != 0)
         continue;
      data += boms[i].bom_len;
      len -= boms[i].bom_len;
      if (boms[i].iconv_name == NULL) {
         *d = (MhUserListText){data, len, NULL, boms[i].shown, FALSE};
         return TRUE;
      }
      return convert (data, len, boms[i].iconv_name, boms[i].shown, name, d,
                      error);
   }
   const char *utf16 = utf16_by_nuls (data, len);
   if (utf16 != NULL)
      return convert (data, len, utf16,
                      strcmp (utf16, "UTF-16LE") == 0 ? "UTF-16 (little-endian)"
                                                      : "UTF-16 (big-endian)",
                      name, d, error);
   if (g_ascii_strcasecmp (codepage, "UTF-8") == 0 ||
       utf8_with_nuls (data, len)) {
      *d = (MhUserListText){data, len, NULL, "UTF-8", FALSE};
      return TRUE;
   }
   d->read_in_codepage = TRUE;
   return convert (data, len, codepage, codepage, name, d, error);
}

void
mh_user_list_text_clear (MhUserListText *d)
{
   g_clear_pointer (&d->owned, g_free);
   d->text = NULL;
   d->len = 0;
}
