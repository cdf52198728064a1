# shellcheck shell=bash
# Sourced by every task that reaches the foundation (never run by itself). After `source`, the script has:
#   cf_deploy ARGS...   the cf-deploy CLI of the build (jars input), on the target CF_DEPLOY_TARGET names
#   version_name        the build version as a cf-deploy version name: 0.1.7 -> v0-1-7
# With CF_DEPLOY_TARGET=cf every cf-deploy call logs in to CF_API with CF_USERNAME / CF_PASSWORD itself, and
# pushes to the config repository with CONFIG_REPO_USERNAME / CONFIG_REPO_PASSWORD, all from the environment.
# The calling script sets `task` (its name, for messages) and `work` (the task's working directory) first.
# CF_PASSWORD and CONFIG_REPO_PASSWORD are in the environment: never `set -x` in a script that sources this.

: "${task:?the sourcing script sets task}" "${work:?the sourcing script sets work}"

fail() { echo "$task: $*" >&2; exit 1; }

require_params() {
  local param
  for param in "$@"; do
    [ -n "${!param:-}" ] || fail "missing required param $param"
  done
}

[ -d "$work/version" ] || fail "input 'version' is missing"
[ -d "$work/jars" ] || fail "input 'jars' is missing"

# The jars input holds one tarball, stored by build-and-test: unpack it once per task. What the task unpacks
# goes when it ends: by then a deployed jar has been copied (local platform) or uploaded (cf).
unpacked="$(mktemp -d)"
trap 'rm -rf "$unpacked"' EXIT
tarballs=("$work"/jars/cf-deployment-kit-*.tgz)
[ -f "${tarballs[0]}" ] || fail "input 'jars' has no cf-deployment-kit-*.tgz: build-and-test stores it"
tar -xzf "${tarballs[0]}" -C "$unpacked"
[ -f "$unpacked/cf-deploy.jar" ] || fail "${tarballs[0]} has no cf-deploy.jar"

version_name() {
  local number
  number="$(cat "$work/version/version")"
  echo "v${number//./-}"
}

# The jar of APP in the tarball, where its manifest's path (../apps/APP/target/APP.jar) expects it.
app_jar() {
  local jar="$unpacked/apps/$1/target/$1.jar"
  [ -f "$jar" ] || fail "${tarballs[0]} has no jar of $1"
  echo "$jar"
}

case "${CF_DEPLOY_TARGET:-}" in
  local)
    # This machine's local platform: cf-deploy finds it through CF_DEPLOY_STATE_DIR, set by `pipeline run`.
    target_args=()
    ;;
  cf)
    # cf-deploy logs in by itself (UAA password grant with CF_USERNAME and CF_PASSWORD from the environment, so
    # the password is on no command line): the task image needs Java 17 only, no cf CLI.
    # The config server's repository too: each traffic change is a commit cf-deploy pushes there (https).
    require_params CF_API CF_USERNAME CF_PASSWORD CF_ORG CF_SPACE CONFIG_REPO_USERNAME CONFIG_REPO_PASSWORD
    target_args=(--target cf --api "$CF_API" --org "$CF_ORG" --space "$CF_SPACE")
    case "${CF_SKIP_SSL_VALIDATION:-false}" in
      false) ;;
      true)
        target_args+=(--skip-ssl-validation)
        echo "$task: WARNING: TLS certificate of $CF_API not verified (CF_SKIP_SSL_VALIDATION=true)"
        ;;
      *) fail "CF_SKIP_SSL_VALIDATION must be true or false, not '$CF_SKIP_SSL_VALIDATION'" ;;
    esac
    ;;
  *) fail "CF_DEPLOY_TARGET must be cf or local, not '${CF_DEPLOY_TARGET:-}'" ;;
esac

cf_deploy() {
  local command="$1"
  shift
  echo "$task: cf-deploy $command $*"
  java -jar "$unpacked/cf-deploy.jar" "$command" "${target_args[@]}" "$@"
}
