#!/usr/bin/env bash
# Says which test suites will run here. PostgreSQL and Redis halves are skipped when the
# services do not answer, unless ZOE_REQUIRE_SERVICES=1 (CI), where they fail instead.
pg="${ZOE_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test?sslmode=disable}"
redis="${ZOE_TEST_REDIS_URL:-redis://127.0.0.1:6379/0}"
hostport() { local u="${1#*://}"; u="${u#*@}"; u="${u%%/*}"; echo "${u%%\?*}"; }
probe() { local hp; hp=$(hostport "$1"); (exec 3<>"/dev/tcp/${hp%:*}/${hp##*:}") 2>/dev/null; }
echo "== test suites =="
echo "SQLite, in-process cache, domain packages: run"
if probe "$pg"; then echo "PostgreSQL ($(hostport "$pg")): run"; else
  echo "PostgreSQL ($(hostport "$pg")): SKIPPED — not reachable; the PostgreSQL halves of the contract tests will skip"; fi
if probe "$redis"; then echo "Redis ($(hostport "$redis")): run"; else
  echo "Redis ($(hostport "$redis")): SKIPPED — not reachable; Redis session and cache tests will skip"; fi
if [ -x /usr/bin/chromium ]; then echo "Browser (headless Chromium): run"; else
  echo "Browser: SKIPPED — /usr/bin/chromium not installed (apt-get install -y chromium)"; fi
[ "${ZOE_REQUIRE_SERVICES:-}" = 1 ] && echo "ZOE_REQUIRE_SERVICES=1: an unreachable service fails the run"
exit 0
