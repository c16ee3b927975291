// mig-plugin.h — the contract between a mail-migration host and its plugins.
//
// A host (a migration wizard, a batch runner, mig-host) loads a plugin (a
// shared object or DLL), finds its one exported symbol `mig_entry`, initialises
// it, and asks it about accounts before they are migrated and about error
// events after they were logged. abi/README.md (installed as
// doc/mmfguard-dev/abi-README.md) is part of this specification: its rules bind
// hosts and plugins as this header's do; were the two ever to disagree, this
// header wins (and the difference is a bug to report).
//
// Versions with the same major number are ABI compatible: a host built against
// 1.x loads every plugin built against 1.y, and the other way round.
// In every major version, the exported symbol is named `mig_entry`, and
// mig_plugin_entry and mig_host begin with uint32_t struct_size at offset 0
// and uint32_t abi_major at offset 4: a host and a plugin of different
// majors can always read each other's major and refuse cleanly.
//
// Rules that hold for every declaration below:
// - Every struct of data passed across starts with `struct_size`, set by
//   whoever allocates it to sizeof() as that side knows it. (The tables of
//   functions a hook or service id names have none: each is frozen with its
//   id.) Whoever allocates such a struct zeroes all of it, padding
//   included (memset, calloc), before setting its fields. Fields
//   are only ever appended.
//   Three kinds: input structs, allocated and filled by the host (mig_host,
//   mig_account, mig_event, mig_batch); output structs, allocated by the
//   host and filled by the plugin (mig_answer, mig_catalog_entry), whose
//   struct_size is the host's, so a host reads a field a later minor
//   appended only from a plugin whose abi_minor has it (zero otherwise);
//   and plugin-allocated structs (mig_plugin_entry, mig_finding), whose
//   reader reads the fields it knows and ignores the rest, zero or not.
//   Only input structs are refused for a tail the reader does not know.
//   For a struct a later minor added, "its 1.0 size" below is the size it
//   was added with. A plugin-allocated struct too small to read is not
//   used: an entry's plugin is not loaded, a finding is dropped. A
//   reader checks MIG_HAS_FIELD() before reading a field; a struct smaller than
//   its 1.0 size is refused with MIG_ERR_INVALID_ARGUMENT; bytes of an input
//   struct beyond what the reader knows must be zero. "What the reader knows"
//   is its own sizeof: a field a later minor appends starts at or beyond the
//   struct's earlier sizeof on every ABI (an explicit reserved field takes up
//   any end padding first), so end padding never becomes a field, and a
//   struct_size tells every minor apart. Every field below is 1.0's unless
//   marked "since 1.x" (mig_finding, the only struct 1.1 added, is 1.1's
//   whole), so a struct's 1.0 size ends with its last unmarked field: a reader
//   tests it with MIG_HAS_FIELD (p, type, that field), never with sizeof, which
//   grows when a later minor appends. (A 1.0 writer's sizeof may add end
//   padding past that field: Windows x86's mig_batch is 24 bytes, its last
//   field ending at 20; both pass.)
// - Only fixed-width integers, char arrays and pointers cross: no bool, enum,
//   bitfield, union, or struct passed by value.
// - Strings are valid UTF-8 and NUL-terminated. "Valid UTF-8" is RFC 3629's
//   (no surrogates, no overlong forms); "without case" means ASCII letters
//   only. Text the plugin returns goes
//   into a buffer the host allocated; nothing allocated on one side is ever
//   freed on the other.
// - Hooks are found by exact string id ("pre-migrate/1"). A released hook is
//   frozen; a change is a new id ("pre-migrate/2") offered beside the old one.
//
// Thread tags: [thread-safe] may be called from any thread, concurrently with
// any other [thread-safe] call. [init-serialised]: any thread; the plugin
// serialises it against other init/deinit calls, never against a hook: an
// init() or deinit() that is not the first or the last may overlap other
// components' hooks, and the plugin makes that safe without waiting.
// A host does not call into the plugin (init, deinit, get_hook or a hook)
// from inside log, get_service or a service function on the same thread.
// Those callbacks also return without waiting on any thread that may be
// calling into the plugin (a logger queue that blocks on such a thread
// deadlocks the same way).
// Rationale: a plugin calls those while it holds locks of its own; a call
// back into it from there could deadlock or see it half way through.

#ifndef MIG_PLUGIN_H
#define MIG_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MIG_ABI_VERSION_MAJOR 1
#define MIG_ABI_VERSION_MINOR 1
#define MIG_ABI_VERSION_REVISION 0

// MIG_CALL pins the calling convention of every function pointer in this
// header: it is the header's alone, and defining it first is an error (any
// other convention is another ABI). MIG_EXPORT marks the one exported
// symbol; a plugin's toolchain without visibility attributes may define it
// first (empty). A host never needs it: it finds the symbol at run time.
#ifdef MIG_CALL
#error "MIG_CALL is mig-plugin.h's: its calling convention is the ABI's"
#else
#if defined(_WIN32)
#define MIG_CALL __cdecl
#else
#define MIG_CALL
#endif
#endif
#ifndef MIG_EXPORT
#if defined(_WIN32)
#define MIG_EXPORT __declspec(dllexport)
#else
#define MIG_EXPORT __attribute__ ((visibility ("default")))
#endif
#endif

// No struct will grow by more than this within one major version: a
// struct_size more than this beyond a struct's 1.1 size (its sizeof in 1.1)
// is wrong, whichever struct it is (a struct a later minor adds: more than this
// beyond the size it was added with). For an output struct (mig_answer,
// mig_catalog_entry) it is a host error too, which a plugin may refuse or
// answer by filling only what it knows (mmfguard fills it). A reader accepts an
// input struct at most this many bytes beyond that 1.1 size, the extra bytes
// all zero; a larger struct_size is refused with MIG_ERR_INVALID_ARGUMENT. It
// bounds what a reader must scan.
#define MIG_MAX_STRUCT_GROWTH 4096

