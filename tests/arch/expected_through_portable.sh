#!/usr/bin/env bash
# arch.expected_through_portable: the code names std::expected only through
# portable/expected.h (docs/ARCHITECTURE.md, "Errors"), so that clang 16 to 18
# with libstdc++ 12 or 13 (no std::expected there) keep building it. Prints
# each line elsewhere that names std::expected, std::unexpected or includes
# <expected>, as file:line, and fails if there is one.
#   tests/arch/expected_through_portable.sh ROOT         checks ROOT's sources
#   tests/arch/expected_through_portable.sh --self-test  shows that the check
#                                                        fails on planted uses only
set -euo pipefail

pattern='std::(expected|unexpected)\b|#include <expected>'
folders=(emulator client tests bench version portable)

check() {
  local found
  found=$(cd "$1" && grep -rnE "$pattern" "${folders[@]}" --include='*.cc' --include='*.h' 2>/dev/null |
    grep -v '^portable/expected.h:' || true)
  if [ -n "$found" ]; then
    echo "std::expected named outside portable/expected.h; write portable::expected / portable::unexpected and include \"portable/expected.h\":"
    echo "$found"
    return 1
  fi
  echo "arch.expected_through_portable: std::expected only through portable/expected.h"
}

self_test() {
  local root
  root=$(mktemp -d)
  trap 'rm -rf "$root"' RETURN
  mkdir -p "$root/portable" "$root/client" "$root/emulator"
  printf '#include <expected>\nusing std::expected;\n' >"$root/portable/expected.h"
  printf '// Results.\nstd::expected<int, int> F();\n' >"$root/client/leak.h"
  printf '#include <expected>\n' >"$root/emulator/leak.cc"
  printf 'portable::expected<int, int> G();\n' >"$root/emulator/fine.cc"
  local out
  if out=$(check "$root"); then
    echo "self-test: the check passed a tree that names std::expected"
    return 1
  fi
  local expected
  for expected in 'client/leak.h:2:' 'emulator/leak.cc:1:'; do
    grep -qF "$expected" <<<"$out" || { echo "self-test: the check did not name $expected; it said:"; echo "$out"; return 1; }
  done
  if grep -qE '^(portable/expected.h|emulator/fine.cc):' <<<"$out"; then
    echo "self-test: the check named a file it must allow; it said:"; echo "$out"; return 1
  fi
  rm "$root/client/leak.h" "$root/emulator/leak.cc"
  check "$root" >/dev/null || { echo "self-test: the check refused a clean tree"; return 1; }
  echo "self-test: the check names each planted use as file:line and allows portable/expected.h"
}

case "${1:-}" in
  --self-test) self_test ;;
  "") echo "usage: $0 ROOT | --self-test" >&2; exit 2 ;;
  *) check "$1" ;;
esac
