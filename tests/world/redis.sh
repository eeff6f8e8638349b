#!/usr/bin/env bash
# The test world's Redis (loopback only, nothing kept on disk), for the shared-state tests.
#   tests/world/redis.sh start|stop DIR PORT
set -euo pipefail
action=$1 dir=$2 port=$3
case $action in
  start)
    mkdir -p "$dir"
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    redis-server --port "$port" --bind 127.0.0.1 --protected-mode yes --save "" --appendonly no \
      --dir "$dir" --daemonize yes --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" >/dev/null
    for _ in $(seq 1 50); do
      if redis-cli -p "$port" ping 2>/dev/null | grep -q PONG; then echo "redis: started on $port"; exit 0; fi
      sleep 0.1
    done
    echo "redis: did not start (see $dir/redis.log)" >&2
    exit 1 ;;
  stop)
    redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
    echo "redis: stopped" ;;
esac
