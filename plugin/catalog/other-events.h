// other-events.h — the migration wizard's events that no check of mmfguard
// produces: their cause comes from the catalog alone (one entry each,
// wizard-events.en.catalog). This is the one table of their cause ids, so
// the catalog check can tell an orphan entry from a deliberate one and
// abi/README.md can list every cause id a host may see.
//
// A row is X(SOURCE, EVENT, CAUSE): the event source and id, and the stable
// kebab-case cause id that entry carries (mig_answer.cause).

#pragma once

#define MMFG_OTHER_EVENT_TABLE(X)                                              \
   X ("MSExchangeMig", 7017, "mailbox-alias-mismatch")                         \
   X ("MSExchangeMig", 147, "mailbox-in-other-container")                      \
   X ("MSExchangeMig", 7026, "migrate-proxy-missing")                          \
   X ("MSExchangeMig", 7034, "user-list-lookup-failed")                        \
   X ("MSExchangeMig", 7044, "spooler-permission-missing")                     \
   X ("MSExchangeMig", 145, "address-book-dll-unavailable")                    \
   X ("MSExchangeMig", 162, "home-server-invalid")                             \
   X ("MSExchangeMig", 178, "home-server-invalid")                             \
   X ("MSExchangeMig", 168, "shared-folders-not-migrated")                     \
   X ("MSExchangeMig", 136, "nt-account-exists")                               \
   X ("MSExchangeMig", 8002, "import-errors-recovery-file")                    \
   X ("MSExchangeMig", 10068, "migration-summary")                             \
   X ("MSExchangeMig", 10075, "pst-passwords-assigned")                        \
   X ("MSExchangeMigDS", 283, "directory-object-not-removed")
