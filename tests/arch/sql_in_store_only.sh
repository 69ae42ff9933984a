#!/usr/bin/env bash
# arch.sql_in_store_only: the schema, SQL and the SQLite API belong to
# emulator/store/ only (docs/ARCHITECTURE.md, "The store"); every other folder
# calls named repository methods. Prints each line elsewhere in emulator/ that
# holds SQL or calls SQLite, as file:line, and fails if there is one.
#   tests/arch/sql_in_store_only.sh ROOT         checks ROOT/emulator
#   tests/arch/sql_in_store_only.sh --self-test  shows that the check fails on
#                                                planted statements, and only on those
# Keywords are matched in capitals only: say "update" in prose, not "UPDATE".
set -euo pipefail

pattern='sqlite3|SELECT|UPDATE|INSERT|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER)|PRAGMA|(\.|->)(Prepare|Exec)\('

check() {
  local found
  found=$(cd "$1" && grep -rnE "$pattern" emulator --include='*.cc' --include='*.h' --include='*.in' |
    grep -v '^emulator/store/' || true)
  if [ -n "$found" ]; then
    echo "SQL or SQLite calls outside emulator/store/; move each into a named method of a store/ repository:"
    echo "$found"
    return 1
  fi
  echo "arch.sql_in_store_only: no SQL outside emulator/store/"
}

self_test() {
  local root
  root=$(mktemp -d)
  trap 'rm -rf "$root"' RETURN
  mkdir -p "$root/emulator/store" "$root/emulator/oauth" "$root/emulator/api"
  printf 'auto& s = db_.Prepare("SELECT 1");\n' >"$root/emulator/store/allowed.cc"
  printf '// Lists the rows.\nvoid Leak(Database& db) { db.Prepare("SELECT id FROM events"); }\n' \
    >"$root/emulator/oauth/leak.cc"
  printf '#pragma once\ninline int Step(sqlite3_stmt* s);\n' >"$root/emulator/api/leak.h"
  printf '// Updates nothing; names no table.\nint Quiet() { return 0; }\n' >"$root/emulator/api/quiet.cc"
  local out
  if out=$(check "$root"); then
    echo "self-test: the check passed a tree with SQL outside store/"
    return 1
  fi
  local expected
  for expected in 'emulator/oauth/leak.cc:2:' 'emulator/api/leak.h:2:'; do
    if ! grep -qF "$expected" <<<"$out"; then
      echo "self-test: the check did not name $expected; it said:"
      echo "$out"
      return 1
    fi
  done
  if grep -qE 'allowed.cc|quiet.cc' <<<"$out"; then
    echo "self-test: the check named a file it must allow; it said:"
    echo "$out"
    return 1
  fi
  rm -rf "$root/emulator/oauth" "$root/emulator/api/leak.h"
  check "$root" >/dev/null || { echo "self-test: the check refused a clean tree"; return 1; }
  echo "self-test: the check names each planted statement as file:line and allows store/"
}

case "${1:-}" in
  --self-test) self_test ;;
  "") echo "usage: $0 ROOT | --self-test" >&2; exit 2 ;;
  *) check "$1" ;;
esac
