#!/usr/bin/env bash
# Runs every A-Track benchmark against a local collector and prints a summary.
#
#   bash atrack-benchmarks/run.sh            # quick: about 15 minutes on 2 cores
#   bash atrack-benchmarks/run.sh --full     # longer warm-ups, more iterations and events
#
# Options:
#   --full              longer runs (about 15 minutes on 2 cores)
#   --no-build          reuse atrack-benchmarks/$ATRACK_TARGET/benchmarks.jar
#   --only=LIST         any of json,jmh,caller,throughput,overload,latency,tls,burst
#                       (comma separated; default: all)
#   --jdk-collector     use the JDK fallback collector even when nginx is installed
#   --profile           also run JMH's stack profiler on the SDK's caller path and a JFR
#                       recording of the SDK's throughput run (written under results/)
# Environment:
#   ATRACK_TARGET       Maven build folder name (default: target)
#   JAVA                java binary (default: java)
#
# The collector is nginx when it is installed (apt-get install nginx-light), configured from
# nginx/collector.conf on a free loopback port; otherwise the JDK fallback collector in this
# module. The latency, tls and burst phases use DelayCollector (this module: NIO, answers after
# 0/10/50/200 ms, plain and TLS with a self-signed certificate for localhost). Nothing here leaves
# the machine: every request goes to 127.0.0.1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
TARGET="${ATRACK_TARGET:-target}"
JAVA="${JAVA:-java}"
FULL=0
BUILD=1
PROFILE=0
JDK_COLLECTOR=0
ONLY="json,jmh,caller,throughput,overload,latency,tls,burst"
for arg in "$@"; do
  case "$arg" in
    --full) FULL=1 ;;
    --no-build) BUILD=0 ;;
    --profile) PROFILE=1 ;;
    --jdk-collector) JDK_COLLECTOR=1 ;;
    --only=*) ONLY="${arg#--only=}" ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done
wants() { [[ ",$ONLY," == *",$1,"* ]]; }

JAR="$HERE/$TARGET/benchmarks.jar"
if [[ $BUILD == 1 ]]; then
  echo "== building (mvn -Pbench, folder $TARGET)"
  # The reactor (-am) builds the SDK beside this module: nothing is installed into ~/.m2, which
  # other builds on the machine share.
  build() {
    (cd "$ROOT" && mvn -q "$@" -Pbench -pl atrack-benchmarks -am package -DskipTests -Datrack.target="$TARGET")
  }
  build -o || build
fi
[[ -f "$JAR" ]] || { echo "missing $JAR: build first" >&2; exit 1; }

STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
OUT="$HERE/results"
mkdir -p "$OUT"
RESULTS="$OUT/results-$STAMP.txt"
LOG="$OUT/log-$STAMP.txt"
: > "$RESULTS"

# ---------------------------------------------------------------- collector
SCRATCH="$(mktemp -d /tmp/atrack-bench.XXXXXX)"
COLLECTOR_PID=""
DC_PID=""
stop_pid() {
  if [[ -n "$1" ]] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}
cleanup() {
  stop_pid "$COLLECTOR_PID"
  stop_pid "$DC_PID"
  rm -rf "$SCRATCH"
}
trap cleanup EXIT INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() {
  for _ in $(seq 1 50); do
    local p=$((20000 + RANDOM % 20000))
    if port_free "$p"; then echo "$p"; return 0; fi
  done
  echo "no free port found" >&2; exit 1
}
PORT="$(free_port)"

# DelayCollector (latency, tls, burst): start_dc DELAY_MS [serial] sets DC_PID DC_URL DC_TLS_URL
# DC_CERT. "serial": each connection's requests answered one at a time, as nginx and most proxies do.
start_dc() {
  stop_pid "$DC_PID"
  local port tls
  port="$(free_port)"; tls="$(free_port)"
  DC_CERT="$SCRATCH/collector-$1ms.pem"
  "$JAVA" -Xms256m -Xmx512m -cp "$JAR" io.atrack.benchmarks.collector.DelayCollector delay="$1" \
    serial="$([[ "${2:-}" == serial ]] && echo true || echo false)" \
    port="$port" tlsPort="$tls" cert="$DC_CERT" > "$SCRATCH/dc-$1.log" 2>&1 &
  DC_PID=$!
  for _ in $(seq 1 200); do grep -q '^TLSPORT' "$SCRATCH/dc-$1.log" 2>/dev/null && break; sleep 0.1; done
  grep -q '^TLSPORT' "$SCRATCH/dc-$1.log" || { echo "DelayCollector did not start" >&2; cat "$SCRATCH/dc-$1.log"; exit 1; }
  DC_URL="http://127.0.0.1:$port"
  DC_TLS_URL="https://localhost:$tls"
}
stop_dc() { stop_pid "$DC_PID"; DC_PID=""; }

