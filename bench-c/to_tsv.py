#!/usr/bin/env python3
"""patterns.ndjson -> TSV in the column order w1.c binds (done before timing)."""
import json, sys
cols = ["id", "name", "category", "status", "confidence", "severity", "description", "detector", "first_seen", "last_seen"]
for line in open(sys.argv[1]):
    if line.strip():
        r = json.loads(line)
        print("\t".join(str(r.get(c) or "") for c in cols))
