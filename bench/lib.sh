# shellcheck shell=bash
# Shared by the bench/ scripts (sourced, not run): tools, a kit of their own, and /proc readings.
# Every script runs its own kit with its own state folder and free loopback ports, never the user's
# .cf-deploy or the fixed ports 8080/8761/8888, and stops it (and whatever else it started) on exit.

KIT_HOME="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck disable=SC2034  # used by the scripts that source this
CLK_TCK="$(getconf CLK_TCK)"
BENCH_PIDS=()

# Installs the Debian packages that provide missing commands or files: "wrk:wrk nginx:nginx-light
# /usr/lib/nginx/modules/ngx_stream_module.so:libnginx-mod-stream".
require_tools() {
  local missing=() pair needed
  for pair in "$@"; do
    needed="${pair%%:*}"
    case "$needed" in
      /*) [ -e "$needed" ] || missing+=("${pair#*:}") ;;
      *) command -v "$needed" >/dev/null 2>&1 || missing+=("${pair#*:}") ;;
    esac
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  echo "Installing ${missing[*]} with apt-get..." >&2
  local sudo=()
  [ "$(id -u)" -ne 0 ] && sudo=(sudo)
  if ! "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null; then
    echo "bench: could not install ${missing[*]}; install them with apt-get and run again" >&2
    exit 2
  fi
}

# A loopback port nothing listens on at the moment.
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return 0
    fi
  done
  echo "bench: no free loopback port found" >&2
  exit 2
}

# Starts a process in the background and remembers it, so stop_started stops it.
start_bg() {
  "$@" &
  BENCH_PIDS+=("$!")
  # shellcheck disable=SC2034  # read by the caller
  LAST_PID="$!"
}

stop_started() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${BENCH_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  BENCH_PIDS=()
}

# The kit, started with ./cf-deploy up in $BENCH_DIR/state on free ports.
cf() {
  "$KIT_HOME/cf-deploy" "$@" --state-dir "$KIT_STATE"
}

kit_up() {
  KIT_STATE="$BENCH_DIR/state"
  GATEWAY_ROUTE_PORT="$(free_port)"
  CONFIG_PORT="$(free_port)"
  EUREKA_PORT="$(free_port)"
  cf down >/dev/null 2>&1 || true
  rm -rf "$KIT_STATE"
  mkdir -p "$KIT_STATE"
  cat >"$BENCH_DIR/vars.yml" <<EOF
config-server-route: 127.0.0.1:$CONFIG_PORT
config-server-url: http://127.0.0.1:$CONFIG_PORT
discovery-service-route: 127.0.0.1:$EUREKA_PORT
eureka-url: http://127.0.0.1:$EUREKA_PORT/eureka/
edge-gateway-route: 127.0.0.1:$GATEWAY_ROUTE_PORT
EOF
  KIT_STARTED=1
  echo "Starting the kit (./cf-deploy up) in $KIT_STATE..." >&2
  if ! cf up --vars-file "$KIT_HOME/manifests/vars-local.yml" --vars-file "$BENCH_DIR/vars.yml" \
      >"$BENCH_DIR/up.log" 2>&1; then
    echo "bench: ./cf-deploy up failed; see $BENCH_DIR/up.log" >&2
    exit 1
  fi
  # Credentials the platform generated: read here, never printed.
  # shellcheck disable=SC1091
  . "$KIT_STATE/credentials.env"
}

kit_down() {
  if [ "${KIT_STARTED:-0}" = 1 ]; then
    cf down >/dev/null 2>&1 || echo "bench: ./cf-deploy down failed; run it with --state-dir $KIT_STATE" >&2
    KIT_STARTED=0
  fi
}

# Field of the RUNNING instances of an app, one line each, by index: "pid", "port" or "url".
instances() {
  cf apps --json | jq -r --arg app "$1" --arg field "$2" \
    '.[] | select(.name == $app) | .instances | sort_by(.index)[] | select(.state == "RUNNING") | .[$field]'
}

# The pid of one instance by index, if it is RUNNING (else nothing).
instance_pid() {
  cf apps --json | jq -r --arg app "$1" --argjson index "$2" \
    '.[] | select(.name == $app) | .instances[] | select(.index == $index and .state == "RUNNING") | .pid'
}

supervisor_pid() {
  jq -r '.supervisorPid' "$KIT_STATE/actual.json"
}

# utime + stime of a process in clock ticks (fields 14 and 15 of /proc/PID/stat, counted after the
# command name, which may contain spaces).
cpu_ticks() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo 0; return; }
  stat="${stat##*) }"
  # shellcheck disable=SC2086
  set -- $stat
  echo $(( ${12} + ${13} ))
}

rss_kib() {
  awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0
}

# curl with the given user:password, which reaches curl on stdin and never a command line.
curl_as() {
  local credentials="$1"
  shift
  printf 'user = "%s"\n' "$credentials" | curl -K - -fsS "$@"
}

# Waits until the URL answers 200, up to $2 seconds.
await_ok() {
  local deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null; do
    if [ "$SECONDS" -ge "$deadline" ]; then
      echo "bench: $1 did not answer 200 within $2 s" >&2
      return 1
    fi
    sleep 0.5
  done
}

# Milliseconds since the epoch, from bash's own clock (no date process in a polling loop).
now_ms() {
  local micros="${EPOCHREALTIME//[.,]/}"
  echo $((micros / 1000))
}

# "median max" of the whole numbers on stdin, one a line (the median of an even count: the mean of the middle two).
median_max() {
  sort -n | awk '{ v[++n] = $1 } END {
    if (n == 0) { print "- -"; exit }
    m = n % 2 ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    printf "%d %d\n", m, v[n] }'
}

# Proportional set size: resident memory with each page shared by N processes counted 1/N in each, so the sum
# over processes counts a shared page (the JDK's libjvm.so and class data archive in every JVM) once.
pss_kib() {
  awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0
}
