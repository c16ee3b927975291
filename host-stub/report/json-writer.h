// json-writer.h — a JSON object written straight into a string, for the
// records a report streams by the thousand (one per account): building a
// jansson tree and dumping it cost ~4 µs per account, most of a whole
// `mig-host preflight`'s time beyond the plugin's (bench/, host table).
//
// Strings must be valid UTF-8 (those that are not are written with the
// invalid bytes replaced, as g_utf8_make_valid does); they are escaped as
// jansson escapes them: quote, backslash and control characters, nothing
// else.

#pragma once

#include <glib.h>

typedef struct {
   GString *out;
   gboolean first;
} MhJsonObject;

// Starts an object at the end of `out`.
void mh_json_object_begin (MhJsonObject *o, GString *out);
void mh_json_object_end (MhJsonObject *o);

// Members. A NULL string is null; with _or_null an empty one is too.
void mh_json_member_string (MhJsonObject *o, const char *key,
                            const char *value);
void mh_json_member_string_or_null (MhJsonObject *o, const char *key,
                                    const char *value);
void mh_json_member_int (MhJsonObject *o, const char *key, gint64 value);
void mh_json_member_bool (MhJsonObject *o, const char *key, gboolean value);
void mh_json_member_null (MhJsonObject *o, const char *key);

// Starts an object-valued member; end it with mh_json_object_end (child).
void mh_json_member_object (MhJsonObject *o, const char *key,
                            MhJsonObject *child);

// An array-valued member whose elements are objects: begin it, add each
// element with mh_json_array_object (end each with mh_json_object_end),
// then end the array.
typedef struct {
   GString *out;
   gboolean first;
} MhJsonArray;
void mh_json_member_array (MhJsonObject *o, const char *key,
                           MhJsonArray *array);
void mh_json_array_object (MhJsonArray *array, MhJsonObject *element);
void mh_json_array_end (MhJsonArray *array);

// Appends `text` as a JSON string.
void mh_json_append_string (GString *out, const char *text);
