// struct-rules.c — checking the structs a host hands the plugin.

#include "struct-rules.h"

gboolean
mmfg_input_struct_ok (const void *s, uint32_t struct_size, size_t known)
{
   if (s == NULL || struct_size < known ||
       struct_size - known > MIG_MAX_STRUCT_GROWTH)
      return FALSE;
   const unsigned char *tail = (const unsigned char *) s + known;
   for (size_t i = 0; i < struct_size - known; i++)
      if (tail[i] != 0)
         return FALSE;
   return TRUE;
}

static gboolean
utf8_or_null (const char *s)
{
   return s == NULL || g_utf8_validate (s, -1, NULL);
}

gboolean
mmfg_account_ok (const mig_account *a)
{
   return mmfg_input_struct_ok (a, a ? a->struct_size : 0, sizeof *a) &&
          a->reserved == 0 && a->user != NULL && a->postoffice != NULL &&
          g_utf8_validate (a->user, -1, NULL) &&
          g_utf8_validate (a->postoffice, -1, NULL) &&
          utf8_or_null (a->full_name) && utf8_or_null (a->hex_id);
}

gboolean
mmfg_batch_ok (const mig_batch *b)
{
   return mmfg_input_struct_ok (b, b ? b->struct_size : 0, sizeof *b) &&
          b->batch_id != 0 && b->postoffice != NULL &&
          g_utf8_validate (b->postoffice, -1, NULL);
}

gboolean
mmfg_event_ok (const mig_event *e)
{
   if (!mmfg_input_struct_ok (e, e ? e->struct_size : 0, sizeof *e) ||
       e->reserved != 0 || !utf8_or_null (e->source) ||
       !utf8_or_null (e->description) ||
       (e->n_inserts > 0 && e->inserts == NULL) ||
       (e->account != NULL && !mmfg_account_ok (e->account)))
      return FALSE;
   for (uint32_t i = 0; i < e->n_inserts; i++)
      if (!utf8_or_null (e->inserts[i]))
         return FALSE;
   return TRUE;
}
