// host-error.h — mig-host's GError domain.
//
// Every failure mig-host reports to its user is a GError in this domain whose
// message names the file or account and says what to do next.

#pragma once

#include <glib.h>

#define MIG_HOST_ERROR (mig_host_error_quark ())

typedef enum {
   // A plugin could not be loaded or is not a mig plugin.
   MIG_HOST_ERROR_LOAD,
   // A plugin speaks another major version of the ABI.
   MIG_HOST_ERROR_VERSION,
   // A plugin refused to initialise; the message carries its reason.
   MIG_HOST_ERROR_INIT,
   // An input file (user list, post office) cannot be read.
   MIG_HOST_ERROR_INPUT,
   // A command-line argument is wrong.
   MIG_HOST_ERROR_USAGE,
   // libffi refused a call interface: the hook table and this build disagree.
   MIG_HOST_ERROR_DISPATCH,
   // An input file was read but its content is unusable (a user list
   // without a header row, an empty list).
   MIG_HOST_ERROR_DATA,
   // A report, event log or output folder cannot be created or written.
   MIG_HOST_ERROR_OUTPUT,
} MigHostError;

GQuark mig_host_error_quark (void);
