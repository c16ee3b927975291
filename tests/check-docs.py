#!/usr/bin/env python3
"""Keeps the man pages true (TAP output).

  check-docs.py pages MIG_HOST MAN_DIR
      each page renders with `man -l` without a warning; every command of
      `mig-host --help` has its section in mig-host(1), and each section
      names exactly the options the command's --help prints; mig-plugin(7)
      names the ABI version mig-host speaks.

  check-docs.py conf MIG_HOST PLUGIN MMFGUARD_CONF_5_SCD EXAMPLE_CONF SETTINGS_COMPARE
      mmfguard.conf(5) against the plugin's settings code, asked through the
      plugin itself (mig-host inspect --config): the groups and keys the
      code knows are the groups and keys the page documents; each documented
      range and value set is what the code accepts, at its edges; each
      documented default is the code's (settings-compare: the key set to
      it gives the built-in defaults, set to another value it does not);
      the example configuration loads and writes every default as
      documented.

  check-docs.py markdown MIG_HOST PLUGIN SOURCE_ROOT
      README.md and doc/*.md: every relative link leads to a file of the
      tree, and every #anchor to a heading of the page it names; every
      ```ini example loads in the plugin (mig-host inspect --config); the
      README's Reference links every doc/*.md, so no reference is left
      where nobody finds it; the README keeps to what a first reading
      needs (the reference lives in doc/).

A key added to plugin/core/settings.c makes `conf` fail until the page
documents it.
"""

import os
import re
import subprocess
import sys
import tempfile

results = []


def check(ok, name, detail=""):
    results.append((bool(ok), name, detail))
    return ok


def finish():
    print(f"1..{len(results)}")
    failed = 0
    for i, (ok, name, detail) in enumerate(results, 1):
        print(f"{'ok' if ok else 'not ok'} {i} {name}")
        if not ok:
            failed += 1
            for line in detail.splitlines():
                print(f"# {line}")
    sys.exit(1 if failed else 0)


def run(argv, env=None):
    p = subprocess.run(argv, capture_output=True, text=True, env=env)
    return p.returncode, p.stdout, p.stderr


# --- pages ------------------------------------------------------------------

def render(page):
    env = dict(os.environ, MANWIDTH="200")
    # groff's warnings go to stderr; no hyphenation, so that no option is
    # split across lines.
    code, out, err = run(["man", "--nh", "--nj", "-l", "--warnings=w", page], env=env)
    return code, out, err


def help_options(mig_host, command):
    code, out, _ = run([mig_host, command, "--help"])
    if code != 0:
        return None
    return set(re.findall(r"^\s+(?:-\w, )?(--[a-z][a-z-]*)", out, re.M))


def commands_of(mig_host):
    _, out, _ = run([mig_host, "--help"])
    block = out.split("Commands:", 1)[1]
    return re.findall(r"^  ([a-z]+) ", block, re.M)


def man_sections(text, commands):
    """Splits mig-host(1)'s COMMANDS into {command: its text}."""
    sections = {}
    heads = [(m.start(), m.group(1))
             for m in re.finditer(r"^   (%s)\b.*$" % "|".join(commands), text, re.M)]
    end = re.search(r"^   Common options$", text, re.M)
    for i, (start, cmd) in enumerate(heads):
        stop = heads[i + 1][0] if i + 1 < len(heads) else (end.start() if end else len(text))
        sections[cmd] = text[start:stop]
    return sections


