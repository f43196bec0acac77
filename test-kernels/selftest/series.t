#!/usr/bin/env bash
# The series on every vanilla release it serves (2.6.18-2.6.31): on a copy
# of the verified pristine tree, scripts/prepare succeeds and writes only
# patches/ + series, `quilt push -a` applies with no fuzz and no offset,
# `quilt pop -a` succeeds, and the tree is then identical to pristine
# (diff -r).  One TAP line per release.  Releases whose tree cannot be
# had (no source configured, kernel.org unreachable) are skipped loudly.
#
# Fast: the copy hard-links the pristine tree and makes real copies only
# of the files the selected patches touch (GNU patch and quilt replace
# files by rename, never in place), so diff -r reads only those files.
# Usage: series.t [VERSION...]   (default: 2.6.18 ... 2.6.31)
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test-kernels/selftest/tap.sh"
. "$top/scripts/lib.sh"

if [ $# -gt 0 ]; then versions=("$@"); else
	versions=(); for s in $(seq 18 31); do versions+=("2.6.$s"); done
fi

work=$(mktemp -d)
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
qrc=(quilt --quiltrc -)

# copy_tree PRISTINE DEST: hard-linked copy with writable directories.
copy_tree() {
	cp -al "$1" "$2" && find "$2" -type d -exec chmod u+w {} +
}

# unlink_touched KDIR: give every file named by the prepared series its own
# writable inode, so nothing can reach the shared pristine tree.
unlink_touched() {
	local k=$1 p f
	while read -r p _; do
		case $p in ''|\#*) continue ;; esac
		sed -n 's#^\(---\|+++\) [^/]*/\([^[:space:]]*\).*#\2#p' "$k/patches/$p"
	done <"$k/series" | sort -u | while read -r f; do
		[ -f "$k/$f" ] || continue
		cp -p "$k/$f" "$k/$f.mnb-tmp" && mv -f "$k/$f.mnb-tmp" "$k/$f" && chmod u+w "$k/$f"
	done
}

# tree_equal PRISTINE KDIR IGNORED: diff -r finds nothing but the top-level
# entries IGNORED (a grep alternation) only in KDIR; differences in $work/d.
tree_equal() {
	diff -r "$1" "$2" >"$work/d.raw" 2>&1
	grep -v "^Only in $2: \($3\)\$" "$work/d.raw" >"$work/d"
	[ ! -s "$work/d" ]
}

tap_plan ${#versions[@]}
no_source=
for v in "${versions[@]}"; do
	name="$v: prepare, quilt push -a (no fuzz/offset), pop -a, diff -r pristine"
	if [ -n "$no_source" ]; then
		echo "# SKIPPED $v: no kernel source ($no_source)" >&2
		tap_skip "$name" "no kernel source ($no_source)"
		continue
	fi
	if ! pristine=$("$top/scripts/get-kernel" -q "$v" 2>"$work/gk.err"); then
		reason="no pristine $v: $(tail -n1 "$work/gk.err")"
		echo "# SKIPPED $v: $reason" >&2
		tap_skip "$name" "$reason"
		# Nothing configured and no network: later releases fail the same
		# way; skip them (loudly) without another download attempt each.
		if grep -q "configure a local source" "$work/gk.err"; then
			no_source="configure LINUX_GIT or LINUX_TARBALLS; see shared/kernels.md"
		fi
		continue
	fi
	k=$work/linux-$v
	log=$work/$v.log
	fail=
	if ! copy_tree "$pristine" "$k" >"$log" 2>&1; then fail="copying $pristine"
	elif ! "$top/scripts/prepare" -q KDIR="$k" >>"$log" 2>&1; then fail="scripts/prepare failed"
	elif ! unlink_touched "$k" >>"$log" 2>&1; then fail="unlinking touched files"
	elif ! tree_equal "$pristine" "$k" 'patches\|series'; then
		fail="prepare changed the tree"; cat "$work/d" >>"$log"
	elif ! (cd "$k" && "${qrc[@]}" push -a) >"$work/push" 2>&1; then
		fail="quilt push -a failed"; cat "$work/push" >>"$log"
	elif grep -Ei 'fuzz|offset' "$work/push" >"$work/d"; then
		fail="quilt push -a: fuzz or offset"; cat "$work/d" >>"$log"
	elif ! (cd "$k" && "${qrc[@]}" pop -a) >>"$log" 2>&1; then fail="quilt pop -a failed"
	elif ! tree_equal "$pristine" "$k" 'patches\|series\|\.pc'; then
		fail="tree differs from pristine after pop -a"; head -n 40 "$work/d" >>"$log"
	fi
	if [ -z "$fail" ]; then
		n=$(grep -c '^Applying patch' "$work/push")
		tap_ok "$name ($n patches)"
	else
		tap_not_ok "$name"
		{ echo "$fail"; tail -n 40 "$log"; } | tap_diag
	fi
	chmod -R u+w "$k" 2>/dev/null; rm -rf "$k"
done
tap_done
