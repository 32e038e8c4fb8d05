#!/usr/bin/env bash
# PostGIS for the GEOMETRY/GEOGRAPHY tests (which run CREATE EXTENSION IF NOT EXISTS postgis in
# their own databases). Idempotent: a machine that has the package installs nothing. From
# Debian, for the running PostgreSQL's major version; measured at about 10 s on a warm mirror.
set -euo pipefail

major="$(ls /etc/postgresql | sort -n | tail -1)"
package="postgresql-${major}-postgis-3"
if dpkg -s "$package" >/dev/null 2>&1; then
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$package" >/dev/null
