#!/usr/bin/env bash
# Builds the golden journal with the node of commit f2d64ce (copied to /tmp/golden/host).
set -euo pipefail
cd /tmp/golden
rm -rf data out; mkdir -p data out
python3 stub.py 18931 & STUB=$!
dotnet host/AlertActors.Host.dll --urls http://127.0.0.1:18930 --config golden.conf > out/node.log 2>&1 & NODE=$!
trap 'kill $STUB $NODE 2>/dev/null || true' EXIT
B=http://127.0.0.1:18930
for i in $(seq 1 60); do curl -sf $B/readyz >/dev/null && break; sleep 1; done
ev() { # id type subject severity [action]
  printf '{"id":"%s","source":"golden/gen","type":"%s","subject":"%s","severity":"%s","tenant":"golden","action":"%s","summary":"%s on %s","data":{"site":"a","n":%s}}' "$1" "$2" "$3" "$4" "${5:-trigger}" "$2" "$3" "${6:-1}"
}
post() { curl -sf -XPOST $B/api/v1/events -H 'content-type: application/json' -d "$1"; echo; }
post "$(ev e1 disk.full h1 critical)"
post "$(ev e2 flaky h2 critical)"
post "$(ev e3 dead h3 critical)"
post "$(ev e4 hot h4 critical)"
post "$(ev e5 flap h5 high)"
post "$(ev e6 flap h5 high resolve)"
post "$(ev e7 flap h5 high)"
curl -sf -XPOST $B/api/v1/silences -H 'content-type: application/json' -d '{"matchers":[{"name":"subject","value":"h6","is_regex":false,"is_equal":true}],"duration":"2h","created_by":"golden","comment":"fixture"}' > out/silence.json; echo
post "$(ev e8 silenced h6 critical)"
post "$(ev e9 deploy.finished app1 info)"
post "$(ev e10 sev h7 high)"
post "$(ev e11 sev h7 critical)"
post "$(ev e12 ghost h8 critical resolve)"
sleep 2
# hot key: 40 occurrences in one request (decided while a write is in flight → coalesced)
batch="["; for i in $(seq 1 40); do batch+="$(ev hot-$i hot h4 critical trigger $i),"; done; batch="${batch%,}]"
post "$batch"
sleep 1
curl -sf -XPOST $B/api/v1/alerts/golden:disk.full:h1/acknowledge -H 'content-type: application/json' -d '{"by":"alice","note":"on it"}' >/dev/null
sleep 1
post "$(ev e13 disk.full h1 critical resolve)"
sleep 3
# requeue the dead PagerDuty delivery of h3 (it dies again: the stub refuses "dead" keys)
for i in $(seq 1 90); do curl -sf $B/api/v1/deliveries/dead > out/dead.json; grep -q dead:h3 out/dead.json && break; sleep 1; done
id=$(python3 -c 'import json;d=json.load(open("out/dead.json"));print([x["id"] for x in d["deliveries"] if "dead" in x["dedup_key"]][0])')
curl -sf -XPOST "$B/api/v1/deliveries/dead/$id/retry" -H 'content-type: application/json' -d '{"by":"bob"}' >/dev/null
sleep 3
sid=$(python3 -c 'import json;print(json.load(open("out/silence.json"))["id"])')
curl -sf -XDELETE $B/api/v1/silences/$sid > /dev/null
for i in $(seq 1 60); do curl -sf "$B/api/v1/alerts/golden:dead:h3" | grep -q 'requeued\|"attempts":2' && break; sleep 1; done
sleep 5
for k in golden:disk.full:h1 golden:flaky:h2 golden:dead:h3 golden:hot:h4 golden:flap:h5 golden:silenced:h6 golden:deploy:app1 golden:sev:h7; do
  curl -sf "$B/api/v1/alerts/$k" > "out/alert-$k.json"
done
curl -sf "$B/api/v1/alerts?limit=100" > out/list.json
kill -TERM $NODE; wait $NODE || true
python3 - <<'PY'
import sqlite3
c = sqlite3.connect('/tmp/golden/data/alertactors.db')
c.execute('PRAGMA wal_checkpoint(TRUNCATE)'); c.commit()
for t, in c.execute("select name from sqlite_master where type='table'"):
    print(t, c.execute(f'select count(*) from "{t}"').fetchone()[0])
print(c.execute("select persistence_id, sequence_number, manifest, length(message) from journal order by ordering").fetchall()[:80])
c.execute('PRAGMA journal_mode=DELETE'); c.commit(); c.close()
PY
