#!/bin/sh
# Container entrypoint: default CLUSTER_HOSTNAME to the container's hostname (resolvable by the other
# containers on a Docker network and, with a headless Service, in Kubernetes), then exec the node so it
# receives SIGTERM directly. Arguments (e.g. --config /etc/alertactors/override.conf) pass through.
set -eu
if [ -z "${CLUSTER_HOSTNAME:-}" ]; then
  CLUSTER_HOSTNAME=$(cat /proc/sys/kernel/hostname)
  export CLUSTER_HOSTNAME
fi
exec dotnet /app/host/AlertActors.Host.dll "$@"
