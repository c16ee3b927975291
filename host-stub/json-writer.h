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
} MigJsonObject;

// Starts an object at the end of `out`.
void mig_json_object_begin (MigJsonObject *o, GString *out);
void mig_json_object_end (MigJsonObject *o);

// Members. A NULL string is null; with _or_null an empty one is too.
void mig_json_member_string (MigJsonObject *o, const char *key,
                             const char *value);
void mig_json_member_string_or_null (MigJsonObject *o, const char *key,
                                     const char *value);
void mig_json_member_int (MigJsonObject *o, const char *key, gint64 value);
void mig_json_member_bool (MigJsonObject *o, const char *key, gboolean value);
void mig_json_member_null (MigJsonObject *o, const char *key);

// Starts an object-valued member; end it with mig_json_object_end (child).
void mig_json_member_object (MigJsonObject *o, const char *key,
                             MigJsonObject *child);

// An array-valued member whose elements are objects: begin it, add each
// element with mig_json_array_object (end each with mig_json_object_end),
// then end the array.
typedef struct {
   GString *out;
   gboolean first;
} MigJsonArray;
void mig_json_member_array (MigJsonObject *o, const char *key,
                            MigJsonArray *array);
void mig_json_array_object (MigJsonArray *array, MigJsonObject *element);
void mig_json_array_end (MigJsonArray *array);

// Appends `text` as a JSON string.
void mig_json_append_string (GString *out, const char *text);
