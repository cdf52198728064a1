#!/usr/bin/env bash
# Concourse task (promote.yml): the canary of APP takes all traffic; the old version is stopped and kept.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail

task=promote
work="$PWD"
# shellcheck source=ci-tasks/lib/cf-deploy-target.sh
source "$work/kit/ci-tasks/lib/cf-deploy-target.sh"
require_params APP

cf_deploy promote "$APP"
