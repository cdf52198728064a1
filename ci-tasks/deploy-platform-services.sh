#!/usr/bin/env bash
# Concourse task (deploy-platform-services.yml): config-server and discovery-service, in place, from the jars that passed.
# CF_PASSWORD is in the environment for the whole script: never `set -x` here.
set -euo pipefail

task=deploy-platform-services
work="$PWD"
# shellcheck source=ci-tasks/lib/cf-deploy-target.sh
source "$work/kit/ci-tasks/lib/cf-deploy-target.sh"
platform_services=(config-server discovery-service)

if [ "$CF_DEPLOY_TARGET" = local ]; then
  # The local platform's platform services are those `cf-deploy up` started, with the kit's own credentials.
  apps="$(cf_deploy apps)"
  echo "$apps"
  for app in "${platform_services[@]}"; do
    grep -q "^$app " <<< "$apps" || fail "$app does not run on the local platform: run ./cf-deploy up first"
  done
  exit 0
fi

# The manifests say path: ../apps/<app>/target/<app>.jar: they go in a folder beside the unpacked jars.
mkdir "$unpacked/manifests"
push_args=(--manifests "$unpacked/manifests")
if [ -n "${MANIFEST_VARS:-}" ]; then
  printf '%s\n' "$MANIFEST_VARS" > "$unpacked/vars.yml"
  echo "$task: vars:"
  cat "$unpacked/vars.yml"
  push_args+=(--vars-file "$unpacked/vars.yml")
fi
# Secrets go to cf-deploy as --var arguments only: never into a file, never echoed.
for param in CONFIG_REPO_PASSWORD CONFIG_SERVER_PASSWORD EUREKA_PASSWORD; do
  if [ -n "${!param:-}" ]; then
    name="${param,,}"
    push_args+=(--var "${name//_/-}=${!param}")
  fi
done
for app in "${platform_services[@]}"; do
  cp "$work/kit/manifests/$app.yml" "$unpacked/manifests/"
  echo "$task: cf-deploy push $app --strategy rolling"
  java -jar "$unpacked/cf-deploy.jar" push "$app" "${target_args[@]}" --strategy rolling "${push_args[@]}"
done