// Sizes of the char arrays below, NUL included. Part of the ABI: fixed for
// the major version.
#define MIG_CAUSE_SIZE 48
#define MIG_MESSAGE_ID_SIZE 40
#define MIG_DOCUMENTATION_SIZE 64
#define MIG_PATH_SIZE 512
#define MIG_PROGRAM_SIZE 64
#define MIG_UNIX_USER_SIZE 64
#define MIG_SMB_USER_SIZE 128
#define MIG_CLIENT_MACHINE_SIZE 128
#define MIG_SOURCE_SIZE 32
#define MIG_LANG_SIZE 16
#define MIG_SUBJECT_SIZE 160

// True when the struct at `ptr` (which starts with struct_size) is large enough
// to hold `field` of `type`.
#define MIG_HAS_FIELD(ptr, type, field)                                        \
   ((ptr)->struct_size >= offsetof (type, field) + sizeof (((type *) 0)->field))

// Status codes. Every function returning int32_t returns one of these when it
// fails; they are all negative so that hooks can return a verdict (>= 0) or
// an error from the same value.
enum {
   MIG_OK = 0,
   // A required pointer or string is NULL, a struct_size is below the 1.0
   // size or more than MIG_MAX_STRUCT_GROWTH beyond its 1.1 size,
   // an input struct has non-zero bytes beyond what the plugin knows, a
   // reserved field is not 0, a string is not valid UTF-8, an answer's text
   // is NULL with text_size > 0, or a batch_id is misused (batch-begin/1,
   // batch-end/1 and pre-migrate/1 say how).
   MIG_ERR_INVALID_ARGUMENT = -1,
   // The host's ABI major version differs from the plugin's.
   MIG_ERR_VERSION = -2,
   // A hook was called before init() or after the last deinit().
   MIG_ERR_NOT_INITIALISED = -3,
   // The plugin's configuration could not be used; init() says why.
   MIG_ERR_CONFIG = -4,
   // An index past the end of a list (catalog/1).
   MIG_ERR_RANGE = -5,
   // Anything else: out of memory, an unexpected system failure.
   MIG_ERR_INTERNAL = -6,
};
// A hook's error is its code alone: the answer's fields are unspecified and
// its text is "" (see mig_answer for the one exception: an error about
// the answer itself). A plugin may say more through
// mig_host.log before it returns; a host must not count on a log line.
// Rationale: the code names the kind of failure, and a host knows its own
// arguments; only init() has an error buffer, because a configuration error
// needs the file, line and key named.

// Verdicts, returned by pre-migrate/1, on-error/1 and batch-begin/1.
//
// Rationale: "no opinion" is distinct from "proceed" so that a plugin that
// knows nothing about an account cannot wave it through (Linux-PAM learned
// this with PAM_IGNORE). Host rule: with several plugins the strongest verdict
// wins (BLOCK > DEFER > PROCEED > NO_OPINION; an error counts as DEFER);
// when every plugin abstains the host fails closed: it does not migrate the
// account now and reports it deferred.
enum {
   // The plugin has nothing to say: not its kind of account or event.
   MIG_VERDICT_NO_OPINION = 0,
   // Migrating now is expected to work: from pre-migrate/1 with batch_id 0,
   // asked immediately before the copy, the host may migrate (a batch's
   // PROCEED is a report of its snapshot; with MIG_ANSWER_HOLDER_IS_HOST,
   // see that flag). A non-empty cause is a warning
   // to show.
   MIG_VERDICT_PROCEED = 1,
   // Migrating now would fail or damage something, and waiting may fix it
   // (the mail file is held open right now). The host must not migrate now;
   // it may ask again after retry_after_s (its own back-off when 0).
   MIG_VERDICT_DEFER = 2,
   // Migrating would fail until a person acts (a password was recovered and
   // the user has not logged on since). The host must not migrate the
   // account until a person has done what the text says (in a batch run:
   // not in this run; a long-lived host asks again only when told something
   // changed); the text says who must do what.
   MIG_VERDICT_BLOCK = 3,
};

// Log levels for mig_host.log.
enum {
   MIG_LOG_DEBUG = 0,
   MIG_LOG_INFO = 1,
   MIG_LOG_WARNING = 2,
   MIG_LOG_ERROR = 3,
};

// Lock kinds in mig_answer.holder_lock.
enum {
   MIG_LOCK_NONE = 0,
   MIG_LOCK_POSIX = 1,      // fcntl F_SETLK record lock
   MIG_LOCK_OFD = 2,        // fcntl F_OFD_SETLK open-file-description lock
   MIG_LOCK_FLOCK = 3,      // flock(2)
   MIG_LOCK_LEASE = 4,      // fcntl F_SETLEASE
   MIG_LOCK_DELEGATION = 5, // NFS delegation held by the kernel server
   MIG_LOCK_SHARE_MODE = 6, // SMB open denying write or all (Samba, Windows)
   MIG_LOCK_SMB_RANGE = 7,  // SMB byte-range lock
   // An open the file server lists for another machine's client (MS-SRVS
   // NetrFileEnum): the post office is on a network file system and the
   // server, not this machine, saw the holder. holder_pid is 0, the SMB
   // user is known, the client machine only when the server tells it.
   MIG_LOCK_SERVER_OPEN = 8,
};

