#!/usr/bin/env bash
# Levers on Spark's fixed cost (issue 19, docs/benchmarks.md "Spark's fixed cost, session 6"), each measured
# against the launcher's Spark run in the same rounds. Fresh JVMs, in turns, REPEATS rounds; each round runs
# every case twice: as SparkStartStop (start and stop the context only) and as the 64-cell sweep of bench sweep:
#   base   : what ./ddam runs (launcher's JIT and Spark flags, class-data archive, compiler directives)
#   slim   : the same with only the jars that a small Spark sweep loads classes from (-Xlog:class+load), and an
#            archive made with that class path
#   conf   : base + Spark settings: no executor heartbeats within the run, no static metrics sources, no
#            context cleaner's reference tracking, no broadcast/RDD compression
#   c1     : base + -XX:TieredStopAtLevel=1 (quick compiler only, for the whole Spark JVM)
#   serial : base + -XX:+UseSerialGC
# and the local runner (ddam sweep --threads 2) on the same 64 cells as the baseline; local-0 and spark0-base
# run the same sweep again into its folder (0 cells to run: each runner's fixed cost, tables included).
# Usage (after ./mvnw -B -ntp package -DskipTests):  docs/bench/spark_levers.sh ROOT WORKDIR [REPEATS] [CASES]
set -euo pipefail
root="$(cd "$1" && pwd)"; work="$2"; reps="${3:-4}"; cases="${4:-base slim conf c1 serial}"
mkdir -p "$work" && cd "$work"
rm -rf lib spark-lib probe ./*.jar o-* ./*.jsa
cp "$root/cli/target/ddam-cli.jar" . && cp -r "$root/cli/target/lib" lib
cp -r "$root/spark/target/lib" spark-lib
for f in "$root"/spark/target/ddam-spark-*.jar; do case "$f" in *-sources.jar|*-javadoc.jar|*-submit.jar) ;; *) cp "$f" ddam-spark.jar ;; esac; done
cp "$root/instances/synthetic20.json" .
mk() { # cells horizon -> spec file
  cat > "spec$1.json" <<JSON
{"name": "bench-sweep", "instances": ["$PWD/synthetic20.json"], "rho": [0, 0.25, 0.5, 0.75], "seeds": $(($1 / 4)),
 "eta": ["0.001"], "fairTime": "off", "horizon": [$2],
 "protocols": ["ogd", "cdogd", "local", "ddam-st", "ddam-star"], "designers": []}
JSON
}
mk 64 2500; mk 4 100
cp="spark-lib/*:ddam-spark.jar:ddam-cli.jar:lib/*"
mkdir -p probe && javac -d probe -cp "$cp" "$root/docs/bench/SparkStartStop.java"
jit=(-XX:Tier4MinInvocationThreshold=100 -XX:Tier4BackEdgeThreshold=200000)
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
# The slim class path: the jars a small Spark sweep (4 cells, T = 100: the same code paths, tables included)
# loads classes from, in the original order.
java -Xmx4g "${sflags[@]}" -Xshare:off -Xlog:class+load=info:file=classload.txt -cp "$cp" io.ddam.cli.Main \
  sweep spec4.json --out o-classload --engine spark --master 'local[2]' >/dev/null 2>&1
used="$(grep -o 'source: file:[^ ]*' classload.txt | sed 's/source: file://' | sort -u)"
slim=""
for j in spark-lib/*.jar ddam-spark.jar ddam-cli.jar lib/*.jar; do
  grep -qxF "$PWD/$j" <<<"$used" && slim="$slim${slim:+:}$j"
done
echo "slim class path: $(tr ':' '\n' <<<"$slim" | wc -l) of $(ls spark-lib/*.jar lib/*.jar | wc -l | awk '{print $1 + 2}') jars"
conf=(-Dspark.executor.heartbeatInterval=3600s -Dspark.network.timeout=7200s -Dspark.metrics.staticSources.enabled=false
  -Dspark.cleaner.referenceTracking=false -Dspark.broadcast.compress=false -Dspark.rdd.compress=false)
# flags CASE -> the JVM options and class path of a case (after the common ones)
opts() {
  case "$1" in
    base) echo "-XX:SharedArchiveFile=base.jsa" ;;
    slim) echo "-XX:SharedArchiveFile=slim.jsa" ;;
    conf) echo "-XX:SharedArchiveFile=base.jsa ${conf[*]}" ;;
    c1) echo "-XX:SharedArchiveFile=base.jsa -XX:TieredStopAtLevel=1" ;;
    serial) echo "-XX:SharedArchiveFile=base.jsa -XX:+UseSerialGC" ;;
  esac
}
cpof() { [ "$1" = slim ] && echo "$slim" || echo "$cp"; }
# The archives (untimed), as the launcher makes them: one 64-cell Spark sweep with -XX:ArchiveClassesAtExit.
for a in base slim; do
  java -Xmx4g "${jit[@]}" "${sflags[@]}" -XX:ArchiveClassesAtExit=$a.jsa -Xlog:disable -cp "$(cpof $a)" io.ddam.cli.Main \
    sweep spec64.json --out o-archive-$a --engine spark --master 'local[2]' >/dev/null 2>&1
done
tm=(/usr/bin/time -f "%U %S %M" -o time.txt)
timed() { # name command... -> "name wall cpu maxrss_kb"
  local name="$1" s e; shift
  s=$(date +%s.%N)
  "${tm[@]}" "$@" >/dev/null 2>"err-$name.txt" || { echo "$name failed: $(tail -3 "err-$name.txt")" >&2; exit 1; }
  e=$(date +%s.%N)
  echo "$name $(echo "$e - $s" | bc) $(awk '{print $1 + $2, $3}' time.txt)"
}
: > runs.txt
echo "start: $(date -u +%H:%M:%S) $(uptime)"
for r in $(seq 1 "$reps"); do
  timed local-64 java -Xmx4g "${jit[@]}" -jar ddam-cli.jar sweep spec64.json --out "o-local-$r" --threads 2 | tee -a runs.txt
  # The same into the same folder: 0 cells to run (the local runner's own fixed cost: JVM, spec, rows.csv).
  timed local-0 java -Xmx4g "${jit[@]}" -jar ddam-cli.jar sweep spec64.json --out "o-local-$r" --threads 2 | tee -a runs.txt
  for c in $cases; do
    # shellcheck disable=SC2046
    timed "startstop-$c" java -Xmx4g "${jit[@]}" "${sflags[@]}" -Xshare:auto -Xlog:disable "${dirs[@]}" $(opts "$c") \
      -cp "$(cpof "$c"):probe" io.ddam.spark.SparkStartStop 'local[2]' | tee -a runs.txt
    # shellcheck disable=SC2046
    timed "spark64-$c" java -Xmx4g "${jit[@]}" "${sflags[@]}" -Xshare:auto -Xlog:disable "${dirs[@]}" $(opts "$c") \
      -cp "$(cpof "$c")" io.ddam.cli.Main sweep spec64.json --out "o-$c-$r" --engine spark --master 'local[2]' | tee -a runs.txt
    cmp -s "o-local-$r/rows.csv" "o-$c-$r/rows.csv" || { echo "rows differ: $c, round $r" >&2; exit 1; }
    if [ "$c" = base ]; then # 0 cells to run: Spark's fixed cost with the tables
      timed spark0-base java -Xmx4g "${jit[@]}" "${sflags[@]}" -Xshare:auto -Xlog:disable "${dirs[@]}" $(opts base) \
        -cp "$cp" io.ddam.cli.Main sweep spec64.json --out "o-$c-$r" --engine spark --master 'local[2]' | tee -a runs.txt
    fi
    rm -rf "o-$c-$r"
  done
  rm -rf "o-local-$r"
done
echo "end: $(date -u +%H:%M:%S) $(uptime)"
echo "rows.csv byte-identical to the local runner's in every run"
python3 - <<'PY'
import statistics as st
runs = {}
for line in open("runs.txt"):
    n, w, c, m = line.split(); runs.setdefault(n, []).append((float(w), float(c), int(m) / 1024))
print(f"{'case':18} {'runs':>4} {'cpu_min':>8} {'cpu_med':>8} {'wall_min':>8} {'wall_med':>8} {'rss_MB':>7} {'cpu/base':>8} {'cpu/local':>9}")
med = {n: st.median(c for _, c, _ in v) for n, v in runs.items()}
for n, v in runs.items():
    cs, ws = [c for _, c, _ in v], [w for w, _, _ in v]
    base = med.get(n.split("-")[0] + "-base", float("nan")) if "-" in n and not n.startswith("local") else float("nan")
    print(f"{n:18} {len(v):4} {min(cs):8.2f} {med[n]:8.2f} {min(ws):8.2f} {st.median(ws):8.2f} {st.median(m for _, _, m in v):7.0f}"
          f" {med[n] / base:8.3f} {med[n] / med['local-64']:9.3f}")
PY
