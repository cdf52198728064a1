#!/usr/bin/env bash
# Concourse task (switch.yml): blue-green by a route switch, for an app not behind the gateway.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail

task=switch
work="$PWD"
# shellcheck source=ci-tasks/lib/cf-deploy-target.sh
source "$work/kit/ci-tasks/lib/cf-deploy-target.sh"
require_params APP

cf_deploy switch "$APP" --version "$(version_name)" --path "$(app_jar "$APP")"
