#!/usr/bin/env bash
# Concourse task (canary.yml): walk the new version of APP through the canary steps, analysis between them.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail

task=canary
work="$PWD"
# shellcheck source=ci-tasks/lib/cf-deploy-target.sh
source "$work/kit/ci-tasks/lib/cf-deploy-target.sh"
require_params APP CANARY_STEPS CANARY_INTERVAL MAX_ERROR_RATE MAX_P99_RATIO

# A failed analysis has already put the canary back to 0 % when cf-deploy exits non-zero.
cf_deploy canary "$APP" --steps "$CANARY_STEPS" --interval "$CANARY_INTERVAL" \
  --max-error-rate "$MAX_ERROR_RATE" --max-p99-ratio "$MAX_P99_RATIO"