// Flags in mig_answer.flags.
enum {
   // The cause may go away by itself; retrying later is worthwhile. Set
   // exactly when the verdict is DEFER (a reader that knows the verdict
   // needs no flag; one that keeps only flags, eg a report, has it).
   MIG_ANSWER_RETRYABLE = 1u << 0,
   // Every holder found is the host process itself (one lock or several),
   // none a mail client. With a PROCEED it is a go only for a component
   // that knows it holds every lock its process holds on the file
   // (holder_count is the number of locks it took itself); any other
   // component, and one in doubt, reads that answer as DEFER (another component
   // of
   // its process is at the file), per plugin, before combining answers. So
   // a host deciding whether to migrate passes an answer, never NULL.
   MIG_ANSWER_HOLDER_IS_HOST = 1u << 1,
   // The holder looks stale: its client is gone or idle for a long time.
   MIG_ANSWER_HOLDER_STALE = 1u << 2,
   // The text was cut to fit text_size; text_needed says how much is needed.
   MIG_ANSWER_TEXT_TRUNCATED = 1u << 3,
};

struct mig_host;

// Services the host offers the plugin, passed to init().
// Owned by the host; valid from init() until the matching last deinit()
// returns. The host changes neither the struct nor any string it points to
// until then: a plugin may read them at any time in between.
typedef struct mig_host {
   // sizeof(mig_host) as the host knows it.
   uint32_t struct_size;

   // The ABI version the host was built against (MIG_ABI_VERSION_*). A plugin
   // refuses a different major with MIG_ERR_VERSION.
   uint32_t abi_major;
   uint32_t abi_minor;
   uint32_t abi_revision;

   // The host's name and version, for logs. Valid UTF-8, never NULL.
   // eg: "mig-host", "0.1.0"
   const char *name;
   const char *version;

   // The locale the operator reads text in, as POSIX LANG/LANGUAGE would name
   // it; NULL, "", "C", "POSIX" and "C.UTF-8" mean English. The plugin
   // falls back to English for any text it lacks in that language.
   // eg: "de_DE.UTF-8", "de:en"
   const char *locale;

   // Path of the plugin's configuration file (a relative one is taken from
   // the process's working directory at init()), or NULL for the plugin's
   // built-in defaults: a plugin reads no configuration file the host did
   // not name (a host that wants the operator's system file passes its
   // path). Its format is the plugin's own business.
   const char *config_path;

   // Opaque to the plugin; a callback finds it through the mig_host pointer
   // it receives.
   void *host_data;
   // Every callback below, and every service function, receives the very
   // mig_host pointer the owner's init() was given, never a copy (a host may
   // find its own state around it); a plugin never copies the struct to
   // pass it.

   // Logs one message. `message` is valid UTF-8, never NULL, owned by the
   // plugin, valid for the duration of the call. `log` itself may be NULL:
   // the plugin then logs nothing.
   // Called on whichever thread the plugin runs: a hook's calling thread,
   // init()'s, or a thread of the plugin's own. A plugin passes only the
   // MIG_LOG_* levels of its minor; a level the host does not know is logged
   // as the nearest it knows (below DEBUG as DEBUG, above ERROR as ERROR).
   // [thread-safe]
   void (MIG_CALL *log) (const struct mig_host *host, int32_t level,
                         const char *message);

   // Looks up a further host service by exact id; returns NULL for an id the
   // host does not offer. The id is valid UTF-8, never NULL. The result is
   // owned by the host and valid as long as this struct is. May be NULL (no
   // services). [thread-safe]
   const void *(MIG_CALL *get_service) (const struct mig_host *host,
                                        const char *id);
} mig_host;

// One account the host is about to migrate.
// Owned by the host; valid for the duration of the call it is passed to.
typedef struct mig_account {
   // sizeof(mig_account) as the host knows it.
   uint32_t struct_size;

   // Reserved, must be 0.
   uint32_t reserved;

   // The batch this call belongs to (see batch-begin/1), or 0 for a call
   // outside any batch, which reads state fresh at the moment of the call.
   // A batch_id other than 0 names an open batch: one begun without an
   // error and not yet ended. An account passed with a batch's id is on
   // that batch's post office: its postoffice is the batch's string.
   // The two strings are compared byte for byte.
   uint64_t batch_id;

   // Local path of the post office's MAILDATA folder (the one holding GLB/,
   // MMF/, ...). Valid UTF-8, never NULL. Absolute: a host resolves a
   // relative path first; on Windows a drive path, a UNC path or either in
   // its \\?\ form. A folder whose name is not UTF-8 is passed through
   // a UTF-8 name for it (a symbolic link, a bind mount, a mapped drive).
   // A relative one is a host error (mmfguard takes it from the working
   // directory); an empty one names no post office (mmfguard: BLOCK,
   // "postoffice-layout").
   // Rationale: MS Mail's own names (GLB, MMF, 8-hex-digit.MMF) are ASCII;
   // only the folders above MAILDATA can be other bytes, and those a host
   // can rename without touching the post office.
   // eg: "/srv/msmail/MAILDATA"
   const char *postoffice;

   // The account's MS Mail name (SFS_UserName). Valid UTF-8, never NULL.
   // eg: "JSMITH"
   const char *user;

   // The user's full name, or NULL. Valid UTF-8.
   // eg: "Jane Smith"
   const char *full_name;

   // The mailbox's 8-hex-digit id, naming MMF/<hex_id>.MMF, or NULL when
   // unknown. Any case. A plugin that would look at the mailbox refuses
   // anything that is not exactly 8 hex digits, NULL included, by verdict
   // (DEFER or BLOCK; one with no opinion on the account may say so), never
   // with an error or PROCEED, and never turns it into a path: mmfguard
   // answers cause "invalid-hex-id", BLOCK unless its configuration says
   // otherwise.
   // eg: "0000023A"
   const char *hex_id;

   // When the administrator recovered (reset) the account's password, as Unix
   // seconds; 0 when it was not recovered or the host does not know (then
   // no unsynchronised password can be found: a host without the
   // administrator's records says so to its operator). A negative value is
   // taken as 0; a time in the future as given (the MMF is older, so the
   // account is blocked).
   int64_t password_recovered_at;
} mig_account;

