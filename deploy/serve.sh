#!/usr/bin/env bash
# The production mode on one machine (`make serve`): nginx in front of WEB_INSTANCES gunicorn instances
# (WEB_WORKERS workers each), TASK_WORKERS RQ task workers, on PostgreSQL (DATABASE_URL) and Redis
# (REDIS_URL; a private redis-server on port 6380 under var/serve/ when unset). Ctrl-C stops everything.
# The settings are hamafza.settings_production: SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL must be safe.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
RUN="${SERVE_DIR:-$PWD/var/serve}"  # logs, pids, the private Redis and nginx files
mkdir -p "$RUN" var/media
export DJANGO_SETTINGS_MODULE=hamafza.settings_production
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/hamafza}"
export ALLOWED_HOSTS="${ALLOWED_HOSTS:-127.0.0.1,localhost}"
export SECURE_COOKIES="${SECURE_COOKIES:-false}"  # plain http on this machine
export MEDIA_ROOT="${MEDIA_ROOT:-$PWD/var/media}"
export STATIC_ROOT="${STATIC_ROOT:-$PWD/var/static}"
if [ -z "${SECRET_KEY:-}" ]; then
  test -s "$RUN/secret_key" || $PY -c "import secrets; print(secrets.token_urlsafe(64))" > "$RUN/secret_key"
  SECRET_KEY="$(cat "$RUN/secret_key")"; export SECRET_KEY
fi
if [ -z "${COUNSELING_FERNET_KEY:-}" ]; then  # kept beside the secret key: the parties' names need it
  test -s "$RUN/counseling_key" || $PY -c "import base64, secrets; print(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())" > "$RUN/counseling_key"
  COUNSELING_FERNET_KEY="$(cat "$RUN/counseling_key")"; export COUNSELING_FERNET_KEY
fi
pids=()
# Runs a command again whenever it stops (a gunicorn instance or a task worker that died), until
# serve.sh itself stops; meanwhile nginx sends the requests to the other instances.
supervise() {
  local child=""
  trap 'kill "$child" 2>/dev/null; wait "$child" 2>/dev/null; exit 0' TERM INT
  while true; do
    "$@" & child=$!
    wait "$child" || true
    echo "$(date -Is) $* stopped; started again" >&2
    sleep 1
  done
}
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT INT TERM
if [ -z "${REDIS_URL:-}" ]; then
  REDIS_PORT="${REDIS_PORT:-6380}"
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$RUN" --save "" --appendonly no > "$RUN/redis.log" 2>&1 &
  pids+=($!)
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
fi
LISTEN="${LISTEN:-127.0.0.1:8080}"
WEB_INSTANCES="${WEB_INSTANCES:-2}"
TASK_WORKERS="${TASK_WORKERS:-2}"
export WEB_WORKERS="${WEB_WORKERS:-2}"
$PY manage.py migrate --noinput -v0
$PY manage.py collectstatic --noinput -v0
upstreams=""
for i in $(seq 1 "$WEB_INSTANCES"); do
  port=$((${WEB_PORT_BASE:-8100} + i))
  supervise env GUNICORN_BIND="127.0.0.1:$port" .venv/bin/gunicorn --config deploy/gunicorn.conf.py \
    --name "hamafza-web-$i" hamafza.wsgi:application > "$RUN/web-$i.log" 2>&1 &
  pids+=($!)
  upstreams="${upstreams}server 127.0.0.1:$port max_fails=1 fail_timeout=2s; "
done
for i in $(seq 1 "$TASK_WORKERS"); do
  supervise $PY manage.py rqworker --job-class django_tasks_rq.Job default \
    > "$RUN/worker-$i.log" 2>&1 &
  pids+=($!)
done
HAMAFZA_UPSTREAMS="$upstreams" HAMAFZA_LISTEN="$LISTEN" HAMAFZA_SERVER_NAME="${ALLOWED_HOSTS//,/ }" \
  HAMAFZA_STATIC_ROOT="$STATIC_ROOT" HAMAFZA_MEDIA_ROOT="$MEDIA_ROOT" deploy/render-nginx.sh standalone "$RUN/nginx"
nginx -e "$RUN/nginx/nginx-error.log" -c "$RUN/nginx/nginx.conf" &
pids+=($!)
for _ in $(seq 1 60); do
  if curl -fsS "http://$LISTEN/readyz" > /dev/null 2>&1; then break; fi
  sleep 1
done
echo "Hamafza in production mode at http://$LISTEN/ ($WEB_INSTANCES × $WEB_WORKERS web workers, $TASK_WORKERS task workers)"
curl -sS "http://$LISTEN/readyz"; echo
wait -n "${pids[@]}"
