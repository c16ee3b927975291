#!/usr/bin/python3
r"""Write the migration wizard's Application event log for tests and demos.

    make-eventlog.py FORMAT OUT EVENTS.json

FORMAT is evt (an NT 4 / Windows 2000 event log file, as libevt reads it),
evtx (a Windows Vista+ event log file, as libevtx reads it), xml (wevtutil
qe /f:xml output), csv or text (Event Viewer's "Save as" exports).
EVENTS.json is a JSON list of events, oldest first, for example:
    [{"source": "MSExchangeMig", "id": 7007, "time": 1795644000,
      "inserts": ["U00002", "\\\\SRV\\MAILDATA\\MMF\\00000A02.MMF"],
      "description": "Could not migrate MMF file for Account: U00002."}]
"description" is what an export shows (Event Viewer renders it from the
message file); the binary format keeps the inserts only, as Windows does.
"""

import csv
import io
import json
import struct
import sys
from datetime import datetime, timezone
from xml.sax.saxutils import escape, quoteattr

ERROR = 1  # EVENTLOG_ERROR_TYPE
INFORMATION = 4


def utf16z(text):
    return (text + "\0").encode("utf-16-le")


def evt_record(number, event, computer="MAILSRV"):
    strings = b"".join(utf16z(s) for s in event.get("inserts", []))
    names = utf16z(event["source"]) + utf16z(computer)
    fixed = 56
    string_offset = fixed + len(names)
    data_offset = string_offset + len(strings)
    body = names + strings
    pad = (-(fixed + len(body) + 4)) % 4
    length = fixed + len(body) + pad + 4
    etype = ERROR if event.get("type", "error") == "error" else INFORMATION
    # Error events of a classic source carry severity bits over the id.
    event_id = event["id"] | (0xC0000000 if etype == ERROR else 0x40000000)
    header = struct.pack(
        "<I4sIIIIHHHHIIIIII", length, b"LfLe", number, event["time"],
        event["time"], event_id, etype, len(event.get("inserts", [])), 0, 0,
        0, string_offset, 0, 0, 0, data_offset)
    return header + body + b"\0" * pad + struct.pack("<I", length)


def write_evt(events, out):
    records = b""
    for i, e in enumerate(events):
        records += evt_record(i + 1, e)
    header_size = 0x30
    eof_offset = header_size + len(records)
    next_number = len(events) + 1
    eof = struct.pack("<IIIIIIIIII", 0x28, 0x11111111, 0x22222222,
                      0x33333333, 0x44444444, header_size, eof_offset,
                      next_number, 1, 0x28)
    size = eof_offset + len(eof)
    header = struct.pack("<I4sIIIIIIIIII", header_size, b"LfLe", 1, 1,
                         header_size, eof_offset, next_number, 1, size, 0,
                         0, header_size)
    with open(out, "wb") as f:
        f.write(header + records + eof)


def iso(t):
    return datetime.fromtimestamp(t, timezone.utc).strftime(
        "%Y-%m-%dT%H:%M:%S.000000000Z")


def write_xml(events, out):
    parts = []
    for i, e in enumerate(events):
        data = "".join("<Data>%s</Data>" % escape(s)
                       for s in e.get("inserts", []))
        level = 2 if e.get("type", "error") == "error" else 4
        message = ""
        if "description" in e:
            message = ("<RenderingInfo Culture='en-US'><Message>%s</Message>"
                       "<Level>Error</Level></RenderingInfo>"
                       % escape(e["description"]))
        parts.append(
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/"
            "event'><System><Provider Name=%s/><EventID Qualifiers='49152'>"
            "%d</EventID><Level>%d</Level><Task>0</Task><Keywords>0x80000000000000"
            "</Keywords><TimeCreated SystemTime='%s'/><EventRecordID>%d"
            "</EventRecordID><Channel>Application</Channel><Computer>MAILSRV"
            "</Computer><Security/></System><EventData>%s</EventData>%s"
            "</Event>" % (quoteattr(e["source"]), e["id"], level,
                          iso(e["time"]), i + 1, data, message))
    with open(out, "w", encoding="utf-8") as f:
        f.write("".join(parts))


