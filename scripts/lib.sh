# Shared helpers for the scripts in this directory.  Source it; do not run it.
# shellcheck shell=bash

MNB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
MNB_CACHE=${MNB_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/mmu-notifier-backport}
MNB_CONFIG=${MNB_CONFIG:-${XDG_CONFIG_HOME:-$HOME/.config}/mmu-notifier-backport/config}
MNB_VERSIONS=${MNB_VERSIONS:-$MNB_TOP/test-kernels/versions}
PROG=${PROG:-$(basename "$0")}

die() { echo "$PROG: $*" >&2; exit 1; }
note() { echo "$PROG: $*" >&2; }

# mnb_conf KEY: the value of KEY from the environment, else from the per-user
# config file (KEY=value lines, '#' comments; the file is parsed, never sourced).
mnb_conf() {
	local key=$1 val
	val=${!key:-}
	if [ -z "$val" ] && [ -r "$MNB_CONFIG" ]; then
		val=$(sed -n "s/^[[:space:]]*$key[[:space:]]*=[[:space:]]*//p" "$MNB_CONFIG" | tail -n1)
		val=${val%\"}; val=${val#\"}
		val=${val/#\~/$HOME}
	fi
	printf '%s' "$val"
}

# version_field VERSION N: field N (2=commit, 3=tree id, 4=role) of the
# versions table; empty when the version is unknown.
version_field() {
	awk -v v="$1" -v n="$2" '$1 == v { print $n; exit }' "$MNB_VERSIONS"
}

known_versions() { awk '!/^#/ && NF { print $1 }' "$MNB_VERSIONS"; }

# release_cmdline VERSION ARCH: the kernel arguments test-kernels/cmdline
# adds for that release (workarounds for its bugs under the bench's QEMU).
release_cmdline() {
	awk -v v="$1" -v a="$2" '!/^#/ && $1 == v && $2 == a {
		$1 = $2 = ""; sub(/^ +/, ""); print }' "$MNB_TOP/test-kernels/cmdline"
}

# Seconds since an epoch timestamp, as "12s" or "3m04s".
elapsed() {
	local s=$(( $(date +%s) - $1 ))
	if [ "$s" -ge 60 ]; then printf '%dm%02ds' $((s / 60)) $((s % 60)); else printf '%ds' "$s"; fi
}

# "2.6.26" -> 26 (the sublevel; every supported release is 2.6.x).
sublevel() { echo "${1##*.}"; }
