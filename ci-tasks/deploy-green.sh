#!/usr/bin/env bash
# Concourse task (deploy-green.yml): the build's version of APP beside the live one, no traffic, smoke-tested.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail

task=deploy-green
work="$PWD"
# shellcheck source=ci-tasks/lib/cf-deploy-target.sh
source "$work/kit/ci-tasks/lib/cf-deploy-target.sh"
require_params APP

env_args=()
while IFS= read -r line; do
  case "$line" in
    "") ;;
    *=*) env_args+=(--env "$line") ;;
    *) fail "GREEN_ENV line '$line' is not NAME=VALUE" ;;
  esac
done <<< "${GREEN_ENV:-}"

cf_deploy deploy "$APP" --version "$(version_name)" --path "$(app_jar "$APP")" "${env_args[@]}"
