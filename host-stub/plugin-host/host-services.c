// host-services.c — the mig_host struct mig-host hands to a plugin's init().

#include "plugin-host/host-services.h"

#include "plugin-host/answer-copy.h"
#include "display-text.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include "host-error.h"

struct MhHostServices {
   mig_host host; // host_data points back to this struct
   char *locale;
   char *config_path;
   char *log_domain;
   // While not NULL, the plugin's messages wait here (HeldMessage *).
   GPtrArray *held;
   GMutex held_lock;
   gint unknown_levels; // messages at a level no MIG_LOG_* names
};

typedef struct {
   int32_t level;
   char *message;
} HeldMessage;

static void
held_message_free (gpointer data)
{
   HeldMessage *m = data;
   g_free (m->message);
   g_free (m);
}

// Keeps the message when messages are held; FALSE when they are not.
static gboolean
hold (MhHostServices *self, int32_t level, const char *message)
{
   if (self == NULL)
      return FALSE;
   g_mutex_lock (&self->held_lock);
   gboolean holding = self->held != NULL;
   if (holding) {
      HeldMessage *m = g_new (HeldMessage, 1);
      *m = (HeldMessage){level, g_strdup (message != NULL ? message : "")};
      g_ptr_array_add (self->held, m);
   }
   g_mutex_unlock (&self->held_lock);
   return holding;
}

// GLib's ERROR level aborts and CRITICAL is fatal under
// G_DEBUG=fatal-criticals, so a plugin's error is logged at WARNING level
// with the journal priority of an error (3) carried in PRIORITY.
static void MIG_CALL
host_log (const struct mig_host *host, int32_t level, const char *message)
{
   MhHostServices *self = host != NULL ? host->host_data : NULL;
   if (self != NULL && (level < MIG_LOG_DEBUG || level > MIG_LOG_ERROR))
      g_atomic_int_inc (&self->unknown_levels);
   if (hold (self, level, message))
      return;
   GLogLevelFlags glib_level = G_LOG_LEVEL_WARNING;
   const char *priority = "4";
   // A level this host does not know is logged as the nearest it knows.
   level = CLAMP (level, MIG_LOG_DEBUG, MIG_LOG_ERROR);
   switch (level) {
   case MIG_LOG_DEBUG:
      glib_level = G_LOG_LEVEL_DEBUG;
      priority = "7";
      break;
   case MIG_LOG_INFO:
      glib_level = G_LOG_LEVEL_INFO;
      priority = "6";
      break;
   case MIG_LOG_ERROR:
      priority = "3";
      break;
   default:
      break;
   }
   g_autofree char *text = mh_display_text (message, -1, MH_DISPLAY_KEEP_LINES);
   const GLogField fields[] = {
      {"MESSAGE", text, -1},
      {"PRIORITY", priority, -1},
      {"GLIB_DOMAIN",
       self != NULL && self->log_domain != NULL ? self->log_domain : "plugin",
       -1},
   };
   g_log_structured_array (glib_level, fields, G_N_ELEMENTS (fields));
}

// findings/1 is the one further service: every cause behind an answer goes
// into the report beside the deciding one.
static const void *MIG_CALL
host_get_service (const struct mig_host *host, const char *id)
{
   (void) host;
   if (id != NULL && strcmp (id, MIG_SERVICE_FINDINGS) == 0)
      return mh_answer_findings_service ();
   return NULL;
}

const char *
mh_host_locale_from_environment (void)
{
   static const char *const names[] = {"LANGUAGE", "LC_ALL", "LC_MESSAGES",
                                       "LANG"};
   for (gsize i = 0; i < G_N_ELEMENTS (names); i++) {
      const char *value = g_getenv (names[i]);
      if (value != NULL && value[0] != '\0')
         return value;
   }
   return NULL;
}

static gboolean
check_utf8_option (const char *value, const char *option, GError **error)
{
   if (value == NULL || g_utf8_validate (value, -1, NULL))
      return TRUE;
   g_autofree char *shown = mh_display_text (value, -1, MH_DISPLAY_ONE_LINE);
   g_set_error (error, MH_HOST_ERROR, MH_HOST_ERROR_USAGE,
                _ ("%s \"%s\" is not valid UTF-8; plugins take UTF-8 only: "
                   "rename the file or choose another value"),
                option, shown);
   return FALSE;
}

MhHostServices *
mh_host_services_new (const char *locale, const char *config_path,
                      GError **error)
{
   if (locale == NULL) {
      locale = mh_host_locale_from_environment ();
      // A garbled environment variable is not worth refusing to run for.
      if (locale != NULL && !g_utf8_validate (locale, -1, NULL))
         locale = NULL;
   }
   if (!check_utf8_option (locale, "--locale", error) ||
       !check_utf8_option (config_path, "--config", error))
      return NULL;

   MhHostServices *self = g_new0 (MhHostServices, 1);
   g_mutex_init (&self->held_lock);
   self->locale = g_strdup (locale);
   self->config_path =
      config_path != NULL ? g_canonicalize_filename (config_path, NULL) : NULL;
   self->host = (mig_host){
      .struct_size = sizeof (mig_host),
      .abi_major = MIG_ABI_VERSION_MAJOR,
      .abi_minor = MIG_ABI_VERSION_MINOR,
      .abi_revision = MIG_ABI_VERSION_REVISION,
      .name = "mig-host",
      .version = MIG_HOST_VERSION,
      .locale = self->locale,
      .config_path = self->config_path,
      .host_data = self,
      .log = host_log,
      .get_service = host_get_service,
   };
   return self;
}

void
mh_host_services_free (MhHostServices *self)
{
   if (self == NULL)
      return;
   g_free (self->locale);
   g_free (self->config_path);
   g_free (self->log_domain);
   g_clear_pointer (&self->held, g_ptr_array_unref);
   g_mutex_clear (&self->held_lock);
   g_free (self);
}

void
mh_host_services_hold_log (MhHostServices *self)
{
   g_mutex_lock (&self->held_lock);
   if (self->held == NULL)
      self->held = g_ptr_array_new_with_free_func (held_message_free);
   g_mutex_unlock (&self->held_lock);
}

void
mh_host_services_release_log (MhHostServices *self, gboolean write)
{
   g_mutex_lock (&self->held_lock);
   GPtrArray *held = g_steal_pointer (&self->held);
   g_mutex_unlock (&self->held_lock);
   if (held == NULL)
      return;
   for (guint i = 0; write && i < held->len; i++) {
      const HeldMessage *m = held->pdata[i];
      host_log (&self->host, m->level, m->message);
   }
   g_ptr_array_unref (held);
}

guint
mh_host_services_unknown_levels (MhHostServices *self)
{
   return (guint) g_atomic_int_get (&self->unknown_levels);
}

const mig_host *
mh_host_services_host (const MhHostServices *self)
{
   return &self->host;
}

void
mh_host_services_set_log_domain (MhHostServices *self, const char *domain)
{
   g_free (self->log_domain);
   self->log_domain = mh_display_text (domain, -1, MH_DISPLAY_ONE_LINE);
}
