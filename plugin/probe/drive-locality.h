// drive-locality.h — whether a Windows post office is provably on this
// machine's own disks, or must be asked about on its file server.
//
// On this machine's disks the Windows lock probe opens the file and sees
// every holder's share mode; on a file server it would see none of the
// server's clients, so the server is asked instead. A mistake in the first
// direction is a wrong "go": the rules therefore call a post office local
// only when Windows proves it, and everything else a network post office
// (drive-locality.c lists the rules). They are pure functions of what
// Windows said, so they build and are tested on every platform;
// drive-locality-windows.c asks Windows.

#pragma once

#include <glib.h>

// How a post office path is written, once made absolute (GetFullPathNameW).
typedef enum {
   MMFG_WIN_PATH_DRIVE, // X:\…, \\?\X:\… or \\.\X:\…
   MMFG_WIN_PATH_UNC, // \\SERVER\SHARE\…, \\?\UNC\SERVER\SHARE\…, \\.\UNC\…
   MMFG_WIN_PATH_OTHER, // any other device name space path: \\?\Volume{…}\…,
                        // \\?\GLOBALROOT\…, \\.\PIPE\…; or not absolute
} MmfgWinPathKind;

typedef struct {
   MmfgWinPathKind kind;
   char drive[3];    // "X:" for a drive; "" otherwise
   const char *rest; // for a drive, what follows "X:" (into the path given)
   char *unc;        // for a UNC path, \\SERVER\SHARE\… ; owned, else NULL
} MmfgWinPath;

// Splits an absolute Windows path into the forms above. Never fails: what
// is neither a drive nor a UNC path is MMFG_WIN_PATH_OTHER.
void mmfg_win_path_parse (const char *path, MmfgWinPath *out);
void mmfg_win_path_clear (MmfgWinPath *path);

// GetDriveTypeW's answers, with Windows' values.
typedef enum {
   MMFG_DRIVE_TYPE_UNKNOWN = 0,
   MMFG_DRIVE_TYPE_NO_ROOT_DIR = 1,
   MMFG_DRIVE_TYPE_REMOVABLE = 2,
   MMFG_DRIVE_TYPE_FIXED = 3,
   MMFG_DRIVE_TYPE_REMOTE = 4,
   MMFG_DRIVE_TYPE_CDROM = 5,
   MMFG_DRIVE_TYPE_RAMDISK = 6,
} MmfgDriveType;

// What WNetGetConnectionW said of the drive.
typedef enum {
   MMFG_DRIVE_CONNECTION_NONE,    // ERROR_NOT_CONNECTED, ERROR_NO_NETWORK
   MMFG_DRIVE_CONNECTION_NAMED,   // it named a remote name (`remote`)
   MMFG_DRIVE_CONNECTION_UNKNOWN, // any other answer
} MmfgDriveConnection;

// What Windows says about one drive letter and the post office on it.
// The strings are borrowed from the caller.
typedef struct {
   MmfgDriveType type;             // GetDriveTypeW of "X:\"
   const char *device;             // QueryDosDeviceW of "X:": its current
                                   // target; NULL when it names none
   MmfgDriveConnection connection; // WNetGetConnectionW of "X:"
   const char *remote;             // its remote name when NAMED; else NULL
   const char *final_path;         // GetFinalPathNameByHandleW (NT form) of
                                   // the post office folder; NULL when the
                                   // folder cannot be opened
} MmfgDriveFacts;

typedef enum {
   MMFG_DRIVE_LOCAL,     // provably this machine's own
   MMFG_DRIVE_SUBST,     // a folder of another drive (subst): judge that
                         // drive, which facts->device names (\??\Y:\…)
   MMFG_DRIVE_NOT_LOCAL, // not provably local: a network post office
} MmfgDriveLocality;

// The rules (drive-locality.c). `why`, when not NULL, is set to a short
// phrase saying what made a drive not local, eg "drive M: is mapped to
// \Device\Nowhere"; NULL otherwise.
MmfgDriveLocality mmfg_drive_locality (const char *drive,
                                       const MmfgDriveFacts *facts, char **why);

// The UNC path (\\SERVER\SHARE[\…]) an NT device path names: \??\UNC\…,
// \Device\Mup\…, \Device\LanmanRedirector\… (the ";…" parts a redirector
// adds skipped). NULL when it names none.
char *mmfg_device_path_unc (const char *device);

#ifdef G_OS_WIN32
// Where a post office is, as Windows says (drive-locality-windows.c).
typedef struct {
   gboolean local; // provably on this machine's own disks
   char *unc;      // when not local: \\SERVER\SHARE\… of the post office
                   // folder, or NULL when Windows does not say; owned
   char *drive;    // the drive letter the path goes through ("M:"); owned
   char *why;      // when not local, why, for the operator; owned
} MmfgPostofficeSite;

// Asks Windows where `postoffice` is. Never fails: what cannot be found out
// is "not local" with no UNC path.
void mmfg_postoffice_site (const char *postoffice, MmfgPostofficeSite *out);
void mmfg_postoffice_site_clear (MmfgPostofficeSite *site);
#endif
