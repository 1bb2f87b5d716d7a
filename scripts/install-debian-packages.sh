#!/usr/bin/env bash
# Install Debian packages that `make` needs and the machine lacks: install-debian-packages.sh PROGRAM=PACKAGE...
# PROGRAM is a command name, or a path pattern for programs Debian keeps off the PATH.
# Example: scripts/install-debian-packages.sh chromium=chromium '/usr/lib/postgresql/*/bin/postgres=postgresql'
set -euo pipefail

present() {
  case "$1" in
    */*) compgen -G "$1" >/dev/null ;;
    *) PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null 2>&1 ;;
  esac
}

missing=()
for pair in "$@"; do
  present "${pair%%=*}" || missing+=("${pair#*=}")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing: ${missing[*]}. This is not a Debian system: install them with your package manager." >&2
  exit 1
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "Installing Debian packages: ${missing[*]}"
$sudo apt-get update -q
# Without recommends: Chromium would bring avahi's and CUPS's helpers, which nothing here needs.
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
