// host-error.h — mig-host's GError domain.
//
// Every failure mig-host reports to its user is a GError in this domain whose
// message names the file or account and says what to do next.

#pragma once

#include <glib.h>

#define MH_HOST_ERROR (mh_host_error_quark ())

typedef enum {
   // A plugin could not be loaded or is not a mig plugin.
   MH_HOST_ERROR_LOAD,
   // A plugin speaks another major version of the ABI.
   MH_HOST_ERROR_VERSION,
   // A plugin refused to initialise; the message carries its reason.
   MH_HOST_ERROR_INIT,
   // An input file (user list, post office) cannot be read.
   MH_HOST_ERROR_INPUT,
   // A command-line argument is wrong.
   MH_HOST_ERROR_USAGE,
   // libffi refused a call interface: the hook table and this build disagree.
   MH_HOST_ERROR_DISPATCH,
   // An input file was read but its content is unusable (a user list
   // without a header row, an empty list).
   MH_HOST_ERROR_DATA,
   // A report, event log or output folder cannot be created or written.
   MH_HOST_ERROR_OUTPUT,
   // Writing the output folder failed during a run (a full disk, a
   // read-only or failing file system): the run stops.
   MH_HOST_ERROR_OUTPUT_MIDWAY,
   // Another run holds the output folder (run/out-lock.h).
   MH_HOST_ERROR_BUSY,
   // --postoffice names a folder that is not a post office at all.
   MH_HOST_ERROR_NOT_POSTOFFICE,
} MhHostError;

GQuark mh_host_error_quark (void);