// One error (or information) event the host logged, to be explained.
// Owned by the host; valid for the duration of the call it is passed to.
typedef struct mig_event {
   // sizeof(mig_event) as the host knows it.
   uint32_t struct_size;

   // The event id, eg 7007; 0 when only the description is known.
   uint32_t event_id;

   // The event source, or NULL for "MSExchangeMig". Valid UTF-8. "" is a
   // source of its own (no plugin's event), not "MSExchangeMig".
   // eg: "MSExchangeMig", "MSExchangeMigDS"
   const char *source;

   // The event's insertion strings in order, or NULL. Each valid UTF-8,
   // never NULL: an insert the host does not know is "", not NULL.
   // eg: { "JSMITH", "\\\\MAILSRV\\MAILDATA\\MMF\\0000023A.MMF" }
   const char *const *inserts;

   // Number of entries in `inserts`; 0 when `inserts` is NULL (a non-zero
   // count with NULL inserts is refused with MIG_ERR_INVALID_ARGUMENT; a
   // count of 0 with inserts given means no inserts).
   uint32_t n_inserts;

   // Reserved, must be 0.
   uint32_t reserved;

   // The event's description as logged, or NULL. May be wrapped over lines,
   // re-spaced or cut; used when event_id or inserts are missing. Valid UTF-8.
   const char *description;

   // The account the event is about, when the host knows it, or NULL. The
   // plugin re-checks this account now to find the cause, reading state
   // fresh: its batch_id is ignored.
   const mig_account *account;
} mig_event;

// One pass of pre-migrate calls over a post office.
// Owned by the host; valid for the duration of batch-begin's call.
typedef struct mig_batch {
   // sizeof(mig_batch) as the host knows it.
   uint32_t struct_size;

   // How many accounts the host expects to ask about (a hint; may be 0).
   uint32_t n_accounts;

   // Chosen by the host: non-zero and unique among the host's open batches.
   // The plugin keeps one set of open batches per loaded module (a second
   // copy loaded from another path has its own): components that
   // share it (see init) pick ids that differ across them. A batch_id that
   // is already open is refused (MIG_ERR_INVALID_ARGUMENT; the open batch
   // stays as it was).
   uint64_t batch_id;

   // Local path of the post office's MAILDATA folder, absolute as
   // mig_account's. Valid UTF-8, never NULL.
   const char *postoffice;
} mig_batch;

// What a plugin answers: a verdict's reasons, as text and as fields.
// Allocated by the host, which sets struct_size, text and text_size and zeroes
// the rest; the plugin fills the out fields it knows that lie within
// struct_size, and never reads or writes bytes beyond the fields it knows.
// Valid for the duration of the call it is passed to. Every char array is
// NUL-terminated valid UTF-8, sanitised (C0 control characters, DEL and
// C1 characters U+0080 to U+009F removed, a terminal escape sequence —
// ESC and what follows it as ECMA-48 delimits one — removed whole; `text`
// keeps "\n" and TAB, a char array turns a TAB into a space; other
// characters, bidirectional marks included, as they are), cut at a
// character boundary when too long. `path` alone is neither sanitised nor
// cut: it is the path whole, or "" when it does not fit or would need
// sanitising. The fields say what the text says: a host never has to
// parse the text. After a hook returns an error the out fields are
// unspecified and a host reads none of them (`text` is "" when text_size >
// 0, unless the error is about the answer itself: too small a struct_size,
// or a NULL text); a host zeroes an answer again before passing it to
// another call.
typedef struct mig_answer {
   // sizeof(mig_answer) as the host knows it.
   uint32_t struct_size;

   // Capacity of `text` in bytes, including the NUL. 0 asks for no text.
   uint32_t text_size;

   // Host buffer for the explanation: numbered steps filled with this
   // account's user, path, holder and times. Owned by the host. May be NULL
   // when text_size is 0. Always NUL-terminated when text_size > 0. Lines
   // end in "\n"; the values inserted into it are sanitised like the char
   // arrays. A host that calls again with a larger buffer gets a fresh
   // check, which may answer differently: it acts on the later answer
   // whole (verdict, fields and text), never on a mix of the two. Not so
   // batch-begin/1: its batch_id is open after the first call, so a host
   // keeps a cut post office text, or ends the batch and begins another
   // with a new id.
   char *text;

   // Out: the length of the whole text, excluding the NUL, as snprintf
   // returns it; text_needed >= text_size means the text was cut. A host
   // asks again with text_size text_needed + 1, a few times at most: each
   // call is a fresh check whose text may grow. With
   // text_size 0 it is the length the text would have (0 for none), and
   // nothing was cut.
   uint32_t text_needed;

   // Out: MIG_ANSWER_* flags. MIG_ANSWER_TEXT_TRUNCATED is not set when
   // text_size is 0: no text was asked for, so none was cut.
   uint32_t flags;

   // Out: with DEFER, seconds after which asking again is worthwhile; 0 when
   // the plugin suggests no time (the host then uses its own back-off).
   // 0 with any other verdict.
   uint32_t retry_after_s;

   // Out: the event the answer explains (on-error: event->event_id, or the
   // id its description names when that is 0; 151 stays 151), or that
   // migrating now would log (pre-migrate; batch-begin: migrating the
   // post office's accounts), 0 for none.
   uint32_t event_id;

   // Out: the stable id of the cause, "" for none. Hosts must treat ids they
   // do not know as opaque. abi/README.md lists the ids mmfguard uses.
   // eg: "mmf-in-use", "password-not-synchronised"
   char cause[MIG_CAUSE_SIZE];

   // Out: the 128-bit message id of the catalog entry used, as 32 lower-case
   // hex digits (the systemd journal's MESSAGE_ID), "" for none.
   char message_id[MIG_MESSAGE_ID_SIZE];

   // Out: where the cause is documented. eg: "KB Q168606"
   char documentation[MIG_DOCUMENTATION_SIZE];

   // Out: the local path the plugin checked, "" for none or when it does
   // not fit (never cut: a cut path could name another file).
   char path[MIG_PATH_SIZE];

   // Out: the lock that holds the file (MIG_LOCK_*), MIG_LOCK_NONE for none.
   uint32_t holder_lock;

   // Out: how many holders were found, the host's own included. A holder
   // is one lock or open of the file: a process holding a POSIX lock and a
   // flock is two holders. The fields below name one that is not the host
   // (when there are several, which one is the plugin's choice; the text
   // lists them all), or one of the host's (flag MIG_ANSWER_HOLDER_IS_HOST)
   // when every holder is the host's. The
   // host is the host's process: a holder whose process id is the one
   // that loaded the plugin, whichever component of that process holds
   // it (components sharing a process agree among themselves which of
   // them migrates an account); a child of the host counts as a client, and
   // so does an open a file server lists (MIG_LOCK_SERVER_OPEN), which
   // names a machine's session, never a process, even when it is the
   // host's own open through a network mount.
   uint32_t holder_count;

   // Out: the holding process id on the file server, 0 when unknown or none.
   int64_t holder_pid;

   // Out: when the holder's session or open began, Unix seconds, 0 unknown.
   int64_t holder_since;

   // Out: the holding program, eg "MSMAIL.EXE" or "smbd".
   char holder_program[MIG_PROGRAM_SIZE];

   // Out: the Unix user the holding process runs as.
   char holder_unix_user[MIG_UNIX_USER_SIZE];

   // Out: the SMB user of the client that holds the file, "" when not SMB.
   // eg: "CORP\\jsmith"
   char holder_smb_user[MIG_SMB_USER_SIZE];

   // Out: the client machine that holds the file, "" when unknown.
   // eg: "PC-0417 (192.0.2.17)"
   char holder_client_machine[MIG_CLIENT_MACHINE_SIZE];
} mig_answer;

