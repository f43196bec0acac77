#!/usr/bin/env bash
# Tests of scripts/get-kernel: sources, verification, locking, failure modes.
# Uses a private cache and config; needs a mainline history (LINUX_GIT or the
# per-user config) for the cases that extract a tree, and skips them loudly
# without one.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test-kernels/selftest/tap.sh"
. "$top/scripts/lib.sh"
gk=$top/scripts/get-kernel
V=2.6.18
gitdir=$(mnb_conf LINUX_GIT)

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
export MNB_CONFIG=$work/no-config
unset LINUX_GIT LINUX_TARBALLS
export MNB_KERNEL_ORG=http://127.0.0.1:9/unreachable

# run NAME ENV... -- ARGS: run get-kernel with a fresh cache; sets out/err/rc.
run() {
	local cache=$work/cache.$1
	shift
	out=$(env MNB_CACHE="$cache" "$@" 2>"$work/err"); rc=$?
	err=$(cat "$work/err")
	leftovers=$(find "$cache/src" -mindepth 1 -maxdepth 1 ! -name '*.lock' 2>/dev/null | sort)
}

tap_plan 11

run help "$gk" --help
[ $rc = 0 ] && grep -q LINUX_GIT <<<"$out" && tap_ok "--help names the sources" || tap_not_ok "--help names the sources"

run badver "$gk" 2.6.99
if [ $rc != 0 ] && [ "$(wc -l <<<"$err")" = 1 ] && grep -q "unknown version '2.6.99'" <<<"$err"; then
	tap_ok "unknown version: one line, non-zero"
else tap_not_ok "unknown version: one line, non-zero"; echo "$err" | tap_diag; fi

run nosrc "$gk" $V
if [ $rc != 0 ] && grep -q "configure a local source: LINUX_GIT=" <<<"$err" && [ -z "$leftovers" ]; then
	tap_ok "no source and no network: says how to configure one, leaves nothing"
else tap_not_ok "no source and no network: says how to configure one, leaves nothing"; echo "$err $leftovers" | tap_diag; fi

run badgit LINUX_GIT=$work/nowhere "$gk" $V
[ $rc != 0 ] && grep -q "is not a directory" <<<"$err" && tap_ok "LINUX_GIT not a directory" ||
	{ tap_not_ok "LINUX_GIT not a directory"; echo "$err" | tap_diag; }

if [ -z "$gitdir" ] || [ ! -d "$gitdir" ]; then
	for t in "git source: verified read-only tree" "second run reuses the tree" "tree id mismatch leaves nothing" \
		"two racing runs extract once" "config file is read" "tarball source verified" "altered tarball rejected"; do
		tap_skip "$t" "no mainline history configured (LINUX_GIT or $(basename "$MNB_CONFIG")); see shared/kernels.md"
	done
	exit 0
fi

run ok LINUX_GIT=$gitdir "$gk" $V
tree=$out
if [ $rc = 0 ] && [ "$tree" = "$work/cache.ok/src/linux-$V" ] && [ -f "$tree/Makefile" ] &&
	[ -z "$(find "$tree" -perm /222 -print -quit)" ] && grep -q "^VERSION = 2" "$tree/Makefile"; then
	tap_ok "git source: verified read-only tree"
else tap_not_ok "git source: verified read-only tree"; echo "$err" | tap_diag; fi

run ok LINUX_GIT=$gitdir "$gk" --quiet $V
[ $rc = 0 ] && [ "$out" = "$tree" ] && [ -z "$err" ] && tap_ok "second run reuses the tree" ||
	{ tap_not_ok "second run reuses the tree"; echo "$err" | tap_diag; }

awk -v v=$V '$1 == v { $3 = "0000000000000000000000000000000000000000" } { print }' \
	"$top/test-kernels/versions" >"$work/versions.bad"
run mismatch LINUX_GIT=$gitdir MNB_VERSIONS=$work/versions.bad "$gk" $V
if [ $rc != 0 ] && grep -q "tree id mismatch" <<<"$err" && [ -z "$leftovers" ]; then
	tap_ok "tree id mismatch leaves nothing"
else tap_not_ok "tree id mismatch leaves nothing"; echo "$err $leftovers" | tap_diag; fi

cache=$work/cache.race
MNB_CACHE=$cache LINUX_GIT=$gitdir "$gk" $V >"$work/r1" 2>"$work/e1" & p1=$!
MNB_CACHE=$cache LINUX_GIT=$gitdir "$gk" $V >"$work/r2" 2>"$work/e2" & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
n=$(cat "$work/e1" "$work/e2" | grep -c "extracting")
if [ $r1 = 0 ] && [ $r2 = 0 ] && [ "$n" = 1 ] && cmp -s "$work/r1" "$work/r2"; then
	tap_ok "two racing runs extract once"
else tap_not_ok "two racing runs extract once"; cat "$work/e1" "$work/e2" | tap_diag; fi

echo "LINUX_GIT=$gitdir" >"$work/config"
run conf MNB_CONFIG=$work/config "$gk" $V
[ $rc = 0 ] && [ -f "$out/Makefile" ] && tap_ok "config file is read" ||
	{ tap_not_ok "config file is read"; echo "$err" | tap_diag; }

mkdir -p "$work/tarballs" "$work/bad-tarballs"
commit=$(version_field $V 2)
git --git-dir="$gitdir" archive --prefix=linux-$V/ "$commit" | gzip -1 >"$work/tarballs/linux-$V.tar.gz"
run tarball LINUX_TARBALLS=$work/tarballs "$gk" $V
[ $rc = 0 ] && [ -f "$out/Makefile" ] && tap_ok "tarball source verified" ||
	{ tap_not_ok "tarball source verified"; echo "$err" | tap_diag; }

mkdir -p "$work/x/linux-$V" && echo vendor >"$work/x/linux-$V/EXTRA"
git --git-dir="$gitdir" archive --prefix=linux-$V/ "$commit" >"$work/bad.tar"
tar -rf "$work/bad.tar" -C "$work/x" "linux-$V/EXTRA" && gzip -1 -c "$work/bad.tar" >"$work/bad-tarballs/linux-$V.tar.gz"
run badtar LINUX_TARBALLS=$work/bad-tarballs "$gk" $V
if [ $rc != 0 ] && grep -q "tree id mismatch" <<<"$err" && [ -z "$leftovers" ]; then
	tap_ok "altered tarball rejected"
else tap_not_ok "altered tarball rejected"; echo "$err $leftovers" | tap_diag; fi
tap_done
