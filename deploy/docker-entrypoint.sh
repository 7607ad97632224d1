#!/bin/sh
# Container entrypoint: the node must advertise a name the other nodes reach. With neither CLUSTER_HOSTNAME
# (bind) nor CLUSTER_PUBLIC_HOSTNAME (advertised) set, both default to the container's hostname (resolvable
# by the other containers on a Docker network); bound to 0.0.0.0 without a public hostname, the container's
# hostname is advertised. Kubernetes (deploy/k8s) sets both: 0.0.0.0 and the pod IP. Then exec the node so it receives
# SIGTERM directly. Arguments (e.g. --config /etc/alertactors/override.conf) pass through.
set -eu
if [ -z "${CLUSTER_HOSTNAME:-}" ]; then
  if [ -n "${CLUSTER_PUBLIC_HOSTNAME:-}" ]; then CLUSTER_HOSTNAME=0.0.0.0; else CLUSTER_HOSTNAME=$(cat /proc/sys/kernel/hostname); fi
  export CLUSTER_HOSTNAME
fi
if [ "$CLUSTER_HOSTNAME" = "0.0.0.0" ] && [ -z "${CLUSTER_PUBLIC_HOSTNAME:-}" ]; then
  CLUSTER_PUBLIC_HOSTNAME=$(cat /proc/sys/kernel/hostname)
  export CLUSTER_PUBLIC_HOSTNAME
fi
exec dotnet /app/host/AlertActors.Host.dll "$@"
