#!/usr/bin/env bash
# CMake refuses an unsupported cpp-httplib at configure time with one line
# naming the versions it supports (cmake/ReventoHttplib.cmake), before any
# compile: a header from a folder (REVENTO_HTTPLIB_INCLUDE_DIR) that says
# 0.10.0, then one that says 0.54.0; a supported one (0.14.3) configures.
#   tests/cmake/httplib_version_test.sh SOURCE_DIR
set -euo pipefail
src=$(cd "$1" && pwd)
tmp=$(mktemp -d /tmp/revento-httplib-version-XXXXXX)
trap 'rm -rf "$tmp"' EXIT
configure() {
  mkdir -p "$tmp/h-$1"
  printf '#define CPPHTTPLIB_VERSION "%s"\n' "$1" >"$tmp/h-$1/httplib.h"
  cmake -S "$src" -B "$tmp/b-$1" -DBUILD_TESTING=OFF "-DREVENTO_HTTPLIB_INCLUDE_DIR=$tmp/h-$1" >"$tmp/out-$1" 2>&1
}
for version in 0.10.0 0.54.0; do
  if configure "$version"; then echo "cpp-httplib $version was accepted" >&2; exit 1; fi
  grep -qx "cpp-httplib $version (.*) is not supported: revento-sandbox builds with cpp-httplib 0.11 to 0.53 .*" "$tmp/out-$version" || {
    echo "cpp-httplib $version: no one-line refusal naming the supported versions:" >&2; cat "$tmp/out-$version" >&2; exit 1; }
done
configure 0.14.3 || { echo "cpp-httplib 0.14.3 was refused:" >&2; cat "$tmp/out-0.14.3" >&2; exit 1; }
echo "cpp-httplib 0.10.0 and 0.54.0 refused in one line; 0.14.3 accepted"
