#!/usr/bin/env bash
# Perturbed trees: scripts/prepare must regenerate the hook patch on a tree
# whose mm/ is not vanilla but recognizably the same code, and the result
# must push with quilt and leave no uncovered pte change.
#
# From vanilla 2.6.18, 2.6.26 and 2.6.31 (default; or the releases given;
# 2.6.27-2.6.31 regenerate the 0005 change_pte hooks instead of 0004) it derives
# trees with coccinelle/tests/perturb (renamed locals, a statement inserted
# near each call site, functions reordered, call sites moved into helpers,
# and all of these at once) and checks, per tree: prepare succeeds and
# regenerated (patches/.mmu-notifier-backport says vanilla-mm=no),
# `quilt push -a` applies with no fuzz and no offset, scripts/audit on the
# pushed tree reports 0 uncovered, and `quilt pop -a` gives the perturbed
# files back.  Negative case: a perturbation that leaves a must-fire rule
# (set-pte-at-notify-cow) nothing to match; prepare must refuse with one
# line naming the rule, and write nothing (no file in the tree newer than
# before, no patches/ or series).
#
# Needs spatch and quilt; releases whose tree cannot be had (no kernel
# source configured) are skipped loudly, like test-kernels/selftest/*.t.
# Usage: perturb.t [VERSION...]
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test-kernels/selftest/tap.sh"
. "$top/scripts/lib.sh"
perturb=$top/coccinelle/tests/perturb

if [ $# -gt 0 ]; then versions=("$@"); else versions=(2.6.18 2.6.26 2.6.31); fi
cases=("rename-locals" "insert-stmts" "reorder" "helper"
	"insert-stmts helper reorder rename-locals")

work=$(mktemp -d "${TMPDIR:-/tmp}/perturb.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT
qrc=(quilt --quiltrc -)

tap_plan $(( ${#versions[@]} * (${#cases[@]} + 1) ))

# copy_tree PRISTINE DEST: hard-linked copy with writable directories (the
# perturbations, patch and quilt all replace files by rename).
copy_tree() {
	cp -al "$1" "$2" && find "$2" -type d -exec chmod u+w {} +
}

skip_all() {
	local v=$1 why=$2 c
	echo "# SKIPPED $v: $why" >&2
	for c in "${cases[@]}"; do tap_skip "$v: perturbed ($c)" "$why"; done
	tap_skip "$v: negative (no-mk-pte)" "$why"
}

for v in "${versions[@]}"; do
	if ! command -v spatch >/dev/null || ! command -v quilt >/dev/null; then
		skip_all "$v" "spatch or quilt not installed"; continue
	fi
	if ! pristine=$("$top/scripts/get-kernel" -q "$v" 2>"$work/gk.err"); then
		skip_all "$v" "no pristine $v: $(tail -n1 "$work/gk.err")"; continue
	fi
	i=0
	for c in "${cases[@]}"; do
		i=$((i + 1))
		k=$work/linux-$v-$i log=$work/log
		name="$v: perturbed ($c): prepare regenerates, push -a clean, audit 0 uncovered, pop -a"
		: >"$log"
		fail=
		t0=$(date +%s)
		# shellcheck disable=SC2086
		if ! copy_tree "$pristine" "$k" >>"$log" 2>&1; then fail="copying $pristine"
		elif ! "$perturb" "$k" $c >>"$log" 2>&1; then fail="perturb $c"
		elif ! (cd "$k/mm" && md5sum ./*.c) >"$work/before.md5" 2>>"$log"; then fail="md5sum"
		elif ! "$top/scripts/prepare" -q KDIR="$k" >>"$log" 2>&1; then fail="scripts/prepare failed"
		elif ! grep -q 'vanilla-mm=no' "$k/patches/.mmu-notifier-backport"; then
			fail="prepare did not regenerate the hook patch"
		elif ! grep -q 'hooks.generated.patch' "$k/series"; then
			fail="series has no generated hook patch"
		elif ! (cd "$k" && "${qrc[@]}" push -a) >"$work/push" 2>&1; then
			fail="quilt push -a failed"; cat "$work/push" >>"$log"
		elif grep -Ei 'fuzz|offset' "$work/push" >>"$log"; then
			fail="quilt push -a: fuzz or offset"
		elif ! "$top/scripts/audit" "$k" >"$work/audit" 2>&1; then
			fail="audit: $(tail -n1 "$work/audit")"; grep UNCOVERED "$work/audit" >>"$log"
		elif ! grep -q '^summary: .* 0 UNCOVERED' "$work/audit"; then
			fail="audit summary: $(tail -n1 "$work/audit")"
		elif ! grep -q 'set_pte_at_notify\|mmu_notifier_change_pte' "$k/mm/memory.c"; then
			fail="do_wp_page has no change_pte hook"
		elif ! (cd "$k" && "${qrc[@]}" pop -a) >>"$log" 2>&1; then fail="quilt pop -a failed"
		elif ! (cd "$k/mm" && md5sum -c --quiet "$work/before.md5") >>"$log" 2>&1; then
			fail="pop -a did not restore the perturbed mm/ files"
		fi
		if [ -z "$fail" ]; then
			tap_ok "$name ($(elapsed "$t0"), $(tail -n1 "$work/audit" | sed 's/ (.*//'))"
		else
			tap_not_ok "$name: $fail"; tail -n 20 "$log" | tap_diag
		fi
		chmod -R u+w "$k" 2>/dev/null; rm -rf "$k"
	done

	# Negative: a must-fire rule that finds nothing stops prepare.
	k=$work/linux-$v-neg
	name="$v: negative (no-mk-pte): prepare refuses in one line naming set-pte-at-notify-cow, tree unchanged"
	fail=
	if ! copy_tree "$pristine" "$k" >"$log" 2>&1 || ! "$perturb" "$k" no-mk-pte >>"$log" 2>&1; then
		fail="setting up the tree"
	else
		touch "$work/stamp"; sleep 1
		if "$top/scripts/prepare" -q KDIR="$k" >"$work/out" 2>"$work/err"; then
			fail="prepare succeeded"
		elif [ "$(wc -l <"$work/err")" != 1 ]; then
			fail="$(wc -l <"$work/err") lines on stderr"; cat "$work/err" >>"$log"
		elif ! grep -q 'set-pte-at-notify-cow' "$work/err"; then
			fail="the line does not name the rule: $(cat "$work/err")"
		elif [ -e "$k/patches" ] || [ -e "$k/series" ]; then
			fail="patches/ or series written"
		elif [ -n "$(find "$k" -newer "$work/stamp" -print -quit)" ]; then
			fail="the tree changed: $(find "$k" -newer "$work/stamp" | head -n3 | tr '\n' ' ')"
		fi
	fi
	if [ -z "$fail" ]; then tap_ok "$name"; sed 's/^/# /' "$work/err"
	else tap_not_ok "$name: $fail"; tail -n 20 "$log" | tap_diag; fi
	chmod -R u+w "$k" 2>/dev/null; rm -rf "$k"
done
tap_done
