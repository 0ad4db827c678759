#!/usr/bin/env python3
"""Prints the data lines of Dashop.Web/Infrastructure/Security/username-scripts.txt (its header is kept by hand) from the
Unicode Character Database in UCD_DIR (default /usr/share/unicode, Debian's unicode-data package):
one line per run of letters and digits (L*, N*) with the same Script_Extensions value."""
import os
import sys

UCD = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("UCD_DIR", "/usr/share/unicode")


def read_ranges(name):
    values = {}
    with open(os.path.join(UCD, name), encoding="utf-8") as f:
        for line in f:
            line = line.split("#")[0].strip()
            if not line:
                continue
            span, value = [x.strip() for x in line.split(";")]
            start, end = (span.split("..") + [span])[:2]
            for cp in range(int(start, 16), int(end, 16) + 1):
                values[cp] = value
    return values


def main():
    category, first = {}, None
    with open(os.path.join(UCD, "UnicodeData.txt"), encoding="utf-8") as f:
        for line in f:
            fields = line.split(";")
            cp, name, gc = int(fields[0], 16), fields[1], fields[2]
            if name.endswith("First>"):
                first = cp
            elif name.endswith("Last>"):
                for c in range(first, cp + 1):
                    category[c] = gc
            else:
                category[cp] = gc
    scripts, extensions = read_ranges("Scripts.txt"), read_ranges("ScriptExtensions.txt")
    codes = {}
    with open(os.path.join(UCD, "PropertyValueAliases.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("sc ;"):
                parts = [x.strip() for x in line.split("#")[0].split(";")]
                codes[parts[2]] = parts[1]

    def value(cp):
        if cp in extensions:
            return " ".join(sorted(extensions[cp].split()))
        return codes.get(scripts.get(cp, "Unknown"), "Zzzz")

    runs = []
    for cp in sorted(category):
        if category[cp][0] not in "LN":
            continue
        v = value(cp)
        if runs and runs[-1][2] == v:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp, v])
    for start, end, v in runs:
        print((f"{start:04X}" if start == end else f"{start:04X}..{end:04X}") + " " + v)


if __name__ == "__main__":
    main()
