#!/usr/bin/env bash
set -euo pipefail
work="$PWD"
number="$(cat "$work/version/version")"
echo "building $number in a folder with: $(ls "$work" | tr '\n' ' ')"
cp "$work/repo/app.txt" "$work/out/app-$number.txt"
echo "built $number" >> "$work/out/app-$number.txt"
