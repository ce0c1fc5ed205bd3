#!/usr/bin/env bash
# The main job: build drift, then run a real workflow on the sample dataset that ships with the
# repository, on the embedded default database (.drift/drift.db under the current folder).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
( cd "$here" && mvn -q -B -DskipTests package )
drift() { java -p "$here/mods" -m drift.cli "$@"; }

echo "== import the sample scan (samples/tiny)"
drift import --replace "$here/samples/tiny"
echo
echo "== status"
drift status
echo
echo "== full-text search: \"auth token\""
drift patterns search "auth token" --limit 5
echo
echo "== what data the first entry point reaches, with a call path to each"
entry=$(drift sql "SELECT file || ':' || start_line FROM callgraph_function WHERE is_entry_point = 1 ORDER BY id LIMIT 1" --json \
        | sed -nE 's/.*":"([^"]+)".*/\1/p' | head -1)
drift reachable "$entry" --limit 10
echo
echo "== a real producer: scan drift's own module path (drift and its libraries, JVM bytecode) into .drift/self.db"
drift scan "$here/mods" --root drift --db .drift/self.db
echo
echo "== who calls the scan session's commit? (an interface call reaches the implementation through CHA)"
drift callers 'drift.storage.jdbc.JdbcScanSession#commit()Ldrift/storage/api/ScanInfo;' --db .drift/self.db
echo
echo "== which entry points reach the drift_schema table (SQL found in string constants), one call path each"
echo "   (drift's commands are run by picocli: Main#main reaches them through picocli's code, scanned too)"
drift who-reaches drift_schema --db .drift/self.db