def check_pages(mig_host, man_dir):
    texts = {}
    for page in ("mig-host.1", "mmfguard.conf.5", "mig-plugin.7"):
        path = os.path.join(man_dir, page)
        code, out, err = render(path)
        name = page.rsplit(".", 1)[0]
        check(code == 0 and "NAME" in out and name in out and err.strip() == "",
              f"{page} renders with man -l, without warnings",
              f"exit {code}\nstderr: {err}")
        texts[page] = out

    text = texts["mig-host.1"]
    commands = commands_of(mig_host)
    check(len(commands) >= 3, "mig-host --help lists its commands", str(commands))
    sections = man_sections(text, commands)
    for cmd in commands:
        if not check(cmd in sections, f"mig-host(1) has a section for {cmd}"):
            continue
        wanted = help_options(mig_host, cmd)
        if not check(wanted is not None, f"mig-host {cmd} --help works"):
            continue
        wanted -= {"--help", "--version"}  # under Common options
        named = set(re.findall(r"(--[a-z][a-z-]*)", sections[cmd])) - {
            "--help", "--version"}
        check(not wanted - named,
              f"mig-host(1) documents every option of {cmd} --help",
              f"missing: {sorted(wanted - named)}")
        check(not named - wanted,
              f"mig-host(1) names no option {cmd} does not have",
              f"not in --help: {sorted(named - wanted)}")
    for word in ("--help", "--version", "MIG_PLUGIN", "EXIT STATUS",
                 "ENVIRONMENT", "FILES", "EXAMPLES", "mmfguard.catalog",
                 "journalctl --update-catalog"):
        check(word in text, f"mig-host(1) mentions {word}")

    _, out, _ = run([mig_host, "--version"])
    abi = re.search(r"plugin ABI (\d+)\.(\d+)", out)
    check(abi and f"ABI version {abi.group(1)}.{abi.group(2)}." in texts["mig-plugin.7"],
          "mig-plugin(7) names the ABI version mig-host speaks", out)


# --- conf -------------------------------------------------------------------

class Key:
    def __init__(self, group, name, body, default, values, rng):
        self.group, self.name, self.body = group, name, body
        self.default, self.values, self.range = default, values, rng


def parse_conf_page(path):
    """Groups and keys of mmfguard.conf(5)'s source: a `# [group]` heading,
    then `*key* = _KIND_` items whose text says `Default: *X*` (or `none`,
    or words) and `Values: a, b, c.` or `Range: A to B.`"""
    groups = {}
    group = None
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        m = re.match(r"^# \[(.+)\]$", line)
        if m:
            group = m.group(1)
            groups[group] = {}
        elif line.startswith("# "):
            group = None
        elif group:
            k = re.match(r"^(?:\*([a-z][a-z0-9-]*)\*|_([A-Z]+)_) = _[A-Z]+_$", line)
            if k:
                body = []
                i += 1
                while i < len(lines) and lines[i].startswith("\t"):
                    body.append(lines[i].strip())
                    i += 1
                body = " ".join(body)
                d = re.search(r"Default: \*([^*]+)\*", body)
                v = re.search(r"Values: ([a-z, ]+)\.", body)
                r = re.search(r"Range: (\d+) to (\d+)\.", body)
                groups[group][k.group(1) or k.group(2)] = Key(
                    group, k.group(1) or k.group(2), body,
                    d.group(1) if d else None,
                    [x.strip() for x in v.group(1).split(",")] if v else None,
                    (int(r.group(1)), int(r.group(2))) if r else None)
                continue
        i += 1
    return groups