// One entry of the plugin's explanation catalog, for inspection.
// Allocated by the host, which zeroes it and sets struct_size; filled by the
// plugin, which writes every field it knows that lies within struct_size
// ("" and 0 included) and neither reads nor writes the bytes beyond them.
// The catalog lists every entry in every language the plugin has.
typedef struct mig_catalog_entry {
   // sizeof(mig_catalog_entry) as the host knows it.
   uint32_t struct_size;

   // Out: the event id the entry explains, 0 for a condition found before
   // the wizard would reach the file (the post office, an invalid mailbox
   // id).
   uint32_t event_id;

   // Out: the 128-bit message id, 32 lower-case hex digits.
   char message_id[MIG_MESSAGE_ID_SIZE];

   // Out: the event source, eg "MSExchangeMig".
   char source[MIG_SOURCE_SIZE];

   // Out: the cause id, as in mig_answer.cause.
   char cause[MIG_CAUSE_SIZE];

   // Out: the language, eg "en", "de".
   char lang[MIG_LANG_SIZE];

   // Out: the entry's one-line subject.
   char subject[MIG_SUBJECT_SIZE];
} mig_catalog_entry;

// One cause the plugin found behind an answer; see "findings/1" below.
// Owned by the plugin; valid for the duration of the call it is passed to.
typedef struct mig_finding {
   // sizeof(mig_finding) as the plugin knows it. A host reads only the
   // fields it knows that lie within it (MIG_HAS_FIELD).
   uint32_t struct_size;

   // The verdict this cause alone gives in the call that found it
   // (MIG_VERDICT_PROCEED, _DEFER or _BLOCK).
   int32_t verdict;

   // The event this cause stands for: the one migrating now would log
   // (pre-migrate/1; batch-begin/1: migrating the post office's accounts),
   // or the one explained (on-error/1); 0 for none.
   uint32_t event_id;

   // Reserved, 0.
   uint32_t reserved;

   // The cause id, as in mig_answer.cause; never "".
   char cause[MIG_CAUSE_SIZE];

   // The message id of the catalog entry that explains this cause, as in
   // mig_answer.message_id; "" when it has none.
   char message_id[MIG_MESSAGE_ID_SIZE];
} mig_finding;

// The layout abi/README.md lists ("Struct sizes"), checked wherever this
// header is compiled for one of those four ABIs: a #pragma pack or an
// alignment option (MSVC /Zp, GCC -malign-double) that moved a field fails
// the build here rather than misplace the answer's holder fields.
#if defined(_WIN64)
#define MIG_LAYOUT_(sysv64, sysv32, win64, win32) (win64)
#elif defined(_WIN32)
#define MIG_LAYOUT_(sysv64, sysv32, win64, win32) (win32)
#elif defined(__x86_64__) && defined(__LP64__)
#define MIG_LAYOUT_(sysv64, sysv32, win64, win32) (sysv64)
#elif defined(__i386__)
#define MIG_LAYOUT_(sysv64, sysv32, win64, win32) (sysv32)
#endif
#ifdef MIG_LAYOUT_
typedef char mig_layout_is_the_abis_
   [(sizeof (mig_host) == MIG_LAYOUT_ (72, 44, 72, 44) &&
     sizeof (mig_account) == MIG_LAYOUT_ (56, 40, 56, 40) &&
     sizeof (mig_event) == MIG_LAYOUT_ (48, 32, 48, 32) &&
     sizeof (mig_batch) == MIG_LAYOUT_ (24, 20, 24, 24) &&
     sizeof (mig_answer) == MIG_LAYOUT_ (1104, 1100, 1104, 1104) &&
     offsetof (mig_answer, holder_pid) == MIG_LAYOUT_ (704, 700, 704, 704) &&
     sizeof (mig_catalog_entry) == 304 && sizeof (mig_finding) == 104)
       ? 1
       : -1];