def viewer_time(t):
    d = datetime.fromtimestamp(t, timezone.utc)
    hour = d.hour % 12 or 12
    return "%d/%d/%d %d:%02d:%02d %s" % (d.month, d.day, d.year, hour,
                                         d.minute, d.second,
                                         "PM" if d.hour >= 12 else "AM")


def write_export(events, out, delimiter):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n")
    w.writerow(["Level", "Date and Time", "Source", "Event ID",
                "Task Category"])
    # Event Viewer lists the newest first.
    for e in reversed(events):
        level = "Error" if e.get("type", "error") == "error" else "Information"
        w.writerow([level, viewer_time(e["time"]), e["source"], e["id"],
                    "None", e.get("description", "")])
    with open(out, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------------------
# .evtx: a file header and one 64 KiB chunk; each record is a template
# instance whose template is defined inline, its values substituted in (the
# way Windows writes them, and the only way libevtx gives typed values and
# the EventData strings).

STRING, UINT8, UINT16, UINT64, FILETIME = 0x01, 0x04, 0x06, 0x0A, 0x11


def name_hash(name):
    h = 0
    for (unit,) in struct.iter_unpack("<H", name.encode("utf-16-le")):
        h = (h * 65599 + unit) & 0xFFFFFFFF
    return h & 0xFFFF


class Sub:
    """A substituted value: index into the record's values, and its type."""

    def __init__(self, index, kind):
        self.index, self.kind = index, kind


class BinXml:
    """Binary XML; name offsets are relative to the chunk start."""

    def __init__(self, base):
        self.base = base  # the chunk offset where this data starts
        self.out = bytearray()

    def here(self):
        return self.base + len(self.out)

    def name(self, text):
        # An inline name: the element's name offset points right here.
        self.out += struct.pack("<IHH", 0, name_hash(text), len(text))
        self.out += text.encode("utf-16-le") + b"\0\0"

    def value(self, v):
        if isinstance(v, Sub):
            self.out += struct.pack("<BHB", 0x0D, v.index, v.kind)
        else:
            self.out += struct.pack("<BBH", 0x05, 0x01, len(v))
            self.out += v.encode("utf-16-le")

    def element(self, tag, attrs=(), text=None, children=()):
        self.out += struct.pack("<BHI", 0x41 if attrs else 0x01, 0xFFFF, 0)
        size_at = len(self.out) - 4
        self.out += struct.pack("<I", self.here() + 4)
        self.name(tag)
        if attrs:
            list_at = len(self.out)
            self.out += struct.pack("<I", 0)
            for i, (k, v) in enumerate(attrs):
                more = i + 1 < len(attrs)
                self.out += struct.pack("<B", 0x46 if more else 0x06)
                self.out += struct.pack("<I", self.here() + 4)
                self.name(k)
                self.value(v)
            struct.pack_into("<I", self.out, list_at,
                             len(self.out) - list_at - 4)
        if text is None and not children:
            self.out += b"\x03"  # close empty element
        else:
            self.out += b"\x02"  # close start element
            if text is not None:
                self.value(text)
            for child in children:
                self.element(*child)
            self.out += b"\x04"  # end element
        struct.pack_into("<I", self.out, size_at,
                         len(self.out) - size_at - 4)


def filetime(t):
    return (t + 11644473600) * 10000000


def evtx_values(number, e):
    """The record's values, in substitution order, as (type, bytes)."""
    error = e.get("type", "error") == "error"
    values = [
        (STRING, e["source"].encode("utf-16-le")),
        (UINT16, struct.pack("<H", e["id"])),
        (UINT16, struct.pack("<H", 0xC000 if error else 0x4000)),
        (UINT8, struct.pack("<B", 2 if error else 4)),
        (FILETIME, struct.pack("<Q", filetime(e["time"]))),
        (UINT64, struct.pack("<Q", number)),
        (STRING, "Application".encode("utf-16-le")),
        (STRING, "MAILSRV".encode("utf-16-le")),
    ]
    for text in e.get("inserts", []):
        values.append((STRING, text.encode("utf-16-le")))
    return values


def evtx_template_tree(values):
    subs = [Sub(i, kind) for i, (kind, _) in enumerate(values)]
    system = [
        ("Provider", (("Name", subs[0]),), None, ()),
        ("EventID", (("Qualifiers", subs[2]),), subs[1], ()),
        ("Level", (), subs[3], ()),
        ("TimeCreated", (("SystemTime", subs[4]),), None, ()),
        ("EventRecordID", (), subs[5], ()),
        ("Channel", (), subs[6], ()),
        ("Computer", (), subs[7], ()),
    ]
    data = [("Data", (), sub, ()) for sub in subs[8:]]
    return ("Event",
            (("xmlns",
              "http://schemas.microsoft.com/win/2004/08/events/event"),),
            None, [("System", (), None, system),
                   ("EventData", (), None, data)])


def evtx_record(number, e, offset):
    values = evtx_values(number, e)
    # record header 24, fragment header 4, instance header 10, definition
    # header 24: the template's Binary XML starts there.
    template = BinXml(offset + 24 + 4 + 10 + 24)
    template.out += b"\x0f\x01\x01\x00"
    template.element(*evtx_template_tree(values))
    template.out += b"\x00"  # end of the template's stream
    definition_at = offset + 24 + 4 + 10
    body = bytearray(b"\x0f\x01\x01\x00")
    body += struct.pack("<BBII", 0x0C, 0x01, number, definition_at)
    guid = struct.pack("<IHH8s", 0x6D696700 + number, 0x4D49, 0x4701,
                       b"mmfguard")
    body += struct.pack("<I", 0) + guid + struct.pack("<I", len(template.out))
    body += template.out
    body += struct.pack("<I", len(values))
    for kind, data in values:
        body += struct.pack("<HBB", len(data), kind, 0)
    for _, data in values:
        body += data
    body += b"\x00"  # end of the record's stream
    size = 24 + len(body) + 4
    return (struct.pack("<4sIQQ", b"**\0\0", size, number,
                        filetime(e["time"]))
            + bytes(body) + struct.pack("<I", size))


def write_evtx(events, out):
    import zlib
    chunk_size = 65536
    records = bytearray()
    last_offset = 512
    for i, e in enumerate(events):
        last_offset = 512 + len(records)
        records += evtx_record(i + 1, e, 512 + len(records))
    if 512 + len(records) > chunk_size:
        raise SystemExit("make-eventlog: too many events for one chunk")
    n = len(events)
    free = 512 + len(records)
    chunk = bytearray(chunk_size)
    struct.pack_into("<8sQQQQIIII", chunk, 0, b"ElfChnk\0", 1, n, 1, n, 128,
                     last_offset, free, zlib.crc32(bytes(records)))
    chunk[512:free] = records
    struct.pack_into("<I", chunk, 124,
                     zlib.crc32(bytes(chunk[0:120]) + bytes(chunk[128:512])))
    header = bytearray(4096)
    struct.pack_into("<8sQQQIHHHH", header, 0, b"ElfFile\0", 0, 0, n + 1, 128,
                     1, 3, 4096, 1)
    struct.pack_into("<I", header, 124, zlib.crc32(bytes(header[0:120])))
    with open(out, "wb") as f:
        f.write(bytes(header) + bytes(chunk))


def main():
    if len(sys.argv) == 2 and sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0
    if len(sys.argv) != 4 or sys.argv[1] not in ("evt", "evtx", "xml", "csv",
                                                 "text"):
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[3], encoding="utf-8") as f:
        events = json.load(f)
    fmt, out = sys.argv[1], sys.argv[2]
    if fmt == "evt":
        write_evt(events, out)
    elif fmt == "evtx":
        write_evtx(events, out)
    elif fmt == "xml":
        write_xml(events, out)
    else:
        write_export(events, out, "," if fmt == "csv" else "\t")
    return 0


if __name__ == "__main__":
    sys.exit(main())
