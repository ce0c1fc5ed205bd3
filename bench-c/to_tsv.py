#!/usr/bin/env python3
"""Dataset NDJSON -> TSV in the column order the C programs bind (done before timing).

  to_tsv.py patterns.ndjson > p.tsv        (w1.c)
  to_tsv.py --w5 DATASET_DIR OUT_DIR       (w5.c: functions.tsv, calls.tsv, data_access.tsv)
"""
import json, os, sys


def rows(path):
    for line in open(path):
        if line.strip():
            yield json.loads(line)


def write(path, cols, src, transform=None):
    with open(path, "w") as out:
        for r in src:
            vals = [transform(c, r.get(c)) if transform else r.get(c) for c in cols]
            out.write("\t".join("" if v is None else str(v) for v in vals) + "\n")


if sys.argv[1] == "--w5":
    src, dst = sys.argv[2], sys.argv[3]
    os.makedirs(dst, exist_ok=True)
    write(os.path.join(dst, "functions.tsv"), ["id", "name", "file", "start_line", "end_line", "language", "is_entry_point",
          "is_exported", "is_async"], rows(os.path.join(src, "functions.ndjson")))
    write(os.path.join(dst, "calls.tsv"), ["caller_id", "target", "line"], rows(os.path.join(src, "calls.ndjson")))
    write(os.path.join(dst, "data_access.tsv"), ["function_id", "table", "operation", "fields", "line"],
          rows(os.path.join(src, "data_access.ndjson")),
          lambda c, v: json.dumps(v, separators=(",", ":")) if c == "fields" else v)
else:
    cols = ["id", "name", "category", "status", "confidence", "severity", "description", "detector", "first_seen", "last_seen"]
    for r in rows(sys.argv[1]):
        print("\t".join(str(r.get(c) or "") for c in cols))
