#!/usr/bin/python3
"""expand-catalog.py -- build mmfguard's catalog from its sources.

Events 7000, 7007, 151 and 135 share their causes, so their entries are
written once per cause as templates (*.catalog.in) and expanded here into
one entry per (source, event, cause) row of message-ids.tsv, in every
language a template exists for. Plain *.catalog files are copied as they
are. The output is one catalog in the systemd journal catalog format.

With --journal the output is meant for /usr/lib/systemd/catalog: our own
X-* keying headers are dropped, because journalctl -x prints every header
line of an entry and they mean nothing to a reader there, and English
entries lose their explicit "en" (see for_journal).

Usage: expand-catalog.py --ids message-ids.tsv --output OUT [--journal]
                         FILE...
"""

import argparse
import re
import sys

ID_LINE = re.compile(r"^-- (\S+)(?: (\S+))?$")


def fail(where, message):
    sys.exit("%s: %s" % (where, message))


def read_ids(path):
    rows = []   # (source, event, cause, id), in file order
    event_doc = {}
    seen = set()
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            where = "%s:%d" % (path, n)
            if cols[0] == "@event-doc" and len(cols) == 4:
                event_doc[(cols[1], int(cols[2]))] = cols[3]
                continue
            if len(cols) != 4 or not re.fullmatch(r"[0-9a-f]{32}", cols[3]):
                fail(where, "expected source, event, cause, 32-hex-digit id")
            if cols[3] in seen:
                fail(where, "message id %s used twice" % cols[3])
            seen.add(cols[3])
            rows.append((cols[0], int(cols[1]), cols[2], cols[3]))
    return rows, event_doc


def split_entries(path, text):
    """Entries of a catalog file as lists of lines, comments dropped."""
    entries = []
    for n, line in enumerate(text.split("\n"), 1):
        if line.startswith("#"):
            continue
        if line.startswith("-- "):
            entries.append((n, [line]))
        elif entries:
            entries[-1][1].append(line)
        elif line.strip():
            fail("%s:%d" % (path, n), "text before the first entry")
    return [(n, "\n".join(lines).strip("\n")) for n, lines in entries]


def header(entry, name):
    m = re.search(r"^%s: *(.*)$" % re.escape(name), entry, re.M)
    return m.group(1) if m else None


def expand(path, text, rows, event_doc, used):
    out = []
    for n, entry in split_entries(path, text):
        cause = header(entry, "X-Cause")
        if cause is None:
            fail("%s:%d" % (path, n), "template entry without X-Cause")
        # An entry for one reason of a cause has rows of its own, keyed
        # CAUSE/REASON in message-ids.tsv.
        reason = header(entry, "X-Reason")
        key = cause + "/" + reason if reason else cause
        mine = [r for r in rows if r[2] == key]
        if not mine:
            fail("%s:%d" % (path, n),
                 "no row for cause %s in message-ids.tsv" % key)
        for source, event, _, mid in mine:
            used.add(mid)
            tag = "%s %d: " % (source, event) if event else ""
            extra = event_doc.get((source, event))
            values = {
                "ID": mid,
                "X_EVENT": "%s %d" % (source, event) if event else source,
                "EVENT_TAG": tag,
                "EVENT_DOC": ", " + extra if extra else "",
            }
            e = re.sub(r"\{\{(\w+)\}\}", lambda m: values[m.group(1)], entry)
            if not tag:
                # "Subject: the ..." reads as a sentence only capitalised.
                e = re.sub(r"^(Subject: )(\w)",
                           lambda m: m.group(1) + m.group(2).upper(), e,
                           flags=re.M)
            out.append(e)
    return out


def for_journal(entry):
    """The entry as journalctl wants it: no X-* headers, and English as the
    default language (no language on the id line). journalctl looks an id up
    in the reader's language and then in the default; with "en" written out
    there would be no default, and journalctl --list-catalog aborts on an
    assertion (systemd 252)."""
    head, _, body = entry.partition("\n\n")
    lines = [l for l in head.split("\n") if not l.startswith("X-")]
    lines[0] = re.sub(r" en$", "", lines[0])
    return "\n".join(lines) + "\n\n" + body


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ids", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--journal", action="store_true")
    ap.add_argument("files", nargs="+")
    args = ap.parse_args()

    rows, event_doc = read_ids(args.ids)
    used = set()
    entries = []
    for path in args.files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if path.endswith(".in"):
            entries += expand(path, text, rows, event_doc, used)
        else:
            entries += [e for _, e in split_entries(path, text)]
    unused = [r for r in rows if r[3] not in used]
    if unused:
        fail(args.ids, "no template for %s %d %s" % unused[0][:3])
    if args.journal:
        entries = [for_journal(e) for e in entries]

    with open(args.output, "w", encoding="utf-8") as f:
        f.write("# mmfguard's message catalog. Generated by expand-catalog.py"
                "\n# from plugin/catalog/ in the mmfguard sources; do not"
                " edit.\n\n")
        f.write("\n\n".join(entries) + "\n")


if __name__ == "__main__":
    main()
