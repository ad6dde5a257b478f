#!/usr/bin/env bash
# Whole-process timings of `ddam simulate` against docs/bench/numpy_simulate.py doing the same work
# (docs/benchmarks.md, "ddam simulate against numpy"). Run from the repository root:
#   docs/bench/simulate_vs_numpy.sh [REPEATS]      (default 3)
# Prints one line per case: the median CPU time (user + sys) and wall time of each side over the
# repeats, and the ratio numpy / ddam. numpy is pinned to one BLAS thread; ddam gets --threads 1 except
# in the "threads" case. Both processes are timed by /usr/bin/time, start-up included.
set -euo pipefail
repeats="${1:-3}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d "${TMPDIR:-/tmp}/ddam-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cd "$root"
./ddam --version >/dev/null   # build and make the class-data archive first, untimed
./ddam generate --network er:n=50,p=0.1,seed=50 --interest dirichlet:y0=2,y1=10,seed=50 --out "$work/n50.json" >/dev/null
./ddam generate --network er:n=100,p=0.05,seed=100 --interest dirichlet:y0=2,y1=10,seed=100 --out "$work/n100.json" >/dev/null
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1

# time_it OUTVAR command...: appends "cpu wall" of one run to $work/$OUTVAR
time_it() {
  local out="$1"; shift
  /usr/bin/time -f "%U %S %e" -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  awk '{printf "%.3f %.3f\n", $1 + $2, $3}' "$work/t" >> "$work/$out"
}

median() { # column of file
  sort -n -k"$2" "$1" | awk -v c="$2" '{v[NR]=$c} END {print v[int((NR+1)/2)]}'
}

run_case() { # label instance horizon ddam-args numpy-args
  local label="$1" inst="$2" T="$3" dargs="$4" nargs="$5"
  rm -f "$work/j" "$work/p"
  for _ in $(seq "$repeats"); do
    # shellcheck disable=SC2086
    time_it j ./ddam simulate "$inst" --horizon "$T" --eta 0.001 --fair-time off --window 1 --format json \
      --out "$work/out.json" $dargs
    # shellcheck disable=SC2086
    time_it p python3 docs/bench/numpy_simulate.py "$inst" --horizon "$T" --eta 0.001 --window 1 $nargs
  done
  local jc jw pc pw
  jc=$(median "$work/j" 1); jw=$(median "$work/j" 2); pc=$(median "$work/p" 1); pw=$(median "$work/p" 2)
  printf "%-34s ddam cpu %7.2f s wall %7.2f s | numpy cpu %7.2f s wall %7.2f s | numpy/ddam cpu %5.1fx wall %5.1fx\n" \
    "$label" "$jc" "$jw" "$pc" "$pw" "$(echo "$pc / $jc" | bc -l)" "$(echo "$pw / $jw" | bc -l)"
}

run_case "N=50 T=2500 d=4x3, 1 thread" "$work/n50.json" 2500 "--threads 1" ""
run_case "N=100 T=2500 d=4x3, 1 thread" "$work/n100.json" 2500 "--threads 1" ""
run_case "traffic shape N=16 d=34x6 T=1200" instances/er16.json 1200 "--threads 1 --dk 34 --dv 6 --radius 20" \
  "--dk 34 --dv 6 --radius 20"

# What a second thread can give on this machine at all: one CPU-bound process alone, then two at once
# (wall). On a machine whose two cores are real the ratio is about 2; on a shared virtual machine it
# can be far less, and then no program gains from a second thread either.
spin() { python3 -c 'import time
t = time.perf_counter(); s = 0
for i in range(20_000_000): s += i
print(time.perf_counter() - t)'; }
one=$(spin); both=$( (spin > "$work/s1") & spin > "$work/s2"; wait; cat "$work/s1" "$work/s2" | sort -n | tail -1)
printf "%-34s one process %5.2f s, two at once %5.2f s: the machine runs %4.2fx the work on two\n" "machine: parallel capacity" \
  "$one" "$both" "$(echo "2 * $one / $both" | bc -l)"

# --threads 2 against --threads 1 at N = 100 (ddam only; same numbers, checked by the tests)
rm -f "$work/j1" "$work/j2"
for _ in $(seq "$repeats"); do
  time_it j1 ./ddam simulate "$work/n100.json" --horizon 2500 --eta 0.001 --fair-time off --format json --out "$work/o1.json" --threads 1
  time_it j2 ./ddam simulate "$work/n100.json" --horizon 2500 --eta 0.001 --fair-time off --format json --out "$work/o2.json" --threads 2
done
w1=$(median "$work/j1" 2); w2=$(median "$work/j2" 2)
printf "%-34s wall 1 thread %6.2f s, 2 threads %6.2f s: %4.2fx (cpu %5.2f s vs %5.2f s)\n" "threads N=100 T=2500" \
  "$w1" "$w2" "$(echo "$w1 / $w2" | bc -l)" "$(median "$work/j1" 1)" "$(median "$work/j2" 1)"

# start-up: a short command, launcher included
rm -f "$work/s"
for _ in $(seq "$repeats"); do time_it s ./ddam info instances/er16.json; done
printf "%-34s cpu %5.2f s wall %5.2f s\n" "start-up: ddam info er16.json" "$(median "$work/s" 1)" "$(median "$work/s" 2)"
