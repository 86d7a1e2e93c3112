#!/usr/bin/env bash
# Regenerate dvc.lock from a clean clone of HEAD, so the committed lock records exactly what
# the committed files produce (not whatever uncommitted edits sit in the working tree).
# Usage: tools/relock.sh   (then review `git diff dvc.lock` and commit it)
set -euo pipefail
root=$(git rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
git clone -q "$root" "$tmp/repo"
cd "$tmp/repo"
PATH="$root/.venv/bin:$PATH" DVC_NO_ANALYTICS=1 dvc repro --force >/dev/null
cp dvc.lock "$root/dvc.lock"
echo "dvc.lock regenerated from a clean clone of $(git rev-parse --short HEAD)"
