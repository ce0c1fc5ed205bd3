#!/usr/bin/env python3
"""Dataset NDJSON -> TSV in the column order the C programs bind (done before timing).

  to_tsv.py patterns.ndjson > p.tsv        (w1.c)
  to_tsv.py --w5 DATASET_DIR OUT_DIR       (w5.c: functions.tsv, calls.tsv, data_access.tsv)
  to_tsv.py --w2 DATASET_DIR OUT_DIR       (w2.c: the above plus patterns, locations, contracts' four tables)

Child rows name their parent by its integer key (the row number of the parent in its file, which is the
key the C programs give it) and come sorted by that key, as drift's writer-side key cache and its
key-ordered inserts hand them to SQLite: the floor is SQLite's own work for the rows, nothing else.
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


def keyed(src, column, pks):
    """Rows with their parent id replaced by the parent's key, in key order (stable)."""
    out = []
    for r in src:
        r[column] = pks[r[column]]
        out.append(r)
    return sorted(out, key=lambda r: r[column])


def contracts(src, dst):
    """contracts.ndjson flattened into the four tables of the contracts domain."""
    with open(os.path.join(dst, "contracts.tsv"), "w") as c, open(os.path.join(dst, "frontends.tsv"), "w") as f, \
            open(os.path.join(dst, "fields.tsv"), "w") as fl, open(os.path.join(dst, "mismatches.tsv"), "w") as m:
        for r in rows(os.path.join(src, "contracts.ndjson")):
            b = r["backend"]
            c.write("\t".join(str(x) for x in [r["id"], r["method"], r["endpoint"], r["status"], r["confidence"], b["file"],
                                                b["line"], b.get("framework") or ""]) + "\n")
            for x in b["response_fields"]:
                fl.write("\t".join(str(v) for v in [r["id"], -1, x["name"], x["type"], int(x["optional"]), int(x["nullable"])]) + "\n")
            for i, fe in enumerate(r["frontend"]):
                f.write("\t".join(str(v) for v in [r["id"], i, fe["file"], fe["line"], fe.get("library") or ""]) + "\n")
                for x in fe["response_fields"]:
                    fl.write("\t".join(str(v) for v in [r["id"], i, x["name"], x["type"], int(x["optional"]), int(x["nullable"])]) + "\n")
            for x in r["mismatches"]:
                m.write("\t".join(str(v) for v in [r["id"], x["field_path"], x["mismatch_type"], x["description"], x["severity"]]) + "\n")


if sys.argv[1] == "--w2":
    src, dst = sys.argv[2], sys.argv[3]
    os.makedirs(dst, exist_ok=True)
    write(os.path.join(dst, "patterns.tsv"), ["id", "name", "category", "status", "confidence", "severity", "description",
          "detector", "first_seen", "last_seen"], rows(os.path.join(src, "patterns.ndjson")))
    pks = {r["id"]: i + 1 for i, r in enumerate(rows(os.path.join(src, "patterns.ndjson")))}
    write(os.path.join(dst, "locations.tsv"), ["pattern_id", "file", "line", "column", "end_line", "end_column", "is_outlier",
          "reason", "deviation_score"], keyed(rows(os.path.join(src, "locations.ndjson")), "pattern_id", pks))
    contracts(src, dst)
    sys.argv[1] = "--w5"

if sys.argv[1] == "--w5":
    src, dst = sys.argv[2], sys.argv[3]
    os.makedirs(dst, exist_ok=True)
    write(os.path.join(dst, "functions.tsv"), ["id", "name", "file", "start_line", "end_line", "language", "is_entry_point",
          "is_exported", "is_async"], rows(os.path.join(src, "functions.ndjson")))
    pks = {r["id"]: i + 1 for i, r in enumerate(rows(os.path.join(src, "functions.ndjson")))}
    write(os.path.join(dst, "calls.tsv"), ["caller_id", "target", "line"], keyed(rows(os.path.join(src, "calls.ndjson")), "caller_id", pks))
    write(os.path.join(dst, "data_access.tsv"), ["function_id", "table", "operation", "fields", "line"],
          keyed(rows(os.path.join(src, "data_access.ndjson")), "function_id", pks),
          lambda c, v: json.dumps(v, separators=(",", ":")) if c == "fields" else v)
else:
    cols = ["id", "name", "category", "status", "confidence", "severity", "description", "detector", "first_seen", "last_seen"]
    for r in rows(sys.argv[1]):
        print("\t".join(str(r.get(c) or "") for c in cols))
