// log-format.h — how mig-host's own log lines and a plugin's look on a
// terminal: "mig-host: warning: mmfguard: batch 1: no MMF folder ...".
//
// GLib's default writer prints "(mig-host preflight:5713): mmfguard-WARNING
// **: 00:07:12.427: ..." — a process id and a time an operator has no use
// for, in a form no other tool uses. Warnings, criticals and messages go to
// stderr as "mig-host: LEVEL: [DOMAIN: ]TEXT" (the text sanitised, each
// further line indented); info and debug go to GLib's default writer, which
// prints them only when G_MESSAGES_DEBUG asks for them.

#pragma once

// Installs the writer; call once, first thing in main().
void mh_log_install (void);
