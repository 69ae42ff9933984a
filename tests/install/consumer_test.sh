#!/usr/bin/env bash
# Installs the build into a temporary prefix, builds the consumer project of
# docs/client.md against it (the CMakeLists.txt and the program are extracted
# from the document, so the document is what compiles), builds the program
# once more with pkg-config, and runs it against the installed emulator.
#   tests/install/consumer_test.sh BUILD_DIR SOURCE_DIR
# With REVENTO_CONSUMER_PREFIX set, nothing is installed: the consumer builds
# against that prefix (scripts/check-package: the extracted release package).
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$2" && pwd)
tmp=$(mktemp -d /tmp/revento-consumer-XXXXXX)
emulator_pid=
cleanup() {
  [ -n "$emulator_pid" ] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT

# The fenced block after the marker line <!-- consumer:NAME --> in docs/client.md.
extract() {
  awk -v marker="<!-- consumer:$1 -->" '
    $0 == marker { found = 1; next }
    found && /^```/ { if (inside) exit; inside = 1; next }
    inside { print }' "$src/docs/client.md"
}

if [ -n "${REVENTO_CONSUMER_PREFIX:-}" ]; then
  ln -s "$(cd "$REVENTO_CONSUMER_PREFIX" && pwd)" "$tmp/prefix"
else
  cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
fi
mkdir -p "$tmp/consumer"
extract cmake > "$tmp/consumer/CMakeLists.txt"
extract program > "$tmp/consumer/walk_participants.cc"
[ -s "$tmp/consumer/CMakeLists.txt" ] && [ -s "$tmp/consumer/walk_participants.cc" ] || {
  echo "docs/client.md lacks the consumer:cmake or consumer:program block" >&2
  exit 1
}

launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# REVENTO_CONSUMER_FLAGS: the sanitizer of a sanitized build (tests/CMakeLists.txt).
flags=${REVENTO_CONSUMER_FLAGS:-}
cmake -S "$tmp/consumer" -B "$tmp/consumer/build" -DCMAKE_PREFIX_PATH="$tmp/prefix" -DCMAKE_CXX_FLAGS="$flags" \
  "${launcher[@]}" >/dev/null
cmake --build "$tmp/consumer/build" >/dev/null

# The same program through pkg-config.
export PKG_CONFIG_PATH="$tmp/prefix/lib/pkgconfig"
# shellcheck disable=SC2046
c++ $flags -o "$tmp/walk_pc" "$tmp/consumer/walk_participants.cc" $(pkg-config --cflags --libs revento-client)

"$tmp/prefix/bin/revento-emulator" --port 0 --print-config --auto-consent --log-level warn \
  > "$tmp/config" 2> "$tmp/emulator.log" &
emulator_pid=$!
for _ in $(seq 300); do
  [ -s "$tmp/config" ] && break
  sleep 0.1
done
port=$(sed -n 's/.*"port":\([0-9]*\).*/\1/p' "$tmp/config" | head -1)
[ -n "$port" ] || { echo "the installed emulator printed no config" >&2; cat "$tmp/emulator.log" >&2; exit 1; }
url="http://127.0.0.1:$port"

export REVENTO_TOKEN_FILE="$tmp/tokens.json"
"$tmp/prefix/bin/revento" connect --emulator "$url" >/dev/null
for program in "$tmp/consumer/build/walk_participants" "$tmp/walk_pc"; do
  out=$("$program" "$url")
  echo "$out"
  grep -q '^Revento Summit 2026$' <<<"$out"
  grep -qE '^[0-9]+ participants$' <<<"$out"
done
echo "consumer test passed"
