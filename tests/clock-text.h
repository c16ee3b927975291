// clock-text.h — text with its times of day masked, so that two runs'
// outputs compare equal whichever second each ran in. A test that compares
// whole outputs compares them masked: never clock text.

#pragma once

#include <glib.h>

// `text` with every date and time ("2026-12-06 18:51:02 UTC",
// "2026-12-06T18:51:02Z", "18:51") replaced by "<time>" and every duration
// in seconds or milliseconds ("after 12 s", "3 ms") by "<duration>". Free
// with g_free().
char *clock_text_masked (const char *text);
