#!/usr/bin/env bash
# Host-only tests of scripts/qemu-run's judgement (--classify on canned
# consoles in the formats of 2.6.18 to 2.6.32) and of its setup errors.
# The booting cases live in scripts/test-runner (they need a built kernel).
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test-kernels/selftest/tap.sh"
qr=$top/scripts/qemu-run

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect NAME CODE PATTERN: classify $work/NAME.log; ok when qemu-run exits
# with CODE and its last line matches PATTERN (grep -E).
expect() {
	local out rc last
	out=$("$qr" --classify "$work/$1.log" 2>&1); rc=$?
	last=$(tail -n1 <<<"$out")
	if [ "$rc" = "$2" ] && grep -qE -- "$3" <<<"$last"; then
		tap_ok "$1: exit $2"
	else
		tap_not_ok "$1: exit $2, /$3/"
		echo "got exit $rc: $last" | tap_diag
	fi
}

log() { printf '%b' "$2" >"$work/$1.log"; }
H='Linux version 2.6.18 (root@build)\r\nTAP version 13\r\n'

log pass "$H"'1..3\r\nok 1 insmod mnb_smoke.ko\r\n# selftests: smoke-fork\r\n# 1..1\r\n# not ok 1 BUG: not the kernel\r\nok 2 smoke-fork\r\nok 3 smoke-hugetlb # SKIP all cases skipped\r\n# totals: pass:2 fail:0 skip:1\r\n'
log notok "$H"'1..2\nok 1 a\nnot ok 2 smoke-swap # exit status 1\n'
log noreport "$H"'1..2\nok 1 a\nnot ok 2 broken-noreport # test did not report: 0 of 2 results\n'
log hang "$H"'1..1\nnot ok 1 broken-hang # timeout after 5 s\n'
log short "$H"'1..3\nok 1 a\n'
log noplan "$H"'ok 1 a\n'
log notap 'Linux version 2.6.26\nVFS: Cannot open root device\n'
log panic "$H"'1..2\nKernel panic - not syncing: mnb_broken_panic: panic on purpose\n'
log oops18 "$H"'1..2\nUnable to handle kernel NULL pointer dereference at 0000000000000000 RIP:\n'
log oops26 "$H"'1..2\n[    3.1] BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\nOops: 0002 [1] SMP\n'
log bugat "$H"'1..2\n------------[ cut here ]------------\nkernel BUG at mm/rmap.c:123!\n'
log warn18 "$H"'1..1\nBUG: warning at /src/mnb_broken_warn.c:15/mnb_broken_warn_init()\nok 1 a\n'
log warn26 "$H"'1..1\n------------[ cut here ]------------\nWARNING: at /src/mnb_broken_warn.c:15 mnb_broken_warn_init+0x9/0x10()\nok 1 a\n'
log lockdep18 "$H"'1..1\n\n=============================================\n[ INFO: possible recursive locking detected ]\n2.6.18 #1\n'
log lockdep26 "$H"'1..1\n=======================================================\n[ INFO: possible circular locking dependency detected ]\n'
log lockstate "$H"'1..1\n=================================\n[ INFO: inconsistent lock state ]\n'
log unlock "$H"'1..1\n=====================================\n[ BUG: bad unlock balance detected! ]\n'
log soft18 "$H"'1..1\nBUG: soft lockup detected on CPU#1!\n'
log soft26 "$H"'1..1\nBUG: soft lockup - CPU#0 stuck for 61s! [swapper:0]\n'
log hung "$H"'1..1\nINFO: task kswapd0:35 blocked for more than 120 seconds.\n'
log sleep18 "$H"'1..1\nDebug: sleeping function called from invalid context at mm/slab.c:2901\n'
log slub "$H"'1..1\n=============================================================================\nBUG kmalloc-64 (Not tainted): Poison overwritten\n'
log first "$H"'1..1\nWARNING: at mm/foo.c:1 x()\nKernel panic - not syncing: later\n'

