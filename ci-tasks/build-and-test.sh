#!/usr/bin/env bash
# Concourse task (build-and-test.yml): build the kit, test it unless SKIP_TESTS=true, and pack the jars into
# jars/cf-deployment-kit-<version>.tgz for the `jars` store.
set -euo pipefail

task=build-and-test
fail() { echo "$task: $*" >&2; exit 1; }

work="$PWD"
[ -d "$work/kit" ] || fail "input 'kit' is missing"
[ -f "$work/version/version" ] || fail "input 'version' has no version file"
[ -d "$work/jars" ] || fail "output 'jars' is missing"
number="$(cat "$work/version/version")"

if [ -n "${MAVEN_REPO_LOCAL:-}" ]; then
  # A local run: the machine's Maven (the wrapper's, under $HOME) and repository, so it builds offline.
  maven=(./mvnw -B -ntp "-Dmaven.repo.local=$MAVEN_REPO_LOCAL")
else
  # The wrapper keeps its Maven under MAVEN_USER_HOME, in the task cache; the local repository goes beside it.
  export MAVEN_USER_HOME="$work/maven-home"
  mkdir -p "$MAVEN_USER_HOME"
  maven=(./mvnw -B -ntp "-Dmaven.repo.local=$MAVEN_USER_HOME/repository")
fi

cd "$work/kit"
case "${SKIP_TESTS:-false}" in
  false) "${maven[@]}" verify ;;
  true) "${maven[@]}" -DskipTests package ;;
  *) fail "SKIP_TESTS must be true or false, not '${SKIP_TESTS}'" ;;
esac

# manifests/<app>.yml pushes apps/<app>/target/<app>.jar; vars-*.yml are vars files, not apps.
packed="$(mktemp -d)"
trap 'rm -rf "$packed"' EXIT
for manifest in manifests/*.yml; do
  app="$(basename "$manifest" .yml)"
  case "$app" in vars-*) continue ;; esac
  jar="apps/$app/target/$app.jar"
  [ -f "$jar" ] || fail "$jar was not built (pushed by $manifest)"
  mkdir -p "$packed/apps/$app/target"
  cp "$jar" "$packed/$jar"
done
[ -f cf-deploy-cli/target/cf-deploy.jar ] || fail "cf-deploy-cli/target/cf-deploy.jar was not built"
cp cf-deploy-cli/target/cf-deploy.jar "$packed/cf-deploy.jar"

tarball="$work/jars/cf-deployment-kit-$number.tgz"
tar -czf "$tarball" -C "$packed" .
echo "$task: $(basename "$tarball"):"
tar -tzf "$tarball" | grep '\.jar$' | sort