class Plugin:
    def __init__(self, mig_host, plugin, tmp):
        self.mig_host, self.plugin, self.tmp = mig_host, plugin, tmp
        self.n = 0

    def load(self, text):
        """'' when the plugin starts with this configuration, else its reason."""
        self.n += 1
        path = os.path.join(self.tmp, f"c{self.n}.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)
        code, _, err = run([self.mig_host, "inspect", "--plugin", self.plugin,
                            "--config", path, "--catalog=1"])
        return "" if code == 0 else (err.strip() or f"exit {code}")


def section(group):
    return "[" + group.replace("NAME", "test") + "]\n"


# What a group needs besides the key under test to load.
COMPANIONS = {"path-map NAME": {"windows": "\\\\SRV\\SHARE", "local": "/srv/share"}}


def group_text(group, key, value):
    lines = dict(COMPANIONS.get(group, {}))
    lines[key] = value
    return section(group) + "".join(f"{k} = {v}\n" for k, v in lines.items())


def refused_for(reason, key):
    return f"] {key}:" in reason


def code_groups(plugin):
    reason = plugin.load("[zz-no-such-group]\n")
    m = re.search(r"the groups are (.*)$", reason, re.M)
    return set(re.findall(r"\[([^\]]+)\]", m.group(1))) if m else None


def code_keys(plugin, group):
    """The keys the code knows in `group`; None when it does not know the
    group; 'any' when every key name is accepted (a table such as
    [file-systems])."""
    reason = plugin.load(section(group) + "zz-no-such-key = local\n")
    if "unknown group" in reason:
        return None
    m = re.search(r"the keys of \[[^\]]+\] are: (.*)$", reason, re.M)
    if m:
        return set(x.strip() for x in m.group(1).split(","))
    return "any"


def check_key(plugin, key):
    where = f"[{key.group}] {key.name}"
    name = "zz-test-type" if key.name == "TYPE" else key.name
    if key.values:
        for v in key.values:
            reason = plugin.load(group_text(key.group, name, v))
            check(not refused_for(reason, name), f"{where} = {v} is accepted", reason)
        reason = plugin.load(group_text(key.group, name, "zz-bogus"))
        check(refused_for(reason, name), f"{where} = zz-bogus is refused, naming the key", reason)
        check(key.default is None or key.default in key.values or key.name == "TYPE",
              f"{where}: the documented default is one of its values", str(key.default))
    if key.range:
        low, high = key.range
        for v in (low, high):
            reason = plugin.load(group_text(key.group, name, str(v)))
            check(not refused_for(reason, name), f"{where} = {v} (an edge of its range) is accepted", reason)
        outside = [high + 1] + ([low - 1] if low > 0 else [])
        for v in outside:
            reason = plugin.load(group_text(key.group, name, str(v)))
            check(refused_for(reason, name), f"{where} = {v} (outside its range) is refused", reason)
        check(key.default is not None and key.default.isdigit() and low <= int(key.default) <= high,
              f"{where}: the documented default is in its range", str(key.default))


def other_value(key):
    """A valid value that is not the documented default, or None."""
    if key.values:
        return next((v for v in key.values if v != key.default), None)
    if key.range:
        low, high = key.range
        return str(high if str(high) != key.default else low)
    return "zz-other-value"


def check_default(plugin, compare, key):
    """The documented default is the code's: loading the key set to it
    gives the built-in defaults; set to another value, it does not (so the
    comparison sees the key at all)."""
    where = f"[{key.group}] {key.name}"
    if key.default is None or "NAME" in key.group or key.name == "TYPE":
        return
    for value, want in ((key.default, "default"), (other_value(key), "differs")):
        if value is None:
            continue
        plugin.n += 1
        path = os.path.join(plugin.tmp, f"d{plugin.n}.conf")
        with open(path, "w", encoding="utf-8") as f:
            f.write(group_text(key.group, key.name, value))
        code, out, err = run([compare, path])
        got = out.strip()
        if want == "default":
            check(code == 0 and got == "default",
                  f"{where}: the documented default {value} is the code's default",
                  f"{got} {err}")
        else:
            check(code == 0 and got.startswith("differs"),
                  f"{where} = {value} changes the settings (settings-compare sees the key)",
                  f"{got} {err}\nadd the key's field to tests/settings-compare.c")


def check_example(plugin, groups, known_groups, example):
    text = open(example, encoding="utf-8").read()
    check(plugin.load(text) == "", "the example configuration loads", plugin.load(text))
    set_keys = {}
    group = None
    for line in text.splitlines():
        m = re.match(r"^#? ?\[(.+)\]$", line)
        if m:
            group = re.sub(r"^(path-map|file-server) \S+$", r"\1 NAME", m.group(1))
            continue
        m = re.match(r"^([a-z][a-z0-9.-]*) = (.*)$", line)
        if m and group:
            set_keys[(group, m.group(1))] = m.group(2)
    for g, keys in groups.items():
        if g not in known_groups:
            continue
        for k in keys.values():
            # A [group NAME] is an example of one, commented out.
            if k.default is None or k.name == "TYPE" or "NAME" in g:
                continue
            check(set_keys.get((g, k.name)) == k.default,
                  f"the example sets [{g}] {k.name} to its documented default {k.default}",
                  f"example: {set_keys.get((g, k.name))!r}")


def check_conf(mig_host, plugin_path, page, example, compare):
    groups = parse_conf_page(page)
    check(len(groups) >= 5, "mmfguard.conf(5) has its groups", str(list(groups)))
    with tempfile.TemporaryDirectory() as tmp:
        plugin = Plugin(mig_host, plugin_path, tmp)
        check(plugin.load("") == "", "the plugin starts with an empty configuration")
        named = code_groups(plugin)
        if not check(named is not None, "the plugin names its groups for an unknown one"):
            return
        documented = set(groups)
        check(not named - documented, "every group the code knows is documented",
              f"undocumented: {sorted(named - documented)}")
        known_groups = set()
        for g in sorted(groups):
            keys = code_keys(plugin, g)
            if not check(keys is not None, f"the code knows the documented group [{g}]"):
                continue
            known_groups.add(g)
            documented_keys = set(groups[g])
            if keys == "any":
                check(documented_keys == {"TYPE"},
                      f"[{g}]: the code takes any key, and the page documents one key pattern",
                      str(documented_keys))
            else:
                check(keys == documented_keys,
                      f"[{g}]: the keys the code knows are the keys documented",
                      f"undocumented: {sorted(keys - documented_keys)}\n"
                      f"documented, not in the code: {sorted(documented_keys - keys)}")
            for k in groups[g].values():
                check("Default:" in k.body, f"[{g}] {k.name}: its default is documented")
                check_key(plugin, k)
                check_default(plugin, compare, k)
        check_example(plugin, groups, known_groups, example)


# --- markdown ---------------------------------------------------------------

README_MAX_LINES = 320


def slug(heading):
    """GitHub's anchor for a heading: lower case, markup and punctuation
    other than - and _ dropped, spaces to -."""
    text = re.sub(r"[`*]", "", heading.strip().lower())
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(path):
    text = open(path, encoding="utf-8").read()
    text = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} (.+)$", text, re.M)}