#undef MIG_LAYOUT_
#endif

// ---------------------------------------------------------------------------
// Host services. mig_host.get_service(id) returns a pointer to one of these
// structs, owned by the host and valid as long as the mig_host is, or NULL
// when the host does not offer it. Every function pointer in a service's
// struct is non-NULL. A plugin that finds a service NULL works
// without it. Like a hook, a released service is frozen: a change is a new id.

// "findings/1" (since 1.1): the host wants every cause behind an answer, not
// only the deciding one, eg to show that an account deferred because its
// lock state is unknown is also blocked by a recovered password.
//
// Rationale: mig_answer carries one cause, the strongest, which decides;
// a host that shows a report needs the rest too. A callback keeps
// mig_answer and its size unchanged and costs a host that does not ask
// nothing.
#define MIG_SERVICE_FINDINGS "findings/1"
typedef struct mig_service_findings {
   // The answer's contents are unspecified during add (the plugin may not
   // have filled them yet): add uses the pointer only to recognise the
   // call. A host discards the findings of a call that returns an error.
   // Called by the plugin inside batch-begin/1, pre-migrate/1 and
   // on-error/1, on the calling thread, before the hook returns, once per
   // cause it found, strongest verdict first: the first call's cause and
   // verdict are the answer's. `answer` is the answer the host passed to
   // that hook, which tells concurrent calls apart. Not called when the
   // hook's answer is NULL, when it finds no cause, when it answers
   // NO_OPINION, or when it fails; a host that calls a hook again (eg for a
   // larger text buffer) keeps the findings of the last call. A plugin may
   // look the service up once, at its first init(): offer it from then on.
   // "Its first init()" is the first of each init cycle: the service ends
   // with the mig_host at the last deinit(), and the next first init()
   // looks it up again from the mig_host it is given.
   // A plugin shared by several components (init()) reports every
   // component's findings through the owner's add, so add may receive an
   // `answer` its host never passed: add recognises its own calls by
   // comparing the pointer with the answers it passed, and never reads
   // through one it does not recognise; a late add for a call the host
   // gave up on is recognised the same way and discarded.
   // [thread-safe]
   void (MIG_CALL *add) (const struct mig_host *host, const mig_answer *answer,
                         const mig_finding *finding);
} mig_service_findings;

// ---------------------------------------------------------------------------
// Hooks. get_hook(id) returns a pointer to one of these structs, owned by the
// plugin and valid while the plugin is loaded (its hooks answer
// MIG_ERR_NOT_INITIALISED before the first init() and after the last
// deinit()), or NULL when the plugin does not offer that id. Every function
// pointer in a returned struct is non-NULL.
// A host calls hooks only between a successful init() and the last deinit().
// One called outside answers MIG_ERR_NOT_INITIALISED: defined, so that a
// plugin never crashes on it, but a host error all the same.
// A plugin offers batch-begin/1 and batch-end/1 both or neither; a host
// passes a batch_id only to the plugin whose batch-begin/1 opened it, 0 to
// any other.
// Every plugin of major 1 offers pre-migrate/1, also one that offers a later
// pre-migrate id beside it; one with nothing to say about accounts offers it
// and answers NO_OPINION. A host that would ask a plugin about accounts and
// gets NULL for pre-migrate/1 never reads that as NO_OPINION: it refuses the
// plugin (mig-host stops with an error) or counts every such account as
// DEFER, as for an error.
// Rationale: a host cannot tell a plugin that chose to say nothing from
// one that lost the hook; NULL read as NO_OPINION would let another
// plugin's PROCEED migrate an account this plugin would have blocked.
// The machine-readable list of ids and signatures is abi/mig-hook-table.h.

// "batch-begin/1": the host starts a pass over a post office. The plugin may
// take one snapshot of lock tables and post-office facts here and answer every
// pre-migrate call carrying this batch_id from it.
#define MIG_HOOK_BATCH_BEGIN "batch-begin/1"
typedef struct mig_hook_batch_begin {
   // Returns the verdict on the post office as a whole (BLOCK when the
   // migration wizard would refuse it, with the reason in `answer`), or an
   // error. `answer` may be NULL. Either way the batch is open until
   // batch-end/1, unless an error (a negative code) was returned; a verdict
   // above BLOCK leaves it open too (abi/README.md, "Unknown values").
   // NO_OPINION says nothing about the post office: the host still asks about
   // each account. No verdict of this hook covers an account: whatever it
   // returns, the host asks pre-migrate/1 about each account (with this
   // batch_id, or 0 when begin failed) before migrating it, and migrates an
   // account only on a PROCEED from pre-migrate/1 with batch_id 0 asked
   // immediately before the copy starts (with several plugins: every plugin
   // asked so, their answers combined) (abi/README.md, "What each verdict
   // obliges"); a PROCEED here is never a go for any account. batch_id 0 is
   // refused (MIG_ERR_INVALID_ARGUMENT); the batch is open once begin has
   // returned, not before. A post office the plugin defers, it defers each
   // account on; one it blocks, it blocks each account on. A post office
   // PROCEED or NO_OPINION binds nothing: each account gets its own answer
   // (NO_OPINION included). A host asking several plugins
   // takes the strongest post office verdict (BLOCK > DEFER > PROCEED >
   // NO_OPINION), an error counting as DEFER.
   // [thread-safe]
   int32_t (MIG_CALL *begin) (const mig_batch *batch, mig_answer *answer);
} mig_hook_batch_begin;

