// samba-server.h — a real Samba file server and real SMB clients, for tests.
//
// A real smbd bound to 127.0.0.1:445 with every state folder under a
// temporary directory, exporting one share; real SMB clients hold files on it
// the way Windows clients do: deny-write and deny-all opens through Samba's
// own client library (smb-hold-open.py), an SMB2 byte-range lock through
// impacket (smb-range-lock.py). The client scripts are found under
// MMFG_SOURCE_ROOT/tests/samba.
//
// Needs root, a free port 445, samba, python3-samba and python3-impacket.
// A test calls samba_missing_prerequisite() first and, when something is
// missing, samba_skip_or_fail(): a skip locally, a failure in CI (CI=true),
// where a skip would hide a broken setup.
//
// Not thread-safe; one server per test process at a time (one port 445).

#pragma once

#include <gio/gio.h>

#define SAMBA_PYTHON                                                           \
   "/usr/bin/python3"           // Debian's, which has the samba bindings
#define SAMBA_SMB_USER "nobody" // any existing Unix account will do
#define SAMBA_SMB_PASSWORD "Mmfg-Test-1"
#define SAMBA_SHARE "maildata"
// What the server records as the client machine of every test client: they
// all connect from the loopback address.
#define SAMBA_CLIENT_MACHINE "127.0.0.1"

typedef struct {
   // Set before samba_server_start (the rest zeroed): the IPv4 address smbd
   // binds and clients reach (NULL: 127.0.0.1), and the network namespace
   // smbd runs in (NULL: this process's), for the bench's simulated
   // network. Not owned.
   const char *address;
   const char *netns;
   char *dir;         // the temporary folder holding everything below
   char *conf;        // the server's smb.conf: pass it to smbstatus -s
   char *client_conf; // the Python client's smb.conf
   char *share_dir;   // the folder exported as SAMBA_SHARE, mode 0777
   GSubprocess *smbd; // the parent smbd; clients are served by its children
   gint64 smbd_pid;
   GPtrArray *clients;    // GSubprocess*, the SMB clients still holding
   GSubprocess *smbnetfs; // the network file system over the share, if mounted
   char *smbnetfs_home;
   char *smbnetfs_mount;
} SambaServer;

// Fails the test in CI (CI=true), skips it elsewhere, saying `why`.
void samba_skip_or_fail (const char *why);

// Why a Samba test cannot run here, or NULL (newly allocated). `server`: the
// test runs its own smbd and SMB clients; otherwise it only runs smbstatus.
char *samba_missing_prerequisite (gboolean server);

// The same for a test that also reaches the share through smbnetfs (which
// needs its program and /dev/fuse).
char *samba_missing_network_prerequisite (void);

// The same for a server in a network namespace of its own: port 445 of
// this machine's loopback need not be free.
char *samba_missing_tools (void);

// Writes the configurations, registers SAMBA_SMB_USER's password and starts
// smbd, waiting until it accepts connections on 127.0.0.1:445. Fails the test
// on any error. `s` must be zeroed.
void samba_server_start (SambaServer *s);

// Starts an SMB client opening `name` (relative to the share, '/' separated)
// for read and write with NT share access `share_access` (1: deny-write,
// 0: deny-all), and waits until the open is granted.
void samba_server_hold_open (SambaServer *s, const char *name,
                             int share_access);

// The same as `user` with `password` (an account added with
// samba_server_add_user).
void samba_server_hold_open_as (SambaServer *s, const char *user,
                                const char *password, const char *name,
                                int share_access);
void samba_server_hold_range_as (SambaServer *s, const char *user,
                                 const char *password, const char *name,
                                 guint64 offset, guint64 length);

// Starts one SMB client holding `count` files FOLDER/%08X.MMF open from hex
// id `first` on (read, sharing read and write), and waits until all are.
void samba_server_hold_many (SambaServer *s, const char *folder, guint first,
                             guint count);

// Registers `user` (an existing Unix account) with `password` in the
// server's own password database.
void samba_server_add_user (SambaServer *s, const char *user,
                            const char *password);

// Maps BUILTIN\Administrators to `unix_group` in the server's group mapping:
// its members may list the server's open files (MS-SRVS NetrFileEnum).
void samba_server_grant_file_listing (SambaServer *s, const char *unix_group);

// Mounts the server's shares with smbnetfs (FUSE over SMB, as another machine
// reaches them), logging on as `user`; returns where SAMBA_SHARE is seen
// (MOUNT/ADDRESS/SHARE). samba_server_stop() unmounts it.
char *samba_server_mount_smbnetfs (SambaServer *s, const char *user,
                                   const char *password);

// Starts an SMB client taking an exclusive SMB2 byte-range lock on bytes
// [offset, offset + length) of `name`, and waits until it is granted.
void samba_server_hold_range (SambaServer *s, const char *name, guint64 offset,
                              guint64 length);

// Tells every client to let go. Each one first checks that its handle still
// works on the server (its open, and with it its share mode or lock, was not
// taken away) and exits 0 only then. Returns how many did not exit 0.
guint samba_server_release_clients (SambaServer *s);

// Releases the clients, stops smbd by its pid and removes the temporary
// folder (kept when MMFG_KEEP_SAMBA_DIR is set). Safe on a server that was
// never started.
void samba_server_stop (SambaServer *s);

// An smb.conf in `dir` whose lock, state and cache directories are `dir`:
// no smbd uses that lock database, so smbstatus -s on it cannot answer with
// open files. Newly allocated path.
char *samba_write_unused_config (const char *dir);
