#!/usr/bin/env bash
# Validates the deployment files without a Docker engine or a Kubernetes cluster:
#   yamllint (deploy/.yamllint), a JSON-schema + structural check of deploy/k8s, `docker-compose config -q`,
#   the Grafana dashboard's JSON and metric coverage, and a static check of the Dockerfile + entrypoint.
# Installs what it needs (Debian: yamllint, docker-compose, python3-yaml, python3-jsonschema) once;
# safe to run again. One line per check; exits non-zero when any check fails.
#   bash deploy/validate.sh
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

# ---- tools ---------------------------------------------------------------------------------------
# Debian's interpreter: apt installs python3-yaml/python3-jsonschema for it (a pyenv python3 on PATH would not see them).
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
need=()
command -v yamllint >/dev/null 2>&1 || need+=(yamllint)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
"$PY" -c 'import yaml' >/dev/null 2>&1 || need+=(python3-yaml)
"$PY" -c 'import jsonschema' >/dev/null 2>&1 || need+=(python3-jsonschema)
if ((${#need[@]})); then
  sudo=()
  [[ $(id -u) -eq 0 ]] || sudo=(sudo)
  echo "validate: installing ${need[*]}"
  if ! { "${sudo[@]}" apt-get update -qq >/dev/null \
         && DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; }; then
    echo "validate: FAIL could not install ${need[*]}" >&2
    exit 1
  fi
fi

failures=0
check() { # check NAME COMMAND...: runs COMMAND quietly, prints one line, shows its output on failure
  local name=$1 out
  shift
  if out=$("$@" 2>&1); then
    echo "ok   ${name}"
  else
    echo "FAIL ${name}"
    printf '%s\n' "$out" | sed 's/^/     /'
    failures=$((failures + 1))
  fi
}

# ---- YAML style ----------------------------------------------------------------------------------
check "yamllint deploy/k8s docker-compose.yml" \
  yamllint -s -c deploy/.yamllint deploy/k8s deploy/.yamllint docker-compose.yml

# ---- Kubernetes manifests ------------------------------------------------------------------------
k8s_check() {
  if command -v kubeconform >/dev/null 2>&1; then
    kubeconform -strict -summary -skip Kustomization deploy/k8s || return 1
  fi
  "$PY" - deploy/k8s <<'PY'
"""JSON-schema check of each manifest's kind-specific shape (subset of the Kubernetes OpenAPI schemas,
kept here because kubeconform/kubeval and their schema downloads are unavailable), then cross-checks."""
import glob, os, sys, yaml, jsonschema

S = {"type": "string", "minLength": 1}
I = {"type": "integer"}
PORT = {"type": "integer", "minimum": 1, "maximum": 65535}
INT_OR_NAME = {"anyOf": [PORT, {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$"}]}
LABELS = {"type": "object", "additionalProperties": {"type": "string"}}
META = {"type": "object", "required": ["name"], "properties": {
    "name": {"type": "string", "pattern": "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$"},
    "namespace": S, "labels": LABELS, "annotations": LABELS}}
QTY = {"anyOf": [{"type": "string", "pattern": r"^[0-9.]+(m|Ki|Mi|Gi|Ti|k|M|G)?$"}, {"type": "number"}]}
RES = {"type": "object", "additionalProperties": False, "properties": {
    "cpu": QTY, "memory": QTY, "ephemeral-storage": QTY}}
HTTP_GET = {"type": "object", "required": ["path", "port"], "additionalProperties": False, "properties": {
    "path": {"type": "string", "pattern": "^/"}, "port": INT_OR_NAME, "scheme": {"enum": ["HTTP", "HTTPS"]},
    "host": S, "httpHeaders": {"type": "array"}}}
EXEC = {"type": "object", "required": ["command"], "properties": {"command": {"type": "array", "items": {"type": "string"}, "minItems": 1}}}
PROBE = {"type": "object", "additionalProperties": False, "properties": {
    "httpGet": HTTP_GET, "exec": EXEC, "tcpSocket": {"type": "object"}, "grpc": {"type": "object"},
    **{k: I for k in ["initialDelaySeconds", "periodSeconds", "timeoutSeconds", "successThreshold",
                      "failureThreshold", "terminationGracePeriodSeconds"]}}}
ENV = {"type": "array", "items": {"type": "object", "required": ["name"], "additionalProperties": False, "properties": {
    "name": {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"}, "value": {"type": "string"},
    "valueFrom": {"type": "object", "minProperties": 1, "maxProperties": 1, "properties": {
        "fieldRef": {"type": "object", "required": ["fieldPath"]},
        "secretKeyRef": {"type": "object", "required": ["name", "key"], "additionalProperties": False,
                         "properties": {"name": S, "key": S, "optional": {"type": "boolean"}}},
        "configMapKeyRef": {"type": "object", "required": ["name", "key"]},
        "resourceFieldRef": {"type": "object"}}, "additionalProperties": False}}}}
CONTAINER = {"type": "object", "required": ["name", "image"], "additionalProperties": False, "properties": {
    "name": S, "image": S, "imagePullPolicy": {"enum": ["Always", "IfNotPresent", "Never"]},
    "command": {"type": "array", "items": {"type": "string"}}, "args": {"type": "array", "items": {"type": "string"}},
    "workingDir": S, "env": ENV, "envFrom": {"type": "array"},
    "ports": {"type": "array", "items": {"type": "object", "required": ["containerPort"], "additionalProperties": False, "properties": {
        "name": {"type": "string", "maxLength": 15}, "containerPort": PORT, "protocol": {"enum": ["TCP", "UDP", "SCTP"]},
        "hostPort": PORT, "hostIP": S}}},
    "startupProbe": PROBE, "livenessProbe": PROBE, "readinessProbe": PROBE,
    "lifecycle": {"type": "object", "additionalProperties": False, "properties": {
        "preStop": {"type": "object", "minProperties": 1}, "postStart": {"type": "object", "minProperties": 1}}},
    "resources": {"type": "object", "additionalProperties": False, "properties": {"requests": RES, "limits": RES}},
    "securityContext": {"type": "object", "additionalProperties": False, "properties": {
        "allowPrivilegeEscalation": {"type": "boolean"}, "readOnlyRootFilesystem": {"type": "boolean"},
        "runAsNonRoot": {"type": "boolean"}, "runAsUser": I, "runAsGroup": I, "privileged": {"type": "boolean"},
        "capabilities": {"type": "object", "properties": {"drop": {"type": "array"}, "add": {"type": "array"}}},
        "seccompProfile": {"type": "object", "required": ["type"]}}},
    "volumeMounts": {"type": "array", "items": {"type": "object", "required": ["name", "mountPath"]}},
    "terminationMessagePolicy": S}}
POD_SPEC = {"type": "object", "required": ["containers"], "properties": {
    "containers": {"type": "array", "minItems": 1, "items": CONTAINER},
    "initContainers": {"type": "array", "items": CONTAINER},
    "terminationGracePeriodSeconds": I, "automountServiceAccountToken": {"type": "boolean"},
    "serviceAccountName": S, "affinity": {"type": "object"},
    "securityContext": {"type": "object", "additionalProperties": False, "properties": {
        "runAsNonRoot": {"type": "boolean"}, "runAsUser": I, "runAsGroup": I, "fsGroup": I,
        "seccompProfile": {"type": "object", "required": ["type"]}}},
    "volumes": {"type": "array", "items": {"type": "object", "required": ["name"], "minProperties": 2}}}}
SELECTOR = {"type": "object", "required": ["matchLabels"], "properties": {"matchLabels": LABELS}}

def top(api, kind, spec=None, required=("spec",), extra=None):
    props = {"apiVersion": {"const": api}, "kind": {"const": kind}, "metadata": META}
    if spec: props["spec"] = spec
    props.update(extra or {})
    return {"type": "object", "required": ["apiVersion", "kind", "metadata", *required],
            "additionalProperties": False, "properties": props}

SCHEMAS = {
    "Namespace": top("v1", "Namespace", required=()),
    "ConfigMap": top("v1", "ConfigMap", required=("data",), extra={"data": LABELS}),
    "Secret": top("v1", "Secret", required=(), extra={"type": S, "data": LABELS, "stringData": LABELS}),
    "Service": top("v1", "Service", {"type": "object", "required": ["ports", "selector"], "properties": {
        "type": {"enum": ["ClusterIP", "NodePort", "LoadBalancer"]}, "clusterIP": S, "selector": LABELS,
        "publishNotReadyAddresses": {"type": "boolean"},
        "ports": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["port"], "additionalProperties": False,
                  "properties": {"name": S, "port": PORT, "targetPort": INT_OR_NAME, "protocol": {"enum": ["TCP", "UDP", "SCTP"]}}}}}}),
    "Deployment": top("apps/v1", "Deployment", {"type": "object", "required": ["selector", "template"],
        "additionalProperties": False, "properties": {
        "replicas": {"type": "integer", "minimum": 0}, "selector": SELECTOR, "minReadySeconds": I,
        "revisionHistoryLimit": I, "progressDeadlineSeconds": I,
        "strategy": {"type": "object", "additionalProperties": False, "properties": {
            "type": {"enum": ["RollingUpdate", "Recreate"]},
            "rollingUpdate": {"type": "object", "additionalProperties": False, "properties": {
                "maxSurge": {"anyOf": [I, S]}, "maxUnavailable": {"anyOf": [I, S]}}}}},
        "template": {"type": "object", "required": ["metadata", "spec"], "properties": {
            "metadata": {"type": "object", "required": ["labels"], "properties": {"labels": LABELS, "annotations": LABELS}},
            "spec": POD_SPEC}}}}),
    "ServiceAccount": top("v1", "ServiceAccount", required=(), extra={"automountServiceAccountToken": {"type": "boolean"}}),
    "Role": top("rbac.authorization.k8s.io/v1", "Role", required=("rules",), extra={"rules": {"type": "array", "minItems": 1, "items": {
        "type": "object", "required": ["apiGroups", "resources", "verbs"], "additionalProperties": False, "properties": {
            "apiGroups": {"type": "array", "items": {"type": "string"}}, "resources": {"type": "array", "items": S},
            "verbs": {"type": "array", "minItems": 1, "items": {"enum": ["get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"]}},
            "resourceNames": {"type": "array", "items": S}}}}}),
    "RoleBinding": top("rbac.authorization.k8s.io/v1", "RoleBinding", required=("subjects", "roleRef"), extra={
        "subjects": {"type": "array", "minItems": 1, "items": {"type": "object", "required": ["kind", "name"], "additionalProperties": False,
            "properties": {"kind": {"enum": ["ServiceAccount", "User", "Group"]}, "name": S, "namespace": S, "apiGroup": S}}},
        "roleRef": {"type": "object", "required": ["apiGroup", "kind", "name"], "additionalProperties": False, "properties": {
            "apiGroup": {"const": "rbac.authorization.k8s.io"}, "kind": {"enum": ["Role", "ClusterRole"]}, "name": S}}}),
    "PodDisruptionBudget": top("policy/v1", "PodDisruptionBudget", {"type": "object", "required": ["selector"],
        "additionalProperties": False, "properties": {"selector": SELECTOR,
        "maxUnavailable": {"anyOf": [I, S]}, "minAvailable": {"anyOf": [I, S]}}}),
    "Kustomization": {"type": "object", "required": ["apiVersion", "kind", "resources"], "properties": {
        "apiVersion": {"const": "kustomize.config.k8s.io/v1beta1"}, "kind": {"const": "Kustomization"},
        "resources": {"type": "array", "items": S}}},
}

root = sys.argv[1]
errors, docs = [], []
for path in sorted(glob.glob(os.path.join(root, "*.yaml"))):
    with open(path) as f:
        for doc in yaml.safe_load_all(f):
            if doc is None:
                continue
            where = f"{os.path.basename(path)}: {doc.get('kind')}/{(doc.get('metadata') or {}).get('name')}"
            schema = SCHEMAS.get(doc.get("kind"))
            if schema is None:
                errors.append(f"{where}: no schema for kind {doc.get('kind')!r}")
                continue
            for e in jsonschema.Draft7Validator(schema).iter_errors(doc):
                errors.append(f"{where}: {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}")
            docs.append((path, doc))

def find(kind):
    return [d for _, d in docs if d.get("kind") == kind]

def expect(cond, msg):
    if not cond:
        errors.append(msg)

kust = find("Kustomization")
for k in kust:
    for r in k["resources"]:
        expect(os.path.exists(os.path.join(root, r)), f"kustomization: resource {r} does not exist")
    expect("secret.example.yaml" not in k["resources"], "kustomization must not apply the example Secret")

services = {s["metadata"]["name"]: s for s in find("Service")}
accounts = {a["metadata"]["name"]: a for a in find("ServiceAccount")}
roles = {r["metadata"]["name"]: r for r in find("Role")}
config_maps = {m["metadata"]["name"]: m for m in find("ConfigMap")}
for dep in find("Deployment"):
    name, spec = dep["metadata"]["name"], dep["spec"]
    tmpl_labels = spec["template"]["metadata"]["labels"]
    for k, v in spec["selector"]["matchLabels"].items():
        expect(tmpl_labels.get(k) == v, f"Deployment/{name}: selector {k}={v} does not match the template labels")
    expect(spec.get("replicas") == 3, f"Deployment/{name}: replicas should be 3")
    rolling = (spec.get("strategy") or {}).get("rollingUpdate") or {}
    expect(rolling.get("maxUnavailable") == 0 and rolling.get("maxSurge") == 1,
           f"Deployment/{name}: a rolling update should add one pod before it removes one (maxSurge 1, maxUnavailable 0)")
    pod = spec["template"]["spec"]
    expect((pod.get("securityContext") or {}).get("runAsNonRoot") is True, f"Deployment/{name}: pod must set runAsNonRoot")
    # Cluster bootstrap lists pods with the service account's token: the pod runs as the account the RoleBinding names.
    account = pod.get("serviceAccountName")
    expect(account in accounts, f"Deployment/{name}: serviceAccountName {account} is not a ServiceAccount here")
    expect(pod.get("automountServiceAccountToken") is True, f"Deployment/{name}: automountServiceAccountToken must be true (the discovery reads the token)")
    bound = [b for b in find("RoleBinding") if any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in b["subjects"])]
    expect(bound, f"Deployment/{name}: no RoleBinding for ServiceAccount {account}")
    for b in bound:
        role = roles.get(b["roleRef"]["name"]) if b["roleRef"]["kind"] == "Role" else None
        expect(role is not None, f"RoleBinding/{b['metadata']['name']}: roleRef {b['roleRef']['name']} is not a Role here")
        if role:
            expect(any("" in r["apiGroups"] and "pods" in r["resources"] and {"get", "list", "watch"} <= set(r["verbs"]) for r in role["rules"]),
                   f"Role/{role['metadata']['name']}: must allow get, list and watch on pods (Kubernetes API discovery)")
            expect(all(set(r["verbs"]) <= {"get", "list", "watch"} for r in role["rules"]), f"Role/{role['metadata']['name']}: read-only verbs only")
    volumes = {v["name"]: v for v in pod.get("volumes", [])}
    for c in pod["containers"]:
        cname = f"Deployment/{name}/{c['name']}"
        ports = {p.get("name"): p["containerPort"] for p in c.get("ports", [])}
        expect(ports.get("http") == 8080 and ports.get("remoting") == 4053 and ports.get("management") == 8558,
               f"{cname}: needs ports http=8080, remoting=4053 and management=8558 (found by name by the discovery)")
        expect(c.get("readinessProbe", {}).get("httpGet", {}).get("path") == "/readyz", f"{cname}: readinessProbe must GET /readyz")
        expect(c.get("livenessProbe", {}).get("httpGet", {}).get("path") == "/healthz", f"{cname}: livenessProbe must GET /healthz")
        for probe in ("readinessProbe", "livenessProbe", "startupProbe"):
            port = c.get(probe, {}).get("httpGet", {}).get("port")
            expect(port is None or port in ports or port in ports.values(), f"{cname}: {probe} port {port} is not a container port")
        pre = c.get("lifecycle", {}).get("preStop")
        expect(pre is not None, f"{cname}: needs a preStop hook")
        expect("sleep" not in str(pre), f"{cname}: preStop must not sleep")
        expect((pre or {}).get("exec", {}).get("command") == ["alertctl", "cluster", "leave"],
               f"{cname}: preStop should run [alertctl, cluster, leave] (the node leaves the cluster itself)")
        token = next((e for e in c.get("env", []) if e["name"] == "ALERTACTORS_API_TOKEN"), {})
        expect("secretKeyRef" in token.get("valueFrom", {}),
               f"{cname}: ALERTACTORS_API_TOKEN (the admin token alertctl in preStop uses) should come from the Secret")
        expect(not token.get("valueFrom", {}).get("secretKeyRef", {}).get("optional", False),
               f"{cname}: ALERTACTORS_API_TOKEN must not be optional (the node binds 0.0.0.0 and refuses to start without a token)")
        expect("requests" in c.get("resources", {}) and "limits" in c.get("resources", {}), f"{cname}: needs resource requests and limits")
        sc = c.get("securityContext", {})
        expect(sc.get("allowPrivilegeEscalation") is False, f"{cname}: allowPrivilegeEscalation must be false")
        env = {e["name"]: e for e in c.get("env", [])}
        for var in ("CLUSTER_HOSTNAME", "CLUSTER_PUBLIC_HOSTNAME", "CLUSTER_PORT", "CLUSTER_MANAGEMENT_PORT", "ALERTACTORS_DB_PROVIDER", "ALERTACTORS_DB", "KAFKA_BOOTSTRAP_SERVERS"):
            expect(var in env, f"{cname}: env {var} missing")
        expect("CLUSTER_SEEDS" not in env, f"{cname}: CLUSTER_SEEDS must not be set (cluster bootstrap finds the nodes; seeds make it give up)")
        expect(env.get("CLUSTER_HOSTNAME", {}).get("value") == "0.0.0.0", f"{cname}: CLUSTER_HOSTNAME (the bind address) should be 0.0.0.0")
        expect(env.get("POD_IP", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") == "status.podIP",
               f"{cname}: POD_IP should come from the downward API (status.podIP)")
        expect(env.get("CLUSTER_PUBLIC_HOSTNAME", {}).get("value") == "$(POD_IP)",
               f"{cname}: CLUSTER_PUBLIC_HOSTNAME should be $(POD_IP): the discovery returns pod IPs and bootstrap must recognise itself")
        expect(env.get("CLUSTER_MANAGEMENT_PORT", {}).get("value") == str(ports.get("management")),
               f"{cname}: CLUSTER_MANAGEMENT_PORT should be the management container port")
        # $(VAR) references must name variables defined earlier in the list.
        order = [e["name"] for e in c.get("env", [])]
        for i, e in enumerate(c.get("env", [])):
            for ref in __import__("re").findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", e.get("value", "")):
                expect(ref in order[:i], f"{cname}: env {e['name']} refers to $({ref}) before it is defined")
        for m in c.get("volumeMounts", []):
            expect(m["name"] in volumes, f"{cname}: volumeMount {m['name']} has no volume")
        args = c.get("args", [])
        expect("--config" in args, f"{cname}: the HOCON override must be passed with --config")
        if "--config" in args and args.index("--config") + 1 < len(args):
            cfg = args[args.index("--config") + 1]
            mount = next((m for m in c.get("volumeMounts", []) if cfg.startswith(m["mountPath"].rstrip("/") + "/")), None)
            expect(mount is not None, f"{cname}: --config {cfg} is not under a volumeMount")
            if mount:
                cm_name = volumes.get(mount["name"], {}).get("configMap", {}).get("name")
                key = os.path.relpath(cfg, mount["mountPath"])
                expect(cm_name in config_maps and key in config_maps[cm_name].get("data", {}),
                       f"{cname}: --config {cfg}: ConfigMap {cm_name} has no key {key}")
                hocon = config_maps.get(cm_name, {}).get("data", {}).get(key, "")
                expect(__import__("re").search(r"\bdiscovery\s*=\s*kubernetes\b", hocon) is not None,
                       f"{cname}: {cfg} should set alertactors.cluster.discovery = kubernetes")
        for ref in [e["valueFrom"]["secretKeyRef"] for e in c.get("env", []) if "secretKeyRef" in e.get("valueFrom", {})]:
            secrets = {s["metadata"]["name"]: s for s in find("Secret")}
            s = secrets.get(ref["name"])
            expect(s is not None and ref["key"] in s.get("stringData", {}) | s.get("data", {}),
                   f"{cname}: secretKeyRef {ref['name']}/{ref['key']} not in the example Secret")
    for svc in services.values():
        sel = svc["spec"]["selector"]
        expect(all(tmpl_labels.get(k) == v for k, v in sel.items()),
               f"Service/{svc['metadata']['name']}: selector matches no Deployment pods")
        cports = {p.get("name") for c in pod["containers"] for p in c.get("ports", [])}
        for p in svc["spec"]["ports"]:
            tp = p.get("targetPort", p["port"])
            expect(isinstance(tp, int) or tp in cports, f"Service/{svc['metadata']['name']}: targetPort {tp} is not a container port name")
    for pdb in find("PodDisruptionBudget"):
        expect(pdb["spec"].get("maxUnavailable") == 1, f"PodDisruptionBudget/{pdb['metadata']['name']}: maxUnavailable should be 1")
        expect(all(tmpl_labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items()),
               f"PodDisruptionBudget/{pdb['metadata']['name']}: selector matches no Deployment pods")
expect(len(find("Deployment")) == 1, "expected exactly one Deployment")
expect(not find("StatefulSet"), "the nodes run as a Deployment (README: Kubernetes)")
for s in find("Secret"):
    for k, v in (s.get("stringData") or {}).items():
        expect(v == "" or "CHANGE-ME" in v, f"Secret/{s['metadata']['name']}: {k} must be empty or a CHANGE-ME placeholder")

if errors:
    print("\n".join(errors))
    sys.exit(1)
print(f"{len(docs)} documents")
PY
}
check "k8s manifests: schema + structure (python3-jsonschema)" k8s_check

# ---- docker-compose ------------------------------------------------------------------------------
check "docker-compose config -q" env ALERTACTORS_API_TOKEN=validate-placeholder docker-compose -f docker-compose.yml config -q
compose_token_check() { # compose must refuse to run the nodes without an API token
  local out
  if out=$(env -u ALERTACTORS_API_TOKEN docker-compose -f docker-compose.yml config -q 2>&1); then
    echo "docker-compose config succeeded without ALERTACTORS_API_TOKEN"
    return 1
  fi
  grep -q ALERTACTORS_API_TOKEN <<<"$out" || { echo "$out"; return 1; }
}
check "docker-compose requires ALERTACTORS_API_TOKEN" compose_token_check

# ---- Grafana dashboard ---------------------------------------------------------------------------
dashboard_check() {
  "$PY" -m json.tool deploy/grafana/alertactors-dashboard.json >/dev/null || return 1
  "$PY" - deploy/grafana/alertactors-dashboard.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exprs = " ".join(t.get("expr", "") for p in d["panels"] for t in p.get("targets", []))
metrics = ["alertactors_events_in_total", "alertactors_notifications_total", "alertactors_delivery_duration_seconds_bucket",
           "alertactors_breaker_state", "alertactors_kafka_lag", "alertactors_kafka_dead_letters_total",
           "alertactors_journal_write_events", "alertactors_journal_write_duration_seconds_bucket", "alertactors_alerts{",
           "alertactors_cluster_members", "alertactors_shards", "alertactors_alert_entities",
           "alertactors_time_to_acknowledge_seconds_bucket", "alertactors_time_to_resolve_seconds_bucket",
           "alertactors_time_to_acknowledge_seconds_sum", "alertactors_time_to_resolve_seconds_count"]
missing = [m for m in metrics if m not in exprs]
ids = [p["id"] for p in d["panels"]]
if missing or len(ids) != len(set(ids)) or not d.get("uid"):
    print("missing metrics:", missing, "| duplicate panel ids" if len(ids) != len(set(ids)) else "")
    sys.exit(1)
PY
}
check "grafana dashboard: json.tool + metric coverage" dashboard_check

# ---- Dockerfile (static: no engine here) -------------------------------------------------------
dockerfile_check() {
  local f=deploy/Dockerfile ok=0
  grep -qE '^FROM mcr\.microsoft\.com/dotnet/sdk:10\.0 AS build' "$f" || { echo "no sdk:10.0 build stage"; ok=1; }
  grep -qE '^FROM mcr\.microsoft\.com/dotnet/aspnet:10\.0' "$f" || { echo "no aspnet:10.0 runtime stage"; ok=1; }
  # shellcheck disable=SC2016 # a literal $APP_UID in the Dockerfile
  grep -qE '^USER +(\$APP_UID|[1-9][0-9]*|app)$' "$f" || { echo "no non-root USER"; ok=1; }
  grep -qE '^EXPOSE +8080 +4053' "$f" || { echo "EXPOSE 8080 4053 missing"; ok=1; }
  grep -q '^HEALTHCHECK' "$f" || { echo "HEALTHCHECK missing"; ok=1; }
  grep -q 'ASPNETCORE_URLS=http://0.0.0.0:8080' "$f" || { echo "ASPNETCORE_URLS missing"; ok=1; }
  grep -q '/usr/local/bin/alertctl' "$f" || { echo "alertctl not on PATH"; ok=1; }
  # Every COPY source (outside --from stages) must exist in the build context.
  while read -r src; do
    [[ -e $src || -n $(compgen -G "$src") ]] || { echo "COPY source missing: $src"; ok=1; }
  done < <(awk '/^COPY / && !/--from/ { for (i = 2; i < NF; i++) print $i }' "$f")
  sh -n deploy/docker-entrypoint.sh || ok=1
  [[ -x deploy/docker-entrypoint.sh ]] || { echo "deploy/docker-entrypoint.sh not executable"; ok=1; }
  return $ok
}
check "Dockerfile + entrypoint: static check" dockerfile_check

if ((failures)); then
  echo "validate: ${failures} check(s) failed"
  exit 1
fi
echo "validate: all checks passed"