// "batch-end/1": the host is done with a batch; the plugin frees its snapshot.
#define MIG_HOOK_BATCH_END "batch-end/1"
typedef struct mig_hook_batch_end {
   // Returns MIG_OK, or MIG_ERR_INVALID_ARGUMENT for a batch id that is not
   // open. Pre-migrate calls for this batch must have returned. One still
   // running is a host error; the plugin answers it from the batch's
   // snapshot or with MIG_ERR_INVALID_ARGUMENT, never crashes, and one
   // that starts after the end gets MIG_ERR_INVALID_ARGUMENT.
   // The host ends every batch begun without an error once, with
   // batch-end/1. The batch is ended whatever end returns (an error from
   // it is logged, never retried). The one exception: a batch one of whose
   // calls the host gave up on stays open (abi/README.md, "What a call costs").
   // [thread-safe]
   int32_t (MIG_CALL *end) (uint64_t batch_id);
} mig_hook_batch_end;

// "pre-migrate/1": may this account be migrated now?
#define MIG_HOOK_PRE_MIGRATE "pre-migrate/1"
typedef struct mig_hook_pre_migrate {
   // Returns a verdict (MIG_VERDICT_*) with its reasons in `answer`, or an
   // error. `answer` may be NULL when only the verdict is wanted. When
   // several causes hold, the strongest verdict decides; a post office that
   // batch-begin/1 blocks blocks every account asked with that batch_id
   // here too (a call with batch_id 0 checks the post office afresh). A
   // batch_id that is not open (never begun, begun with an error, or ended) is
   // refused with MIG_ERR_INVALID_ARGUMENT; an account on another post
   // office than its batch's is answered as with batch_id 0. NO_OPINION
   // here, when no other plugin answers, leaves the host to fail closed:
   // it does not migrate the account. A call the host gave up on counts
   // as an error (abi/README.md, "What each verdict obliges").
   //
   // Every plugin: never writes, locks or leases the account's mail file,
   // never drops a lock the host holds on it (so it opens the file only
   // under a descriptor table that is not the host's, or on Windows, whose
   // locks belong to handles, anywhere), and keeps the duties abi/README.md
   // lists under "Duties of every plugin in the host's process" (signals,
   // children, descriptors). mmfguard: it reads the file's first bytes in a
   // thread with a private descriptor table (Linux 5.9 and later) or a
   // child process it forks, never a file that is leased or that a file
   // server lists open; it may block for the sum of the time-outs of the
   // steps it takes (smbstatus, a file server: 5 s each by default, at
   // most 600 s each; 10 s for a forked child) plus the file system's own
   // time for stat() and a 4-byte read, which no plugin can bound (a hard
   // NFS mount whose server is gone).
   // [thread-safe]
   int32_t (MIG_CALL *pre_migrate) (const mig_account *account,
                                    mig_answer *answer);
} mig_hook_pre_migrate;

// "on-error/1": explain an event the host logged.
#define MIG_HOOK_ON_ERROR "on-error/1"
typedef struct mig_hook_on_error {
   // `answer` may be NULL when only the verdict is wanted.
   // Returns MIG_VERDICT_NO_OPINION for an event the plugin does not handle
   // (the host shows the original text; the account stays failed, as the
   // wizard left it), else DEFER when retrying may work or BLOCK when a
   // person must act, with the cause found by re-checking now and the steps
   // in `answer`; or an error. An event is known by its source and id
   // together (the source compared without case; NULL is "MSExchangeMig"):
   // the same id from another source is another event.
   // With `event->account` and its hex_id not NULL, the plugin re-checks
   // that account, its post office and password state, as pre-migrate/1
   // would (an invalid hex_id answers as it does there); the inserts are
   // only shown. With an account whose hex_id is NULL the MMF and its
   // post office come from the inserts, as below. Which insert holds what
   // is each event's layout; for the MMF events (7000, 7007, 151, 135)
   // mmfguard reads them so: otherwise the user is
   // `event->account`'s when given, else the first insert's (or the
   // description's): the MS Mail name (SFS_UserName) as logged, shown as given
   // and never compared, so its case does not matter; the MMF is the second
   // insert's (or the description's) path, mapped to a local path by the
   // plugin's configuration, and its post office is the MAILDATA folder above
   // it; the password state is `event->account`'s password_recovered_at when
   // given, else unknown (no unsynchronised password can be found).
   // This hook never returns PROCEED: the account already failed. A host
   // reads a PROCEED from it as DEFER, and with several plugins takes the
   // strongest verdict as everywhere, except that an error here counts as
   // NO_OPINION (the event's own text is shown); DEFER and BLOCK here say what
   // to tell the operator (and when DEFER, that migrating the account again
   // after retry_after_s may work), not that the host must retry; before
   // migrating it again the host asks pre-migrate/1, as for any migration.
   // [thread-safe]
   int32_t (MIG_CALL *on_error) (const mig_event *event, mig_answer *answer);
} mig_hook_on_error;

// "catalog/1": list the plugin's explanation catalog.
#define MIG_HOOK_CATALOG "catalog/1"
typedef struct mig_hook_catalog {
   // Fills `entry` with entry number `index` (from 0) and returns MIG_OK, or
   // MIG_ERR_RANGE past the last entry. The catalog does not change from
   // the first init() to the last deinit(): an index names the same entry
   // throughout, and the entries are consecutive from 0.
   // [thread-safe]
   int32_t (MIG_CALL *entry) (uint32_t index, mig_catalog_entry *entry);
} mig_hook_catalog;

// ---------------------------------------------------------------------------
// The entry point: the only symbol a plugin exports.

