#!/usr/bin/env bash
# Starts and stops the real servers the scale-out tests talk to (issue 21): PostgreSQL 15 and RabbitMQ, both bound
# to loopback only, without systemd. Idempotent: `start` does nothing for a server that already answers.
#   scripts/services.sh start | stop [rabbitmq] [postgresql] | status | is-up NAME | broker-restart
# Connection strings the tests use (override with FAKELENS_TEST_PG / FAKELENS_TEST_AMQP):
#   Host=127.0.0.1;Username=fakelens;Password=fakelens;Database=fakelens_test   amqp://guest:guest@127.0.0.1:5672/
# guest/guest only works from loopback, which is the point: nothing here listens on another address.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
state="$root/.fakelens/services"
mkdir -p "$state"
pgver="${FAKELENS_PG_VERSION:-15}"

log() { [ "${FAKELENS_QUIET:-0}" = 1 ] || echo "fakelens services: $*" >&2; }

# RabbitMQ's environment: node name on localhost, TCP listener and Erlang distribution on 127.0.0.1 only.
cat > "$state/rabbitmq.conf" <<'EOF'
listeners.tcp.1 = 127.0.0.1:5672
loopback_users.guest = true
management.tcp.ip = 127.0.0.1
EOF
export RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_CONFIG_FILE="$state/rabbitmq"
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"

as_postgres() { if [ "$(id -u)" -eq 0 ]; then su postgres -s /bin/sh -c "$1"; else sudo -u postgres sh -c "$1"; fi; }

pg_start() {
  if pg_isready -q -h 127.0.0.1; then return 0; fi
  log "starting PostgreSQL $pgver on 127.0.0.1:5432"
  pg_ctlcluster "$pgver" main start -- -o "-c listen_addresses=127.0.0.1" >&2
  for _ in $(seq 1 300); do pg_isready -q -h 127.0.0.1 && break; sleep 0.1; done
  pg_isready -q -h 127.0.0.1 || { echo "fakelens services: PostgreSQL did not become ready" >&2; return 1; }
  as_postgres "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='fakelens'\" | grep -q 1 || psql -qc \"CREATE ROLE fakelens LOGIN PASSWORD 'fakelens'\"" >&2
  as_postgres "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='fakelens_test'\" | grep -q 1 || createdb -O fakelens fakelens_test" >&2
}

rabbit_up() { rabbitmqctl -q await_startup --timeout 1 >/dev/null 2>&1; }

rabbit_start() {
  if rabbit_up; then return 0; fi
  log "starting RabbitMQ on 127.0.0.1:5672"
  rabbitmq-server -detached >&2
  # await_startup fails at once until the node has registered with epmd; retry with a deadline (≈ 7 s here).
  for _ in $(seq 1 120); do rabbit_up && return 0; sleep 0.5; done
  echo "fakelens services: RabbitMQ did not start within 60 s" >&2
  return 1
}

case "${1:-status}" in
  start)
    pg_start
    rabbit_start
    ;;
  stop)
    # stop [rabbitmq] [postgresql]: both when none is named.
    shift
    which="${*:-rabbitmq postgresql}"
    if [[ " $which " == *" rabbitmq "* ]]; then
      rabbitmqctl -q stop >/dev/null 2>&1 || true
      epmd -kill >/dev/null 2>&1 || true
    fi
    if [[ " $which " == *" postgresql "* ]]; then
      pg_ctlcluster "$pgver" main stop -m fast >/dev/null 2>&1 || true
    fi
    ;;
  broker-restart)
    # Stops the RabbitMQ application (every connection drops; durable queues and persistent messages stay on disk)
    # and starts it again. The tests use it to check no job is lost or duplicated across a broker restart.
    rabbitmqctl -q stop_app >&2
    rabbitmqctl -q start_app >&2
    ;;
  is-up)
    # is-up postgresql|rabbitmq: exit status only.
    case "${2:-}" in
      postgresql) pg_isready -q -h 127.0.0.1 ;;
      rabbitmq) rabbit_up ;;
      *) exit 2 ;;
    esac
    ;;
  status)
    pg_isready -h 127.0.0.1 || true
    rabbit_up && echo "rabbitmq: up" || echo "rabbitmq: down"
    ;;
  *)
    echo "usage: scripts/services.sh start|stop|status|broker-restart" >&2
    exit 2
    ;;
esac
