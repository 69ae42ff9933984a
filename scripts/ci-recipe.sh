#!/usr/bin/env bash
# The shell part of the CI recipes in docs/ci.md: tests an app against the
# emulator of the release package, as a CI job would.
#   ci-recipe.sh PACKAGE_ROOT APP_COMMAND [ARG...]
# 1. starts PACKAGE_ROOT/bin/revento-emulator in the background and reads
#    its --print-config line (client id and secrets, event id, base URLs);
# 2. starts APP_COMMAND with them in its environment (REVENTO_CLIENT_ID,
#    REVENTO_CLIENT_SECRET, REVENTO_WEBHOOK_SECRET, SANDBOX_EVENT_ID,
#    AUTH_BASE, API_BASE, PORT) and waits until it listens on APP_PORT;
# 3. runs `revento scenarios run scenarios/app --emulator ... --app ...
#    --junit REPORT` (the suite packaged beside the binary, or SCENARIOS);
# 4. stops both and exits with the scenario run's status.
# Environment (all optional): APP_PORT (3000), EMULATOR_PORT (8787; 0 picks
# a free one), REPORT (revento-junit.xml), SCENARIOS (scenarios/app),
# EMULATOR_FLAGS (extra revento-emulator flags, e.g. "--fixtures my.json"),
# SCENARIO_FLAGS (extra `scenarios run` flags, e.g. "--set api_path=/participants"),
# LOG_DIR (where emulator.log and app.log go; the working directory).
# The shipped copy is PACKAGE_ROOT/share/revento-sandbox/ci-recipe.sh.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: ci-recipe.sh PACKAGE_ROOT APP_COMMAND [ARG...]" >&2; exit 2; }
root=$(cd "$1" && pwd); shift
app_port=${APP_PORT:-3000}
report=${REPORT:-revento-junit.xml}
logs=${LOG_DIR:-.}
emulator_pid= app_pid=
stop() {
  for pid in $app_pid $emulator_pid; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}
trap stop EXIT

# 1. The emulator: one JSON line on stdout once it listens.
# shellcheck disable=SC2086
"$root/bin/revento-emulator" --port "${EMULATOR_PORT:-8787}" --print-config --log-level warn ${EMULATOR_FLAGS:-} \
  >"$logs/emulator.json" 2>"$logs/emulator.log" &
emulator_pid=$!
for _ in $(seq 300); do [ -s "$logs/emulator.json" ] && break; sleep 0.1; done
config=$(head -1 "$logs/emulator.json")
field() { sed -n "s/.*\"$1\":\\(\"\\([^\"]*\\)\"\\|\\([0-9]*\\)\\).*/\\2\\3/p" <<<"$config"; }
emulator_port=$(field port)
[ -n "$emulator_port" ] || { echo "ci-recipe: the emulator printed no config" >&2; cat "$logs/emulator.log" >&2; exit 1; }
emulator_url="http://127.0.0.1:$emulator_port"

# 2. The app under test, configured like the quickstart.
REVENTO_CLIENT_ID=$(field client_id) REVENTO_CLIENT_SECRET=$(field client_secret) \
REVENTO_WEBHOOK_SECRET=$(field webhook_secret) SANDBOX_EVENT_ID=$(field event_id) \
AUTH_BASE=$(field auth_base) API_BASE=$(field api_base) PORT=$app_port \
  "$@" >"$logs/app.log" 2>&1 &
app_pid=$!
listening=
for _ in $(seq 300); do
  if (exec 3<>"/dev/tcp/127.0.0.1/$app_port") 2>/dev/null; then listening=1; break; fi
  kill -0 "$app_pid" 2>/dev/null || break
  sleep 0.1
done
[ -n "$listening" ] || { echo "ci-recipe: the app did not listen on port $app_port" >&2; cat "$logs/app.log" >&2; exit 1; }

# 3. The app scenarios, with a JUnit report for the CI to publish.
status=0
# shellcheck disable=SC2086
"$root/bin/revento" scenarios run "${SCENARIOS:-scenarios/app}" --emulator "$emulator_url" \
  --app "http://localhost:$app_port" --junit "$report" ${SCENARIO_FLAGS:-} || status=$?
exit "$status"
