#!/usr/bin/env bash
# Start the local services the tests use, if they are installed and not running yet.
set -u
up() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

if ! up 5432 && command -v pg_ctlcluster >/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
fi
if ! up 6379 && command -v redis-server >/dev/null; then
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
fi
if ! up 1883 && command -v mosquitto >/dev/null; then
  mosquitto -d -c /etc/mosquitto/mosquitto.conf || true
fi
for i in $(seq 1 30); do up 5432 && break; sleep 1; done
if up 5432 && command -v psql >/dev/null; then
  psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='test'" | grep -q 1 || \
    psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" >/dev/null || true
fi
exit 0
