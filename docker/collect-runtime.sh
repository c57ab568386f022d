#!/bin/sh
# Copies what Node services need at run time from the workspace in the current directory into $1,
# keeping the workspace layout so `node apps/server/dist/main.js` and
# `node packages/db/dist/migrate.js` work from there:
#   the root package.json and node_modules (the real packages, production only by then), and for
#   each project given: package.json, dist/, node_modules/ (symlinks into the root) and migrations/.
#
#   docker/collect-runtime.sh /out apps/server packages/*
set -eu

out="$1"
shift
mkdir -p "$out"
cp -a package.json node_modules "$out/"
for project in "$@"; do
  [ -f "$project/package.json" ] || continue
  mkdir -p "$out/$project"
  for part in package.json dist node_modules migrations; do
    if [ -e "$project/$part" ]; then
      cp -a "$project/$part" "$out/$project/"
    fi
  done
done
