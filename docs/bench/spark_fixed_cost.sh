#!/usr/bin/env bash
# Spark's fixed and per-cell cost against the local runner (issue 19, docs/benchmarks.md "Spark's fixed cost,
# session 6"). Fresh JVMs, in turns, REPEATS rounds; each round runs:
#   startstop : a JVM that only starts and stops the sweep runner's SparkContext (docs/bench/SparkStartStop.java),
#               with the launcher's flags, class-data archive and compiler directives
#   local-N   : ddam sweep SPEC-N --threads 2                       (N = 64, 128, 256 cells of bench sweep's spec)
#   spark-N   : ddam sweep SPEC-N --engine spark --master local[2]  (what ./ddam runs: archive, directives, serial GC)
# Prints each run's wall and CPU (user+sys) seconds, then min and median per case, the medians' ratios
# spark/local, a least-squares line CPU = fixed + N x per-cell for each runner, and the sweep size at which
# Spark's CPU is within 1.15x of the local runner's. rows.csv is checked byte-identical for each N.
# Usage (after ./mvnw -B -ntp package -DskipTests, or a ./ddam ... --engine spark run):
#   docs/bench/spark_fixed_cost.sh ROOT WORKDIR [REPEATS] [SIZES]   e.g. docs/bench/spark_fixed_cost.sh . /tmp/sfc 5 "64 128 256"
set -euo pipefail
root="$(cd "$1" && pwd)"; work="$2"; reps="${3:-5}"; sizes="${4:-64 128 256}"
mkdir -p "$work" && cd "$work"
rm -rf lib spark-lib probe ./*.jar o-* spark.jsa
cp "$root/cli/target/ddam-cli.jar" . && cp -r "$root/cli/target/lib" lib
cp -r "$root/spark/target/lib" spark-lib
for f in "$root"/spark/target/ddam-spark-*.jar; do case "$f" in *-sources.jar|*-javadoc.jar|*-submit.jar) ;; *) cp "$f" ddam-spark.jar ;; esac; done
cp "$root/instances/synthetic20.json" .
for n in $sizes; do
  cat > "spec$n.json" <<JSON
{"name": "bench-sweep", "instances": ["$PWD/synthetic20.json"], "rho": [0, 0.25, 0.5, 0.75], "seeds": $((n / 4)),
 "eta": ["0.001"], "fairTime": "off", "horizon": [2500],
 "protocols": ["ogd", "cdogd", "local", "ddam-st", "ddam-star"], "designers": []}
JSON
done
cp="spark-lib/*:ddam-spark.jar:ddam-cli.jar:lib/*"
mkdir -p probe && javac -d probe -cp "$cp" "$root/docs/bench/SparkStartStop.java"
jit=(-XX:Tier4MinInvocationThreshold=100 -XX:Tier4BackEdgeThreshold=200000)
# The launcher's Spark flags (./ddam, spark_flags) and its compiler directives.
sflags=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
  --add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  -Dio.netty.tryReflectionSetAccessible=true -Dio.netty.allocator.type=pooled
  -Dio.netty.handler.ssl.defaultEndpointVerificationAlgorithm=NONE --enable-native-access=ALL-UNNAMED)
dirs=(-XX:+UnlockDiagnosticVMOptions -XX:-DisplayVMOutput -XX:CompilerDirectivesFile="$root/spark/compiler-directives.json")
# The launcher's collector for Spark runs (serial since session 6); SPARK_GC=-XX:+UseG1GC repeats session 6's first table.
cds=(-XX:SharedArchiveFile=spark.jsa -Xshare:auto -Xlog:disable "${SPARK_GC:--XX:+UseSerialGC}")
tm=(/usr/bin/time -f "%U %S %M" -o time.txt)
# The archive (untimed), as the launcher makes it: one Spark sweep with -XX:ArchiveClassesAtExit.
first="${sizes%% *}"
java -Xmx4g "${jit[@]}" "${sflags[@]}" -XX:ArchiveClassesAtExit=spark.jsa -Xlog:disable -cp "$cp" io.ddam.cli.Main \
  sweep "spec$first.json" --out o-archive --engine spark --master 'local[2]' >/dev/null 2>&1
timed() { # name command... -> "name wall cpu maxrss_kb"
  local name="$1" s e; shift
  s=$(date +%s.%N)
  "${tm[@]}" "$@" >/dev/null 2>&1 || { echo "$name failed" >&2; exit 1; }
  e=$(date +%s.%N)
  echo "$name $(echo "$e - $s" | bc) $(awk '{print $1 + $2, $3}' time.txt)"
}
: > runs.txt
echo "start: $(date -u +%H:%M:%S) $(uptime)"
for r in $(seq 1 "$reps"); do
  timed startstop java -Xmx4g "${jit[@]}" "${sflags[@]}" "${cds[@]}" "${dirs[@]}" -cp "$cp:probe" io.ddam.spark.SparkStartStop 'local[2]' | tee -a runs.txt
  for n in $sizes; do
    timed "local-$n" java -Xmx4g "${jit[@]}" -jar ddam-cli.jar sweep "spec$n.json" --out "o-local-$n-$r" --threads 2 | tee -a runs.txt
    timed "spark-$n" java -Xmx4g "${jit[@]}" "${sflags[@]}" "${cds[@]}" "${dirs[@]}" -cp "$cp" io.ddam.cli.Main \
      sweep "spec$n.json" --out "o-spark-$n-$r" --engine spark --master 'local[2]' | tee -a runs.txt
    cmp -s "o-local-$n-$r/rows.csv" "o-spark-$n-$r/rows.csv" && cmp -s "o-local-$n-$r/rows.csv" "o-spark-$n-$r/spark/csv/part-00000.csv" \
      || { echo "rows differ: $n cells, round $r" >&2; exit 1; }
    rm -rf "o-local-$n-$r" "o-spark-$n-$r"
  done
done
echo "end: $(date -u +%H:%M:%S) $(uptime)"
echo "rows.csv and Spark's CSV byte-identical to the local runner's in every run"
python3 - "$sizes" <<'PY'
import statistics as st, sys
sizes = [int(x) for x in sys.argv[1].split()]
runs = {}
for line in open("runs.txt"):
    n, w, c, m = line.split(); runs.setdefault(n, []).append((float(w), float(c), int(m) / 1024))
print(f"{'case':10} {'runs':>4} {'cpu_min':>8} {'cpu_med':>8} {'wall_min':>8} {'wall_med':>8} {'rss_MB':>7}")
med = {}
for n, v in runs.items():
    cs, ws = [c for _, c, _ in v], [w for w, _, _ in v]
    med[n] = (st.median(cs), st.median(ws))
    print(f"{n:10} {len(v):4} {min(cs):8.2f} {st.median(cs):8.2f} {min(ws):8.2f} {st.median(ws):8.2f} {st.median(m for _, _, m in v):7.0f}")
for n in sizes:
    print(f"spark/local at {n} cells: CPU {med[f'spark-{n}'][0] / med[f'local-{n}'][0]:.3f}x, wall {med[f'spark-{n}'][1] / med[f'local-{n}'][1]:.3f}x (medians)")
def fit(kind):  # least squares over every run: cpu = a + b n
    xs = [(n, c) for n in sizes for _, c, _ in runs[f"{kind}-{n}"]]
    mx, my = st.mean(x for x, _ in xs), st.mean(y for _, y in xs)
    b = sum((x - mx) * (y - my) for x, y in xs) / sum((x - mx) ** 2 for x, _ in xs)
    return my - b * mx, b
if len(sizes) > 1:
    (la, lb), (sa, sb) = fit("local"), fit("spark")
    print(f"local: CPU = {la:.2f} s + {lb * 1000:.1f} ms x cells;  spark: CPU = {sa:.2f} s + {sb * 1000:.1f} ms x cells")
    print(f"Spark per cell over the local runner's: {sb / lb:.3f}x ({(sb - lb) * 1000:.1f} ms); fixed part over the local runner's: {sa - la:.2f} s")
    if sb < 1.15 * lb:
        n = (sa - 1.15 * la) / (1.15 * lb - sb)
        print(f"Spark within 1.15x of the local runner's CPU from about {max(n, 0):.0f} cells (this line)")
    else:
        print("Spark's per-cell CPU is at or above 1.15x the local runner's: 1.15x is not reached at any size")
PY
