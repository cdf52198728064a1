#!/usr/bin/env bash
# Concourse task (cf-network-policy.yml): let SOURCE_APP reach DESTINATION_APP over the container network.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail
set +x

fail() { echo "cf-network-policy: $*" >&2; exit 1; }
for param in CF_API CF_USERNAME CF_PASSWORD CF_ORG CF_SPACE SOURCE_APP DESTINATION_APP POLICY_PORT POLICY_PROTOCOL; do
  [ -n "${!param:-}" ] || fail "missing required param $param"
done
api_args=()
case "${CF_SKIP_SSL_VALIDATION:-false}" in
  false) ;;
  true) api_args+=(--skip-ssl-validation) ;;
  *) fail "CF_SKIP_SSL_VALIDATION must be true or false, not '$CF_SKIP_SSL_VALIDATION'" ;;
esac

# cf keeps its login under CF_HOME: a temporary folder, not the inputs.
CF_HOME="$(mktemp -d)"
export CF_HOME
if [ "${#api_args[@]}" -gt 0 ]; then
  echo "cf-network-policy: WARNING: TLS certificate of $CF_API not verified (CF_SKIP_SSL_VALIDATION=true)"
fi
cf api "$CF_API" "${api_args[@]}"
cf auth   # reads CF_USERNAME and CF_PASSWORD from the environment, so the password is on no command line
cf target -o "$CF_ORG" -s "$CF_SPACE"

cf add-network-policy "$SOURCE_APP" "$DESTINATION_APP" --port "$POLICY_PORT" --protocol "$POLICY_PROTOCOL"
