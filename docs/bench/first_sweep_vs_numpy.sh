#!/usr/bin/env bash
# The local runner's first sweep against the numpy script (issue 19, docs/benchmarks.md "The first sweep
# against numpy, session 6"): REPEATS rounds in turns, each a fresh JVM running
#   ddam bench sweep --numpy docs/bench/numpy_simulate.py --large 0 --format csv
# with the launcher's flags (core class-data archive, picocli on the boot class path, C2 after 100 calls),
# once per variant (VARIANTS: names from the list below). bench sweep times the JVM's first 64-cell sweep on
# 1 thread (process CPU, JIT included), warm sweeps, and the numpy script on 4 of the same cells (its own CPU,
# python start-up included). Prints min and median of each and the ratio of the medians.
#   base   : the launcher's flags
#   serial : + -XX:+UseSerialGC
#   par    : + -XX:+UseParallelGC
# Usage (after ./mvnw -B -ntp package -DskipTests):
#   docs/bench/first_sweep_vs_numpy.sh ROOT WORKDIR [REPEATS] [VARIANTS]   e.g. ... . /tmp/fsn 8 "base serial"
set -euo pipefail
root="$(cd "$1" && pwd)"; work="$2"; reps="${3:-8}"; variants="${4:-base}"
mkdir -p "$work" && cd "$work"
rm -rf lib ./*.jar ./*.jsa
cp "$root/cli/target/ddam-cli.jar" . && cp -r "$root/cli/target/lib" lib
picocli=(lib/picocli-*.jar)
fast=(-Xbootclasspath/a:"${picocli[0]}")
# The core class-data archive, as the launcher makes it.
java "${fast[@]}" -XX:ArchiveClassesAtExit=ddam-cli.jsa -Xlog:disable -jar ddam-cli.jar simulate "$root/instances/path3.json" \
  --horizon 3 --format json >/dev/null 2>&1
fast+=(-XX:SharedArchiveFile=ddam-cli.jsa -Xshare:auto -Xlog:disable -XX:Tier4MinInvocationThreshold=100 -XX:Tier4BackEdgeThreshold=200000)
extra() { case "$1" in base) ;; serial) echo "-XX:+UseSerialGC" ;; par) echo "-XX:+UseParallelGC" ;; esac; }
: > runs.txt
echo "start: $(date -u +%H:%M:%S) $(uptime)"
for r in $(seq 1 "$reps"); do
  for v in $variants; do
    # shellcheck disable=SC2046
    java "${fast[@]}" $(extra "$v") -Xmx4g -jar ddam-cli.jar bench sweep --numpy "$root/docs/bench/numpy_simulate.py" \
      --instances "$root/instances" --large 0 --format csv > "out-$v-$r.csv" 2>/dev/null
    python3 - "$v" "out-$v-$r.csv" <<'PY' | tee -a runs.txt
import csv, sys
rows = {r["case"]: float(r["median"]) for r in csv.DictReader(open(sys.argv[2]))}
first = [v for k, v in rows.items() if "first sweep of the JVM (process CPU)" in k][0]
warm = [v for k, v in rows.items() if "threads=1, warm (process CPU)" in k][0]
numpy = [v for k, v in rows.items() if k.startswith("numpy script, CPU per cell")][0]
print(sys.argv[1], first, warm, numpy, f"{numpy / (first / 64):.2f}", f"{numpy / (warm / 64):.2f}")
PY
  done
done
echo "end: $(date -u +%H:%M:%S) $(uptime)"
python3 - <<'PY'
import statistics as st
runs = {}
for line in open("runs.txt"):
    v, first, warm, numpy, _, _ = line.split()
    runs.setdefault(v, []).append((float(first), float(warm), float(numpy)))
print(f"{'variant':8} {'runs':>4} {'first_min':>9} {'first_med':>9} {'warm_min':>8} {'warm_med':>8} {'numpy_min':>9} {'numpy_med':>9}"
      f" {'first_x':>7} {'warm_x':>6}  (x = numpy CPU per cell / ddam CPU per cell, medians)")
for v, xs in runs.items():
    f, w, n = ([x[i] for x in xs] for i in range(3))
    print(f"{v:8} {len(xs):4} {min(f):9.2f} {st.median(f):9.2f} {min(w):8.2f} {st.median(w):8.2f} {min(n):9.3f} {st.median(n):9.3f}"
          f" {st.median(n) / (st.median(f) / 64):7.2f} {st.median(n) / (st.median(w) / 64):6.2f}")
allnp = [x[2] for xs in runs.values() for x in xs]
print(f"numpy over all runs: min {min(allnp):.3f}, median {st.median(allnp):.3f}, max {max(allnp):.3f} s per cell")
PY
