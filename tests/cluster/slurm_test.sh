#!/usr/bin/env bash
# ctest label `cluster`: starts a real single-node Slurm on localhost (Debian's slurm-wlm and
# munge, recipe of shared/reference/slurm-local.md), runs tools/slurm/generate.sbatch as a 4-task
# job array, merges the parts with `synth4d merge`, and checks that the result is identical to a
# single-process run: the same keys, the same truth and QA bytes (and, by design, the same shards
# and manifest). Installs the packages when missing (root, apt-get). When CI is set, anything
# that keeps Slurm from running is a failure; elsewhere the test is skipped (exit 77).
# Usage: slurm_test.sh SYNTH4D_BINARY SOURCE_DIR
set -euo pipefail
SYNTH4D=$(realpath "$1")
SRC=$(realpath "$2")
W=$(mktemp -d /tmp/synth4d-cluster.XXXXXX)
chmod 755 "$W"
mkdir -p "$W"/{spool,state,log,out}
PIDS=()

log() { echo "[cluster $(date +%T)] $*"; }
unavailable() {
  if [ -n "${CI:-}" ]; then echo "FAIL: $* (CI is set: Slurm must run here)"; exit 1; fi
  echo "SKIP: $*"; exit 77
}
show_logs() { for f in "$W"/log/*; do echo "== $f"; tail -n 20 "$f"; done; }
cleanup() {
  local rc=$?
  # Daemons we started, by PID, newest first (slurmd, slurmctld, munged).
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ] || show_logs
  [ "${KEEP:-0}" = 1 ] && echo "kept $W" || rm -rf "$W"
}
trap cleanup EXIT

# 0. Packages.
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || unavailable "slurm-wlm and munge are not installed and this is not root"
  command -v apt-get >/dev/null || unavailable "slurm-wlm and munge are not installed and there is no apt-get"
  log "installing slurm-wlm and munge"
  apt-get update -qq || unavailable "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null \
    || unavailable "apt-get install slurm-wlm munge failed"
fi
[ "$(id -u)" = 0 ] || unavailable "starting munged and slurmd needs root"

# 1. munge: key, runtime directory, daemon in the foreground as the munge user.
if [ ! -s /etc/munge/munge.key ]; then
  mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
    || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
fi
chown munge:munge /etc/munge/munge.key
chmod 0400 /etc/munge/munge.key
install -d -o munge -g munge -m 0755 /run/munge
setpriv --reuid=munge --regid=munge --clear-groups /usr/sbin/munged -F >"$W/log/munged.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
munge -n | unmunge >/dev/null 2>&1 || unavailable "munged did not start"

# 2. slurm.conf outside /etc (SLURM_CONF is read by the daemons and every client).
export SLURM_CONF="$W/slurm.conf"
NODELINE=$(slurmd -C | head -1 | sed 's/^NodeName=[^ ]*/NodeName=localhost NodeAddr=127.0.0.1/')
cat >"$SLURM_CONF" <<CONF
ClusterName=synth4d-ci
SlurmctldHost=localhost
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
MpiDefault=none
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
ReturnToService=2
MailProg=/bin/true
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmdSpoolDir=$W/spool
StateSaveLocation=$W/state
SlurmctldLogFile=$W/log/slurmctld.log
SlurmdLogFile=$W/log/slurmd.log
$NODELINE
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF

# 3. Daemons in the foreground, backgrounded here so their PIDs are ours.
slurmctld -D -i >"$W/log/slurmctld.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 100); do scontrol ping 2>/dev/null | grep -q UP && break; sleep 0.1; done
scontrol ping 2>/dev/null | grep -q UP || unavailable "slurmctld did not come up"
slurmd -D -N localhost >"$W/log/slurmd.out" 2>&1 &
PIDS+=($!)
for _ in $(seq 200); do [ "$(sinfo -h -n localhost -o %t 2>/dev/null)" = idle ] && break; sleep 0.1; done
[ "$(sinfo -h -n localhost -o %t 2>/dev/null)" = idle ] || unavailable "node localhost is not idle"
log "slurm is up"

# 4. The dataset, once in one process and once as a 4-task array + merge.
SPEC="$SRC/tests/shard/data/tiny.yaml"
ARGS="--fake-renderer --seed 11 --shard-samples 4 --templates $SRC/qa_templates"
"$SYNTH4D" generate "$SPEC" --clips 12 --workers 2 --out "$W/single" $ARGS >"$W/log/single.out" 2>&1 \
  || { cat "$W/log/single.out"; exit 1; }
log "single-process run done"
JID=$(cd "$W" && env SYNTH4D="$SYNTH4D" SPECS="$SPEC" CLIPS=12 OUT="$W/cluster" GENERATE_ARGS="$ARGS" \
  sbatch --parsable --array=0-3 --cpus-per-task=1 -o "$W/out/slurm-%A_%a.log" \
  "$SRC/tools/slurm/generate.sbatch")
log "submitted array job $JID"
for _ in $(seq 900); do [ -z "$(squeue -h -j "$JID" 2>/dev/null)" ] && break; sleep 0.2; done
[ -z "$(squeue -h -j "$JID" 2>/dev/null)" ] || { squeue; echo "FAIL: array job still queued after 180 s"; exit 1; }
STATES=$(scontrol show job "$JID" | grep -o 'JobState=[A-Z]*' | sort | uniq -c)
echo "$STATES"
cat "$W"/out/slurm-*.log
[ "$(echo "$STATES" | grep -c COMPLETED)" -eq 1 ] && ! echo "$STATES" | grep -vq COMPLETED \
  || { echo "FAIL: not every array task completed"; exit 1; }
[ "$(ls -d "$W"/cluster/part-* | wc -l)" -eq 4 ] || { echo "FAIL: expected 4 parts"; exit 1; }
"$SYNTH4D" merge "$W"/cluster/part-* --out "$W/merged"
log "merged"

# 5. Identical keys, truth and QA bytes; identical shards and dataset files.
python3 - "$W/single" "$W/merged" <<'PY'
import hashlib, json, pathlib, sys, tarfile
def members(root):
    root = pathlib.Path(root)
    manifest = json.loads((root / "manifest.json").read_text())
    out = {}
    for shard in manifest["shards"]:
        with tarfile.open(root / shard["name"]) as t:
            for m in t.getmembers():
                out[m.name] = hashlib.sha256(t.extractfile(m).read()).hexdigest()
    return manifest, out
ms, single = members(sys.argv[1])
mm, merged = members(sys.argv[2])
keys = lambda d: sorted({n.split(".", 1)[0] for n in d})
assert keys(single) == keys(merged), "keys differ"
assert len(keys(single)) == 24, f"expected 24 samples, got {len(keys(single))}"
for field in ("truth.json", "qa.json", "mp4"):
    a = {n: h for n, h in single.items() if n.endswith("." + field)}
    b = {n: h for n, h in merged.items() if n.endswith("." + field)}
    assert a == b, f"{field} bytes differ"
for name in ["manifest.json", "README.md", "failures.jsonl"] + [f"{s['name']}/qa.json" for s in ms["config"]["splits"]]:
    a, b = pathlib.Path(sys.argv[1], name).read_bytes(), pathlib.Path(sys.argv[2], name).read_bytes()
    assert a == b, f"{name} differs"
print(f"identical: {len(keys(single))} samples in {len(ms['shards'])} shards")
PY
log "PASS"
