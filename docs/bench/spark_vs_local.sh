#!/usr/bin/env bash
# The Spark runner against the local runner (issue 19, docs/benchmarks.md "Sweeps on Spark"): the 64-cell
# synthetic20 sweep of `ddam bench sweep` (rho 0, 0.25, 0.5, 0.75 x 16 seeds; ogd, cdogd, local, ddam-st,
# ddam-star; eta 0.001; fair-time off; T = 2500), each run a fresh JVM from start to exit (start-up, cells,
# rows.csv, and for Spark its Parquet and CSV), in turns:
#   local  : ddam sweep SPEC --threads 2                       (java -jar, no class-data archive)
#   spark  : ddam sweep SPEC --engine spark --master local[2]   (Spark's jars first, Spark's JVM flags)
#   spark+cds : the same with a class-data archive of the Spark run's classes (made once, untimed), the
#               launcher's compiler directives (spark/compiler-directives.json) and the serial GC: what ./ddam runs
# Prints wall and CPU (user+sys) seconds of each run, the medians, and the ratios to local. Rows are checked
# byte-identical. Usage (after ./mvnw -B -ntp package -DskipTests, or a ./ddam ... --engine spark run):
#   docs/bench/spark_vs_local.sh ROOT WORKDIR [REPEATS]      e.g.  docs/bench/spark_vs_local.sh . /tmp/spark-bench 3
set -euo pipefail
root="$(cd "$1" && pwd)"; work="$2"; reps="${3:-3}"
mkdir -p "$work" && cd "$work"
rm -rf lib spark-lib ./*.jar o-* spark.jsa
cp "$root/cli/target/ddam-cli.jar" . && cp -r "$root/cli/target/lib" lib
cp -r "$root/spark/target/lib" spark-lib
for f in "$root"/spark/target/ddam-spark-*.jar; do case "$f" in *-sources.jar|*-javadoc.jar|*-submit.jar) ;; *) cp "$f" ddam-spark.jar ;; esac; done
cp "$root/instances/synthetic20.json" .
cat > bench-sweep-64.json <<JSON
{"name": "bench-sweep", "instances": ["$PWD/synthetic20.json"], "rho": [0, 0.25, 0.5, 0.75], "seeds": 16,
 "eta": ["0.001"], "fairTime": "off", "horizon": [2500],
 "protocols": ["ogd", "cdogd", "local", "ddam-st", "ddam-star"], "designers": []}
JSON
jit=(-XX:Tier4MinInvocationThreshold=100 -XX:Tier4BackEdgeThreshold=200000)
sflags=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true)
cp="spark-lib/*:ddam-spark.jar:ddam-cli.jar:lib/*"
tm=(/usr/bin/time -f "%U %S" -o time.txt)
local_run() { "${tm[@]}" java -Xmx4g "${jit[@]}" -jar ddam-cli.jar sweep bench-sweep-64.json --out "$1" --threads 2; }
spark_run() { "${tm[@]}" java -Xmx4g "${jit[@]}" "${sflags[@]}" -cp "$cp" io.ddam.cli.Main sweep bench-sweep-64.json --out "$1" --engine spark --master 'local[2]'; }
dirs=(-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile="$root/spark/compiler-directives.json")
cds_run() { "${tm[@]}" java -Xmx4g "${jit[@]}" "${sflags[@]}" -XX:+UseSerialGC -XX:SharedArchiveFile=spark.jsa -Xshare:auto -Xlog:disable "${dirs[@]}" -cp "$cp" io.ddam.cli.Main sweep bench-sweep-64.json --out "$1" --engine spark --master 'local[2]'; }
# The archive (untimed): one Spark run with -XX:ArchiveClassesAtExit.
java -Xmx4g "${jit[@]}" "${sflags[@]}" -XX:ArchiveClassesAtExit=spark.jsa -Xlog:disable -cp "$cp" io.ddam.cli.Main \
  sweep bench-sweep-64.json --out o-archive --engine spark --master 'local[2]' >/dev/null 2>&1
timed() { # name run-function out-dir -> "name wall cpu"
  local s e
  s=$(date +%s.%N)
  "$2" "$3" >/dev/null 2>&1
  e=$(date +%s.%N)
  echo "$1 $(echo "$e - $s" | bc) $(awk '{print $1 + $2}' time.txt)"
}
: > runs.txt
for r in $(seq 1 "$reps"); do
  timed local local_run "o-local-$r" | tee -a runs.txt
  timed spark spark_run "o-spark-$r" | tee -a runs.txt
  timed spark+cds cds_run "o-cds-$r" | tee -a runs.txt
  cmp -s "o-local-$r/rows.csv" "o-spark-$r/rows.csv" && cmp -s "o-local-$r/rows.csv" "o-cds-$r/rows.csv" \
    || { echo "rows differ in repeat $r" >&2; exit 1; }
done
echo "rows.csv identical in every run; uptime: $(uptime)"
python3 - <<'PY'
import statistics as st
runs = {}
for line in open("runs.txt"):
    n, w, c = line.split(); runs.setdefault(n, []).append((float(w), float(c)))
base = runs["local"]
bw, bc = st.median(w for w, _ in base), st.median(c for _, c in base)
print(f"{'case':10} {'wall_s':>8} {'cpu_s':>8} {'wall/local':>10} {'cpu/local':>9}")
for n, v in runs.items():
    w, c = st.median(x for x, _ in v), st.median(y for _, y in v)
    print(f"{n:10} {w:8.2f} {c:8.2f} {w / bw:10.3f} {c / bc:9.3f}")
PY