typedef struct mig_plugin_entry {
   // sizeof(mig_plugin_entry) as the plugin knows it.
   uint32_t struct_size;

   // The ABI version the plugin was built against. A host refuses a major
   // that differs from its own without calling anything. The minor says
   // which fields and ids the plugin knows; the revision only marks fixes
   // in this text and its samples, never a change of layout or behaviour.
   // Every rule of this text is 1.1.0's: this is its release text (the
   // drafts before it were never released), and its rules of behaviour bind
   // every 1.x peer, minor 0 included ("1.0" names layouts: the structs
   // and ids a 1.0 peer knows). A rule that changes behaviour comes with a
   // new minor, never in a revision.
   uint32_t abi_major;
   uint32_t abi_minor;
   uint32_t abi_revision;

   // Reverse-DNS id, name, version and one-line description. Valid UTF-8,
   // never NULL; owned by the plugin, valid while it is loaded. The three
   // function pointers below are never NULL either.
   // eg: "org.mmfguard", "mmfguard", "0.1.0"
   const char *id;
   const char *name;
   const char *version;
   const char *description;

   // Initialises the plugin. Reference counted: every successful init() is
   // matched by one deinit(); only the first takes `host`'s services and
   // reads the plugin's configuration; later ones check their own `host`
   // and config_path (below), then count. `host` must stay valid until the
   // last deinit(). A later init() while the plugin is initialised (another
   // component's, or the same one's again) gets MIG_OK and shares the first
   // one's host services, configuration and language, provided it names the
   // same configuration: a config_path other than the first init()'s is
   // refused with MIG_ERR_CONFIG. Two paths are the same when, made
   // absolute (a relative one against the working directory at its own
   // init()), with repeated separators collapsed and "." components
   // dropped, they are equal byte for byte; ".." is kept as it is, since
   // removing it without following links could make two files one. On
   // Windows "\\" and "/" both separate; the root (a drive "C:\", a UNC
   // "\\server\share\", a "\\?\" prefix and the name after it) is kept as
   // given. NULL, the built-in defaults, differs from every path and
   // matches NULL; "" names no file and is refused like a missing one. Another
   // spelling of one file is refused: the safe side. Rationale: its caller
   // would otherwise run, without knowing, under a policy it never chose
   // (another fail-closed, other verdicts). A different locale is not refused:
   // text in another language decides nothing. The configuration is the
   // file as the first init() read it: a later init() naming the same path
   // does not read it again, so a changed file takes effect only when every
   // component has made its deinit() and the next first init() reads it. On
   // failure returns a MIG_ERR_* code and writes the reason (naming the file,
   // line and key for a configuration error) into `error`, snprintf-style; on
   // success `error` is
   // "" (when error_size > 0). `error` may be NULL when error_size is 0.
   // [init-serialised]
   //
   // Every call checks its own `host`, in this order: NULL, or a
   // struct_size too small to hold abi_major: MIG_ERR_INVALID_ARGUMENT;
   // another major: MIG_ERR_VERSION, read before any other field (another
   // major's mig_host may have any size and tail); then the size, the tail
   // and the strings: MIG_ERR_INVALID_ARGUMENT. A refused call counts for
   // nothing: "first" means the first successful call while no other is
   // outstanding. `error` is NUL-terminated and cut at a character
   // boundary when it does not fit.
   // Shared by several components, the plugin is one instance: the
   // component whose init() is first owns it, and its mig_host serves every
   // component until the last deinit() of all, whoever makes it; the
   // others' hook calls log and report findings through the owner's
   // mig_host.
   // No component can tell that it is the owner, so each one that may share
   // the plugin keeps its mig_host, what the mig_host points to (host_data's
   // target included) and the code of its callbacks for the rest of the
   // process: static storage in code that is never unloaded. Its log,
   // get_service and service functions stay safe to call for as long (and
   // every host's, until its last deinit() has returned), while the
   // process exits too (an atexit handler or a static destructor must
   // not leave them calling into what it tore down); once the component has
   // finished its work they may do nothing (log nothing, ignore add). Only
   // a host that controls all the code of its process (a program of its
   // own, no library in it that could load this plugin; RTLD_LOCAL alone
   // does not make a module private: a second dlopen of the file returns
   // the same module) may free them, once its last deinit() has returned.
   // Rationale: one exported symbol is one instance per process; a
   // component that needs services of its own must be the owner.
   int32_t (MIG_CALL *init) (const mig_host *host, char *error,
                             uint32_t error_size);

   // Undoes one successful init(). The last one frees everything; no hook may
   // be running or called afterwards. Extra calls are ignored (a host error
   // all the same: each successful init() has exactly one deinit()).
   // No component can tell that its deinit() is the last, so each keeps the
   // rule for its own calls: it calls deinit() only when none of its hook
   // calls is running, and calls no hook after it (until an init() of its
   // own succeeds again); a component that gave up waiting on a hook call
   // (a time-out) never makes that deinit(), even after the call returns
   // late. Then the last deinit() of all
   // meets no running hook, whichever component makes it.
   // A hook called after the last deinit() has returned (the plugin still
   // loaded) answers MIG_ERR_NOT_INITIALISED; one still running when it is
   // called is undefined behaviour.
   // [init-serialised]
   void (MIG_CALL *deinit) (void);

   // Returns the hook struct for an exact id, or NULL. `id` is valid UTF-8,
   // never NULL (a NULL id gets NULL, a host error all the same). Callable
   // before init(); the hooks themselves answer MIG_ERR_NOT_INITIALISED
   // until then.
   // [thread-safe]
   const void *(MIG_CALL *get_hook) (const char *id);
} mig_plugin_entry;

// The name of the exported symbol, for dlsym() / GetProcAddress().
#define MIG_ENTRY_SYMBOL "mig_entry"

// The one symbol a plugin defines and exports. A host finds it by name at run
// time (MIG_ENTRY_SYMBOL) and never links against it; the declaration lets a
// plugin's definition be checked against this header.
// Owned by the plugin; valid while the plugin is loaded.
extern MIG_EXPORT const mig_plugin_entry mig_entry;

#ifdef __cplusplus
}
#endif

#endif // MIG_PLUGIN_H
