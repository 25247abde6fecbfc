#!/usr/bin/env bash
# Writes nginx's configuration for Hamafza from deploy/nginx/*.template.
#   deploy/render-nginx.sh server  OUT      the server block alone (for /etc/nginx/conf.d/)
#   deploy/render-nginx.sh standalone DIR   a whole nginx.conf in DIR (with DIR/hamafza.conf), for nginx -c
# Reads HAMAFZA_UPSTREAMS (default one gunicorn at 127.0.0.1:8001), HAMAFZA_LISTEN (80),
# HAMAFZA_SERVER_NAME (_), HAMAFZA_STATIC_ROOT, HAMAFZA_MEDIA_ROOT.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
export HAMAFZA_UPSTREAMS="${HAMAFZA_UPSTREAMS:-server 127.0.0.1:8001;}"
export HAMAFZA_LISTEN="${HAMAFZA_LISTEN:-80}"
export HAMAFZA_SERVER_NAME="${HAMAFZA_SERVER_NAME:-_}"
export HAMAFZA_STATIC_ROOT="${HAMAFZA_STATIC_ROOT:-/srv/hamafza/static}"
export HAMAFZA_MEDIA_ROOT="${HAMAFZA_MEDIA_ROOT:-/srv/hamafza/media}"
vars='${HAMAFZA_UPSTREAMS} ${HAMAFZA_LISTEN} ${HAMAFZA_SERVER_NAME} ${HAMAFZA_STATIC_ROOT} ${HAMAFZA_MEDIA_ROOT} ${HAMAFZA_RUN_DIR}'
case "${1:-}" in
  server)
    envsubst "$vars" < "$here/nginx/hamafza.conf.template" > "$2" ;;
  standalone)
    export HAMAFZA_RUN_DIR="$(mkdir -p "$2" && cd "$2" && pwd)"
    mkdir -p "$HAMAFZA_RUN_DIR"/{client_body,proxy,fastcgi,uwsgi,scgi}
    envsubst "$vars" < "$here/nginx/hamafza.conf.template" > "$HAMAFZA_RUN_DIR/hamafza.conf"
    envsubst "$vars" < "$here/nginx/standalone.conf.template" > "$HAMAFZA_RUN_DIR/nginx.conf" ;;
  *)
    echo "usage: $0 server OUT | standalone DIR" >&2; exit 2 ;;
esac