def check_markdown(mig_host, plugin_path, root):
    readme = os.path.join(root, "README.md")
    pages = [readme] + sorted(
        os.path.join(root, "doc", f) for f in os.listdir(os.path.join(root, "doc"))
        if f.endswith(".md"))
    check(len(pages) > 5, "README.md and the reference in doc/ are found", str(pages))
    n_links = n_ini = 0
    with tempfile.TemporaryDirectory() as tmp:
        plugin = Plugin(mig_host, plugin_path, tmp)
        for page in pages:
            name = os.path.relpath(page, root)
            text = open(page, encoding="utf-8").read()
            # An example inside a list item is indented with its fence.
            for m in re.finditer(r"^( *)```ini\n(.*?)^\1```", text, re.M | re.S):
                n_ini += 1
                example = re.sub(r"^" + m.group(1), "", m.group(2), flags=re.M)
                line = text.count("\n", 0, m.start()) + 1
                why = plugin.load(example)
                check(why == "", f"{name}:{line}: the ini example loads in the plugin", why)
            prose = re.sub(r"^\s*```.*?^\s*```", "", text, flags=re.M | re.S)
            for m in re.finditer(r"\]\(([^)\s]+)\)", prose):
                target = m.group(1)
                if re.match(r"^[a-z]+:", target):
                    continue
                n_links += 1
                file_part, _, anchor = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(page), file_part)) \
                    if file_part else page
                if not check(os.path.exists(dest), f"{name}: the link {target} leads to a file",
                             f"no {dest}"):
                    continue
                if anchor:
                    check(dest.endswith(".md") and anchor in anchors(dest),
                          f"{name}: the link {target} leads to a heading",
                          f"headings: {sorted(anchors(dest)) if dest.endswith('.md') else '-'}")
    check(n_links > 20, "the pages link each other", f"{n_links} links")
    check(n_ini >= 3, "the pages' ini examples are found", f"{n_ini} examples")

    text = open(readme, encoding="utf-8").read()
    ref = text.split("\n## Reference\n", 1)
    if check(len(ref) == 2, "README.md has a Reference section"):
        linked = set(re.findall(r"\]\(doc/([^)#]+\.md)", ref[1]))
        in_doc = {os.path.basename(p) for p in pages[1:]}
        check(in_doc <= linked, "README's Reference links every doc/*.md",
              f"not linked: {sorted(in_doc - linked)}")
    lines = text.count("\n")
    check(lines <= README_MAX_LINES,
          f"README.md keeps to {README_MAX_LINES} lines (the reference is in doc/)",
          f"{lines} lines")


def main():
    mode = sys.argv[1]
    if mode == "pages":
        check_pages(*sys.argv[2:4])
    elif mode == "conf":
        check_conf(*sys.argv[2:7])
    elif mode == "markdown":
        check_markdown(*sys.argv[2:5])
    else:
        sys.exit(f"unknown mode {mode}")
    finish()


main()
