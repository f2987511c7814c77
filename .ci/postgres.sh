#!/usr/bin/env bash
# A throwaway PostgreSQL server for the tests that need one (history store, fleet queue).
#   source .ci/postgres.sh && start_test_postgres   → exports CODEAUDIT_TEST_PG_URL; stop_test_postgres removes it.
# Installs Debian's postgresql when no server binaries are found; runs as the `postgres` user when invoked as root
# (the server refuses to run as root). Listens on a unix socket only, in its own temporary folder.

find_pg_bin() {
  local candidate
  for candidate in "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/pg_ctl)")" /usr/lib/postgresql/*/bin; do
    if [ -x "$candidate/pg_ctl" ] && [ -x "$candidate/initdb" ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

start_test_postgres() {
  local bin
  if ! bin=$(find_pg_bin); then
    echo "installing postgresql (Debian package)"
    if [ "$(id -u)" = 0 ]; then
      apt-get install -y -q postgresql >/dev/null || { apt-get update -q >/dev/null && apt-get install -y -q postgresql >/dev/null; }
    else
      sudo -n apt-get install -y -q postgresql >/dev/null || { sudo -n apt-get update -q >/dev/null && sudo -n apt-get install -y -q postgresql >/dev/null; }
    fi
    bin=$(find_pg_bin) || { echo "no PostgreSQL server binaries after installing postgresql" >&2; return 1; }
  fi
  TEST_PG_DIR=$(mktemp -d /tmp/codeaudit-pg.XXXXXX)
  local run_as=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$TEST_PG_DIR"
    run_as=(runuser -u postgres --)
  fi
  local user
  user=$(if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi)
  "${run_as[@]}" "$bin/initdb" -D "$TEST_PG_DIR/data" -U "$user" -A trust --no-sync >/dev/null
  # No TCP listener: a unix socket in the temporary folder, so parallel runs never collide on a port.
  "${run_as[@]}" "$bin/pg_ctl" -D "$TEST_PG_DIR/data" -l "$TEST_PG_DIR/server.log" -w \
    -o "-c listen_addresses='' -k $TEST_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
  TEST_PG_BIN=$bin
  TEST_PG_RUN_AS="${run_as[*]}"
  export CODEAUDIT_TEST_PG_URL="postgresql://$user@localhost/postgres?host=$TEST_PG_DIR"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') for the tests at $TEST_PG_DIR"
}

stop_test_postgres() {
  if [ -n "${TEST_PG_DIR:-}" ] && [ -d "$TEST_PG_DIR/data" ]; then
    # shellcheck disable=SC2086 # the runuser prefix is words on purpose
    $TEST_PG_RUN_AS "$TEST_PG_BIN/pg_ctl" -D "$TEST_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$TEST_PG_DIR"
  fi
}
