#!/usr/bin/env bash
# Concourse task (rollback.yml): traffic of APP back on the version before.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail

task=rollback
work="$PWD"
# shellcheck source=ci-tasks/lib/cf-deploy-target.sh
source "$work/kit/ci-tasks/lib/cf-deploy-target.sh"
require_params APP

cf_deploy rollback "$APP"
