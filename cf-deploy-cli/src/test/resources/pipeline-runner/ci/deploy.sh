#!/usr/bin/env bash
set -euo pipefail
work="$PWD"
echo "deploying $(cat "$work/version/number"): $(tr '\n' ' ' < "$work"/store/app-*.txt)"
echo "greeting: $GREETING"
if [ "$FAIL" = true ]; then
  for i in $(seq 1 30); do echo "failing line $i"; done
  exit 3
fi
