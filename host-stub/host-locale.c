// host-locale.c — the one choice of language (see the header).

#include "host-locale.h"

#include "plugin-host/host-services.h"

#include <glib/gi18n-lib.h>
#include <locale.h>
#include <string.h>

static const char *
locale_argument (int argc, char **argv)
{
   const char *found = NULL;
   for (int i = 1; i < argc; i++) {
      if (strcmp (argv[i], "--") == 0)
         break;
      if (strcmp (argv[i], "--locale") == 0 && i + 1 < argc)
         found = argv[++i];
      else if (g_str_has_prefix (argv[i], "--locale="))
         found = argv[i] + strlen ("--locale=");
   }
   return found;
}

static char *
locale_dir (void)
{
   const char *dir = g_getenv ("MIG_HOST_LOCALEDIR");
   if (dir != NULL && dir[0] != '\0')
      return g_strdup (dir);
#ifdef G_OS_WIN32
   // The zip is unpacked anywhere: the translations travel with the exe.
   g_autofree char *base =
      g_win32_get_package_installation_directory_of_module (NULL);
   return g_build_filename (base, "share", "locale", NULL);
#else
   return g_strdup (MH_LOCALEDIR);
#endif
}

void
mh_locale_init (int argc, char **argv)
{
   g_autofree char *dir = locale_dir ();
   bindtextdomain (GETTEXT_PACKAGE, dir);
   // Every output of mig-host is UTF-8, whatever the terminal's locale.
   bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
   const char *chosen = locale_argument (argc, argv);
   if (chosen == NULL)
      chosen = mh_host_locale_from_environment ();
   if (chosen == NULL || chosen[0] == '\0' || strcmp (chosen, "C") == 0 ||
       strcmp (chosen, "POSIX") == 0 || !g_utf8_validate (chosen, -1, NULL))
      return;
   // gettext reads LANGUAGE first, so the plugin (which is handed the
   // same value) and mig-host cannot disagree. The language need not be
   // installed as a system locale (a server often has C.UTF-8 only); but
   // gettext ignores LANGUAGE in the "C" locale, so messages then take
   // C.UTF-8, where it does not.
   g_setenv ("LANGUAGE", chosen, TRUE);
#ifdef G_OS_WIN32
   // libintl on Windows takes the messages' locale from LC_MESSAGES in the
   // environment before the user's UI language; the C runtime ignores it.
   g_setenv ("LC_MESSAGES", chosen, TRUE);
#elif defined(LC_MESSAGES)
   const char *now = setlocale (LC_MESSAGES, NULL);
   if (now == NULL || strcmp (now, "C") == 0 || strcmp (now, "POSIX") == 0)
      if (setlocale (LC_MESSAGES, "C.UTF-8") == NULL)
         setlocale (LC_MESSAGES, "C.utf8");
#endif
}
