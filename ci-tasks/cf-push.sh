#!/usr/bin/env bash
# Concourse task (cf-push.yml): push one app of the kit from its manifest.
# CF_PASSWORD and the *_PASSWORD params are in the environment for the whole script: never `set -x` here.
set -euo pipefail
set +x

fail() { echo "cf-push: $*" >&2; exit 1; }
for param in CF_API CF_USERNAME CF_PASSWORD CF_ORG CF_SPACE APP_MANIFEST; do
  [ -n "${!param:-}" ] || fail "missing required param $param"
done
api_args=()
case "${CF_SKIP_SSL_VALIDATION:-false}" in
  false) ;;
  true) api_args+=(--skip-ssl-validation) ;;
  *) fail "CF_SKIP_SSL_VALIDATION must be true or false, not '$CF_SKIP_SSL_VALIDATION'" ;;
esac

work="$PWD"
[ -f "$work/kit/$APP_MANIFEST" ] || fail "APP_MANIFEST $APP_MANIFEST is not a file of the kit"
[ -d "$work/jars/apps" ] || fail "input 'jars' has no apps/ folder: run build-and-test.yml first"

# The manifests say path: ../apps/<app>/target/<app>.jar: put the manifest in a folder beside the jars.
push_dir="$(mktemp -d)"
mkdir "$push_dir/manifests"
cp "$work/kit/$APP_MANIFEST" "$push_dir/manifests/"
ln -s "$work/jars/apps" "$push_dir/apps"
manifest="$push_dir/manifests/$(basename "$APP_MANIFEST")"

push_args=(-f "$manifest")
if [ -n "${MANIFEST_VARS:-}" ]; then
  printf '%s\n' "$MANIFEST_VARS" > "$push_dir/vars.yml"
  echo "cf-push: vars for $APP_MANIFEST:"
  cat "$push_dir/vars.yml"
  push_args+=(--vars-file "$push_dir/vars.yml")
fi

# Secrets go to cf push as --var arguments only: never into a file, never echoed.
for param in CONFIG_SERVER_PASSWORD CONFIG_REPO_PASSWORD EUREKA_PASSWORD ADMIN_PASSWORD; do
  if [ -n "${!param:-}" ]; then
    name="${param,,}"
    push_args+=(--var "${name//_/-}=${!param}")
  fi
done

# cf keeps its login under CF_HOME: a temporary folder, not the inputs.
export CF_HOME="$push_dir"
if [ "${#api_args[@]}" -gt 0 ]; then
  echo "cf-push: WARNING: TLS certificate of $CF_API not verified (CF_SKIP_SSL_VALIDATION=true)"
fi
cf api "$CF_API" "${api_args[@]}"
cf auth   # reads CF_USERNAME and CF_PASSWORD from the environment, so the password is on no command line
cf target -o "$CF_ORG" -s "$CF_SPACE"

# cf push prints the manifest it applies; --redact-env keeps the env values (the secrets) out of the log.
cf push --redact-env "${push_args[@]}"