NGINX="$(command -v nginx || true)"
[[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
[[ $JDK_COLLECTOR == 1 ]] && NGINX=""
if [[ -n "$NGINX" ]]; then
  sed -e "s|@PORT@|$PORT|g" -e "s|@PREFIX@|$SCRATCH|g" "$HERE/nginx/collector.conf" > "$SCRATCH/collector.conf"
  mkdir -p "$SCRATCH/body"
  "$NGINX" -p "$SCRATCH" -c "$SCRATCH/collector.conf" -e "$SCRATCH/error.log" &
  COLLECTOR_PID=$!
  COLLECTOR_KIND="nginx $("$NGINX" -v 2>&1 | sed 's/.*nginx\///')"
else
  "$JAVA" -cp "$JAR" io.atrack.benchmarks.collector.Collector fast "$PORT" > "$SCRATCH/collector.log" 2>&1 &
  COLLECTOR_PID=$!
  COLLECTOR_KIND="JDK fallback collector ($([[ $JDK_COLLECTOR == 1 ]] && echo "--jdk-collector" || echo "nginx not installed"))"
fi
for _ in $(seq 1 100); do port_free "$PORT" || break; sleep 0.1; done
port_free "$PORT" && { echo "collector did not start" >&2; cat "$SCRATCH"/*.log 2>/dev/null; exit 1; }
URL="http://127.0.0.1:$PORT"
# The CPU read for "collector µs per event": nginx's worker(s), or the fallback JVM.
COLLECTOR_PIDS="$(pgrep -P "$COLLECTOR_PID" | tr '\n' ' ' || true)"
[[ -z "$COLLECTOR_PIDS" ]] && COLLECTOR_PIDS="$COLLECTOR_PID"

{
  echo "# A-Track benchmarks, $STAMP, mode $([[ $FULL == 1 ]] && echo full || echo quick)"
  echo "# collector: $COLLECTOR_KIND at $URL"
  echo "# machine: $(nproc) cores; $(lscpu | grep -m1 'Model name' | sed 's/ \+/ /g')"
  echo "# java: $("$JAVA" -version 2>&1 | head -1)"
  echo "# load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee -a "$RESULTS"

run() { # run a JVM, keep its RESULT lines, log everything
  echo "-- $*" >> "$LOG"
  "$@" 2>&1 | tee -a "$LOG" | grep --line-buffered '^RESULT' | tee -a "$RESULTS" || true
}

JVM=("$JAVA" -Xms1g -Xmx1g -XX:+UseG1GC -cp "$JAR")
if [[ $FULL == 1 ]]; then
  JMH_OPTS=(-f 1 -wi 5 -w 2s -i 10 -r 2s)
  JSON_OPTS=(-f 2 -wi 5 -w 2s -i 10 -r 1s)
  EVENTS=500000; ROUNDS=200; STEADY=10; OVERLOAD=1000000
  LAT_SECONDS=30; CPU_EVENTS=200000; CPU_ROUNDS=3; BURST_ROUNDS=30
else
  JMH_OPTS=(-f 1 -wi 2 -w 1s -i 3 -r 1s)
  # C2 needs a few seconds for the encoders: shorter warm-ups measure the interpreter.
  JSON_OPTS=(-f 1 -wi 5 -w 1s -i 5 -r 1s)
  EVENTS=200000; ROUNDS=50; STEADY=10; OVERLOAD=1000000
  LAT_SECONDS=15; CPU_EVENTS=100000; CPU_ROUNDS=2; BURST_ROUNDS=10
fi

# ---------------------------------------------------------------- 4. JSON writer vs Jackson
if wants json; then
  echo "== JSON: BodyEncoder vs Jackson (JMH, -prof gc)"
  "${JVM[@]}" org.openjdk.jmh.Main JsonBenchmark "${JSON_OPTS[@]}" -prof gc \
    -rf csv -rff "$OUT/jmh-json-$STAMP.csv" 2>&1 | tee -a "$LOG" | grep -E '^(Benchmark|JsonBenchmark)' \
    | grep -vE 'gc\.(count|time|alloc\.rate )' | tee -a "$RESULTS"
fi

# ---------------------------------------------------------------- 1+2. caller cost, JMH
if wants jmh; then
  echo "== caller cost in bursts of 1,000 calls, 1 and 4 threads (JMH, -prof gc)"
  "${JVM[@]}" org.openjdk.jmh.Main CallerCostBenchmark "${JMH_OPTS[@]}" -prof gc \
    -jvmArgsAppend "-Dcollector=$URL" -rf csv -rff "$OUT/jmh-caller-$STAMP.csv" 2>&1 | tee -a "$LOG" \
    | grep -E '^(Benchmark|CallerCostBenchmark|# (atrack|atrack-outbox|segment|posthog):)' \
    | grep -vE 'gc\.(count|time|alloc\.rate )' | tee -a "$RESULTS"
fi

# ---------------------------------------------------------------- 1+2. caller percentiles
if wants caller; then
  echo "== caller latency percentiles (HdrHistogram): bursts, then a steady 2,000 calls/s"
  for client in atrack segment posthog; do
    for threads in 1 4; do
      run "${JVM[@]}" io.atrack.benchmarks.harness.CallerLatency client=$client mode=burst \
        threads=$threads rounds=$ROUNDS collector="$URL"
    done
    run "${JVM[@]}" io.atrack.benchmarks.harness.CallerLatency client=$client mode=steady \
      rate=2000 seconds=$STEADY collector="$URL"
  done
fi

# ---------------------------------------------------------------- 3. throughput
if wants throughput; then
  echo "== end-to-end throughput, $EVENTS events (CPU per event: this JVM; collector separately)"
  tp() { run "${JVM[@]}" io.atrack.benchmarks.harness.Throughput "$@" events=$EVENTS collector="$URL" collectorPids="$COLLECTOR_PIDS"; }
  tp client=socket threads=1
  tp client=socket threads=4
  tp client=socket threads=32
  tp client=atrack                 # default maxInFlight: 32 sender threads and connections
  tp client=atrack-outbox          # the same with the durable outbox on (sync every 100 ms)
  tp client=atrack inFlight=4
  tp client=atrack inFlight=1
  tp client=segment
  tp client=posthog
  # A design option, not a client: one request per event, HTTP/1.1-pipelined 16 at a time.
  tp client=pipelined threads=1 depth=16
  # HttpClient is ~10x slower per event: a tenth of the events keeps the run short.
  run "${JVM[@]}" io.atrack.benchmarks.harness.Throughput client=httpclient threads=4 \
    events=$((EVENTS / 10)) warmup=10000 collector="$URL" collectorPids="$COLLECTOR_PIDS"
fi

# ---------------------------------------------------------------- 5. overload
if wants overload; then
  echo "== overload: $OVERLOAD calls, collector stalled (accepts, never answers)"
  run "${JVM[@]}" io.atrack.benchmarks.harness.Overload calls=$OVERLOAD
  run "${JVM[@]}" io.atrack.benchmarks.harness.Overload calls=$OVERLOAD maxQueueSize=1000000 \
    maxQueueBytes=$((32 * 1024 * 1024))
fi

# ---------------------------------------------------------------- 6. events/s over a round trip
if wants latency; then
  echo "== latency: events/s at 0, 10, 50, 200 ms per answer (DelayCollector), 5,000 then 20,000 events"
  for delay in 0 10 50 200; do
    start_dc "$delay"
    for client in atrack segment posthog; do
      run "${JVM[@]}" io.atrack.benchmarks.harness.Latency client=$client collector="$DC_URL" \
        events=5000,20000 seconds=$LAT_SECONDS
    done
    # The same delay behind a server that takes pipelined requests one at a time: only the SDK
    # pipelines (the peers send one batch at a time per connection), so only it can differ.
    start_dc "$delay" serial
    run "${JVM[@]}" io.atrack.benchmarks.harness.Latency client=atrack collector="$DC_URL" \
      events=5000,20000 seconds=$LAT_SECONDS
    start_dc "$delay"
    if [[ $PROFILE == 1 && ( $delay == 50 || $delay == 200 ) ]]; then
      "$JAVA" -Xms1g -Xmx1g -XX:StartFlightRecording=duration=60s,filename="$OUT/latency-${delay}ms-atrack-$STAMP.jfr",settings=profile \
        -cp "$JAR" io.atrack.benchmarks.harness.Latency client=atrack collector="$DC_URL" \
        events=20000,20000,20000 seconds=$LAT_SECONDS >> "$LOG" 2>&1 || true
    fi
  done
  stop_dc
fi

# ---------------------------------------------------------------- 7. CPU per event, plain and TLS
if wants tls; then
  echo "== CPU per delivered event over plain HTTP and TLS, $CPU_EVENTS events (DelayCollector, 0 ms)"
  start_dc 0
  cpu() { run "${JVM[@]}" -Dcollector.cert="$DC_CERT" io.atrack.benchmarks.harness.Throughput kind=cpu \
    events=$CPU_EVENTS collectorPids="$DC_PID" stats="$DC_URL" "$@"; }
  # Interleaved rounds: on a shared machine a ratio taken within one round is the figure to quote.
  for round in $(seq 1 $CPU_ROUNDS); do
    for url in "$DC_URL" "$DC_TLS_URL"; do
      cpu client=socket threads=1 collector="$url" round=$round
      cpu client=socket threads=4 collector="$url" round=$round
      cpu client=atrack collector="$url" round=$round
    done
  done
  if [[ $PROFILE == 1 ]]; then
    "$JAVA" -Xms1g -Xmx1g -Dcollector.cert="$DC_CERT" \
      -XX:StartFlightRecording=duration=60s,filename="$OUT/tls-atrack-$STAMP.jfr",settings=profile \
      -cp "$JAR" io.atrack.benchmarks.harness.Throughput client=atrack events=$CPU_EVENTS \
      collector="$DC_TLS_URL" >> "$LOG" 2>&1 || true
  fi
  stop_dc
fi

# ---------------------------------------------------------------- 8. caller cost, bursts of 10,000
if wants burst; then
  echo "== burst: track() in bursts of 10,000 (each after the backlog drained), then 2,000 calls/s"
  start_dc 0
  for client in atrack segment posthog; do
    run "${JVM[@]}" io.atrack.benchmarks.harness.CallerLatency client=$client mode=burst threads=1 \
      burst=10000 warmup=5 rounds=$BURST_ROUNDS collector="$DC_URL"
  done
  for client in atrack segment posthog; do
    run "${JVM[@]}" io.atrack.benchmarks.harness.CallerLatency client=$client mode=steady \
      rate=2000 seconds=$STEADY collector="$DC_URL"
  done
  stop_dc
fi

# ---------------------------------------------------------------- profiling (optional)
if [[ $PROFILE == 1 ]]; then
  echo "== profiling: JMH -prof stack on the SDK burst, JFR on the SDK throughput run"
  "${JVM[@]}" org.openjdk.jmh.Main 'CallerCostBenchmark.burst_1thread' -p client=atrack "${JMH_OPTS[@]}" \
    -prof stack -jvmArgsAppend "-Dcollector=$URL" > "$OUT/stack-caller-$STAMP.txt" 2>&1 || true
  "$JAVA" -Xms1g -Xmx1g -XX:StartFlightRecording=filename="$OUT/throughput-atrack-$STAMP.jfr",settings=profile \
    -cp "$JAR" io.atrack.benchmarks.harness.Throughput client=atrack events=$EVENTS collector="$URL" \
    collectorPids="$COLLECTOR_PIDS" >> "$LOG" 2>&1 || true
  echo "written: $OUT/stack-caller-$STAMP.txt $OUT/throughput-atrack-$STAMP.jfr (and latency-*, tls-* .jfr)"
  echo "read:    jfr print --events jdk.ExecutionSample FILE.jfr | grep -A3 'stackTrace = \[' | ...; jfr summary FILE.jfr"
fi

echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$RESULTS"
echo
echo "== summary"
"$JAVA" -cp "$JAR" io.atrack.benchmarks.harness.Summary "$RESULTS" | tee "$OUT/summary-$STAMP.txt"
echo
echo "results: $RESULTS"
echo "log:     $LOG"
