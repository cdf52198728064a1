#!/usr/bin/env bash
# Concourse task (build-and-test.yml): build the kit, test it unless SKIP_TESTS=true, collect the jars.
set -euo pipefail

fail() { echo "build-and-test: $*" >&2; exit 1; }

work="$PWD"
[ -d "$work/kit" ] || fail "input 'kit' is missing"
[ -d "$work/jars" ] || fail "output 'jars' is missing"

# The wrapper keeps its Maven under MAVEN_USER_HOME; the local repository goes beside it, in the task cache.
export MAVEN_USER_HOME="$work/maven-home"
mkdir -p "$MAVEN_USER_HOME"
maven=(./mvnw -B -ntp "-Dmaven.repo.local=$MAVEN_USER_HOME/repository")

cd "$work/kit"
case "${SKIP_TESTS:-false}" in
  false) "${maven[@]}" verify ;;
  true) "${maven[@]}" -DskipTests package ;;
  *) fail "SKIP_TESTS must be true or false, not '${SKIP_TESTS}'" ;;
esac

# manifests/<app>.yml pushes apps/<app>/target/<app>.jar; vars-*.yml are vars files, not apps.
for manifest in manifests/*.yml; do
  app="$(basename "$manifest" .yml)"
  case "$app" in vars-*) continue ;; esac
  jar="apps/$app/target/$app.jar"
  [ -f "$jar" ] || fail "$jar was not built (pushed by $manifest)"
  mkdir -p "$work/jars/apps/$app/target"
  cp "$jar" "$work/jars/$jar"
done
[ -f cf-deploy-cli/target/cf-deploy.jar ] || fail "cf-deploy-cli/target/cf-deploy.jar was not built"
cp cf-deploy-cli/target/cf-deploy.jar "$work/jars/cf-deploy.jar"

echo "build-and-test: jars:"
(cd "$work/jars" && find . -name '*.jar' | sort)