tap_plan 27
expect pass 0 'PASS: 3/3 ok, 1 skipped'
expect notok 2 'not ok 2 smoke-swap'
expect noreport 3 'test did not report: not ok 2 broken-noreport'
expect hang 3 'test did not report: .*timeout after 5 s'
expect short 3 'test did not report: 1 of 3 results'
expect noplan 3 'no TAP plan'
expect notap 3 "no 'TAP version'"
expect panic 4 'kernel panic at console line 4: Kernel panic - not syncing: mnb_broken_panic'
expect oops18 5 'Oops/BUG at console line 4: Unable to handle kernel NULL'
expect oops26 5 'Oops/BUG .*BUG: unable to handle'
expect bugat 5 'kernel BUG at mm/rmap.c'
expect warn18 6 'kernel WARN at console line 4: BUG: warning at'
expect warn26 6 'kernel WARN at console line 5: WARNING: at'
expect lockdep18 7 'lockdep report .*possible recursive locking'
expect lockdep26 7 'lockdep report .*circular locking'
expect lockstate 7 'inconsistent lock state'
expect unlock 7 'bad unlock balance'
expect soft18 8 'soft lockup'
expect soft26 8 'soft lockup .*CPU#0 stuck'
expect hung 8 'blocked for more than'
expect sleep18 5 'Oops/BUG .*Debug: sleeping function'
expect slub 5 'Oops/BUG .*Poison overwritten'
expect first 6 'kernel WARN'

# Setup errors: a missing QEMU names its package.
mkdir -p "$work/bin"
for t in dirname basename; do ln -s "$(command -v $t)" "$work/bin/$t"; done
: >"$work/bzImage"
: >"$work/initrd"
out=$(PATH=$work/bin "$BASH" "$qr" "$work/bzImage" "$work/initrd" 2>&1); rc=$?
if [ $rc = 1 ] && tail -n1 <<<"$out" | grep -q 'qemu-system-x86_64 not found: install the qemu-system-x86 package'; then
	tap_ok "missing qemu: one-line error naming qemu-system-x86"
else
	tap_not_ok "missing qemu: one-line error naming qemu-system-x86"
	echo "exit $rc: $out" | tap_diag
fi
out=$("$qr" "$work/bzImage" "$work/nothing" 2>&1); rc=$?
[ $rc = 1 ] && grep -q 'initramfs .*cannot read' <<<"$out" &&
	tap_ok "missing initrd: setup error" || { tap_not_ok "missing initrd: setup error"; echo "$out" | tap_diag; }
# The early IO-APIC timer panic (TCG timing, not a test result) is retried
# once, and only once: a fake QEMU that writes canned consoles, counting
# its runs.
mkdir -p "$work/fake"
cat >"$work/fake/qemu-system-x86_64" <<'FAKE'
#!/bin/bash
n=$(( $(cat "$FAKE_COUNT" 2>/dev/null || echo 0) + 1 )); echo $n >"$FAKE_COUNT"
while [ $# -gt 0 ]; do [ "$1" = -serial ] && con=${2#file:}; shift; done
if [ "$n" -le "$FAKE_PANICS" ]; then
	printf 'Linux version 2.6.26\nKernel panic - not syncing: IO-APIC + timer doesn'"'"'t work!  Boot with apic=debug\n' >"$con"
else
	printf 'Linux version 2.6.26\nTAP version 13\n1..1\nok 1 a\n# totals: pass:1 fail:0 skip:0\n' >"$con"
fi
FAKE
chmod +x "$work/fake/qemu-system-x86_64"
retry() { # NAME PANICS CODE PATTERN
	local out rc
	rm -f "$work/count"
	out=$(FAKE_COUNT=$work/count FAKE_PANICS=$2 PATH=$work/fake:$PATH \
		"$qr" --quiet --console "$work/$1.console" "$work/bzImage" "$work/initrd" 2>&1); rc=$?
	if [ $rc = "$3" ] && tail -n1 <<<"$out" | grep -qE -- "$4" &&
	   grep -q 'booting once more' <<<"$out" && [ "$(cat "$work/count")" = 2 ] &&
	   [ -s "$work/$1.console.timer-check-failed" ]; then
		tap_ok "$1: exit $3 after one retry"
	else
		tap_not_ok "$1: exit $3 after one retry, /$4/"
		echo "exit $rc, $(cat "$work/count" 2>/dev/null) runs: $out" | tap_diag
	fi
}
retry timer-retry 1 0 'PASS: 1/1 ok'
retry timer-twice 2 4 "kernel panic .*IO-APIC \+ timer"
tap_check "--help documents every exit status" bash -c "'$qr' --help | grep -q '  9  timeout'"

# The guest's TAP helper, exercised on the host.
if command -v musl-gcc >/dev/null; then
	tap_check "guest programs build (x86_64, musl, static)" \
		make -s -C "$top/test-kernels/guest" O="$work/guest"
else
	tap_skip "guest programs build" "musl-gcc missing (Debian: musl-tools)"
fi
tap_done
