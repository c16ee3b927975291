// host-error.c — mig-host's GError domain.

#include "host-error.h"

G_DEFINE_QUARK (mig - host - error - quark, mh_host_error)
