#!/usr/bin/env bash
# Host-only tests of scripts/bench: its parser of the guest's console
# (--parse on canned consoles) and its judgement of the targets (--report
# on canned measurements).  The measuring itself boots kernels: make bench.
set -uo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/test-kernels/selftest/tap.sh"
bench=$top/scripts/bench

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# expect_line NAME FILE PATTERN: ok when a line of FILE matches PATTERN.
expect_line() {
	if grep -qE -- "$3" "$2"; then
		tap_ok "$1"
	else
		tap_not_ok "$1"
		{ echo "no line matches /$3/ in:"; cat "$2"; } | tap_diag
	fi
}

# A console as init nests the guest program's output (2.6.18 style).
cat >"$work/console.log" <<'LOG'
Linux version 2.6.18 (root@build) (gcc version 12.2.0)
TAP version 13
1..2
mnb_bench: /dev/mnb_bench minor 60, mnbswap 96 MiB major 254
ok 1 insmod mnb_bench.ko
# selftests: mnb-bench
# 1..15
# # bench calib rdtsc_per_insn=1.00069 clock_ns_per_insn=1.00064
# ok 1 rdtsc counts one per instruction (1.00069)
# # bench wl=fault1 cfg=disarmed batch=1 reps=2000 insns=12564370 per_op=6282.2 idle=0
# # bench wl=reclaim cfg=disarmed batch=2 reps=1 insns=280069788 per_op=280069788.0 idle=10 swapped=17909
# # bench wl=register-1000 cfg=armed batch=1 reps=10 insns=438920 per_op=43892.0 idle=0 vmas=1009
# # bench wl=mprotect1m cfg=armed na=ENOSYS
# not a bench wl=line
ok 2 mnb-bench
# totals: pass:2 fail:0 skip:0
LOG
printf '%s\n' \
	$'fault1\tdisarmed\t1\t2000\t12564370\t6282.2\t0\t-' \
	$'reclaim\tdisarmed\t2\t1\t280069788\t280069788.0\t10\tswapped=17909' \
	$'register-1000\tarmed\t1\t10\t438920\t43892.0\t0\tvmas=1009' \
	$'mprotect1m\tarmed\t0\t0\t0\tna\t0\tna=ENOSYS' >"$work/expected.tsv"

# Canned measurements: unpatched 1000 per op; fault1 disarmed +0.4% (met),
# mmap1m disarmed +1% (missed); armed/disarmed 1.02 against native 1.015
# (met) and 1.05 (missed); registration linear, 5% over native at 10000.
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t1\t%s\t%s\t0\t-\n' "$1" "$2" "$3" "$4" "$5" "$6" "$7" "$7"; }
mkdir -p "$work/res"
{
	for r in 1 2; do
		for wl in fault1 mmap1m; do
			row 2.6.24 vanilla $r $wl disarmed 1 1000
			row 2.6.24 patched-mnn $r $wl disarmed 1 1000
			row 2.6.26 vanilla $r $wl disarmed 1 1000
			row 2.6.27 vanilla-mny $r $wl disarmed 1 1000
			row 2.6.27 vanilla-mny $r $wl armed 1 1015
		done
		row 2.6.24 patched-mny $r fault1 disarmed 1 1004
		row 2.6.24 patched-mny $r fault1 armed 1 $((1004 * 102 / 100))
		row 2.6.24 patched-mny $r mmap1m disarmed 1 1010
		row 2.6.24 patched-mny $r mmap1m armed 1 $((1010 * 105 / 100))
		row 2.6.24 patched-mny $r register-10 armed 1 1100
		row 2.6.24 patched-mny $r register-1000 armed 1 100100
		row 2.6.24 patched-mny $r register-10000 armed 1 1000100
		row 2.6.27 vanilla-mny $r register-10 armed 1 1000
		row 2.6.27 vanilla-mny $r register-1000 armed 1 96000
		row 2.6.27 vanilla-mny $r register-10000 armed 1 $((952500 + r * 1000))
	done
	printf '2.6.18\tvanilla\t1\tmprotect1m\tarmed\t0\t0\t0\tna\t0\tna=ENOSYS\n'
} >"$work/res/data.tsv"
echo 'objcmp 2.6.24: identical (9 objects, 500 functions)' >"$work/res/objcmp.txt"
echo '2.6.24 vanilla run 1: rdtsc_per_insn=1.00069 clock_ns_per_insn=1.00064' >"$work/res/calib.txt"
printf '%s\n' '2.6.24 mm/memory.o unmap_vmas 500 80 520 90' \
	'2.6.24 mm/mprotect.o sys_mprotect 400 60 420 70' >"$work/res/hookdiff.txt"

tap_plan 14
tap_check "--help" "$bench" --help
"$bench" --parse "$work/console.log" >"$work/parsed.tsv" 2>&1
tap_check "--parse: measurements and n/a cells of a nested console" \
	diff -u "$work/expected.tsv" "$work/parsed.tsv"
"$bench" --report "$work/res" >"$work/report.txt" 2>&1
r=$work/report.txt
expect_line "report: table row with the ratio to unpatched" "$r" \
	'^\| fault1 \| 2\.6\.24 \| 1000 \| 1000 \(\+0\.00%\) \| 1004 \(\+0\.40%\) \| 1024 \(\+2\.40%\) \| 1\.0199 \|'
expect_line "report: native row beside unpatched 2.6.26" "$r" \
	'^\| fault1 \| 2\.6\.27 native \| \(2\.6\.26: 1000\) \|'
expect_line "report: disarmed +0.4% met" "$r" 'disarmed <= \+0\.5%: 2\.6\.24 fault1: \+0\.400%: met'
expect_line "report: disarmed +1% missed" "$r" 'disarmed <= \+0\.5%: 2\.6\.24 mmap1m: \+1\.000%: \*\*missed'
expect_line "report: the cause of a miss, from the code on the workload's path" "$r" \
	'mmap1m: .*missed\*\* \(=y code on this path: unmap_vmas 500->520 insns, 80->90 stack accesses: '
expect_line "report: armed 1.02 vs native 1.015 met" "$r" 'armed/disarmed .* 2\.6\.24 fault1: 1\.0199 vs 2\.6\.27 1\.0150: met'
expect_line "report: armed 1.05 vs native 1.015 missed" "$r" 'armed/disarmed .* 2\.6\.24 mmap1m: 1\.0495 vs 2\.6\.27 1\.0150: \*\*missed'
expect_line "report: registration linear" "$r" 'registration linear: 2\.6\.24: 100\.0 insns/VMA .*100\.0 .*: met'
expect_line "report: registration at 10000 VMAs vs native" "$r" \
	'10000 VMAs <= native \+ 10%: 2\.6\.24: 1000100 vs 954000 \(\+4\.83%\): met'
expect_line "report: run-to-run spread of the native count" "$r" \
	'spread <= 0\.1%: largest 0\.105% \(register-10000 2\.6\.27 vanilla-mny armed\): \*\*missed'
expect_line "report: n/a cell where the kernel has no notifiers" "$r" 'armed: 2\.6\.18 mprotect1m: n/a \(na=ENOSYS\)'
expect_line "report: the object comparison" "$r" 'MMU_NOTIFIER=n object code: 2\.6\.24: identical'
tap_done
