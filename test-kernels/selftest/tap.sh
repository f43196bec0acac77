# Minimal TAP producer for the bench's own shell tests (kselftest style).
# shellcheck shell=bash
TAP_N=0
TAP_FAIL=0
tap_plan() { echo "TAP version 13"; echo "1..$1"; }
tap_ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N $*"; }
tap_not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAIL=$((TAP_FAIL + 1)); echo "not ok $TAP_N $*"; }
tap_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N $1 # SKIP ${2:-}"; }
tap_diag() { sed 's/^/# /'; }
# tap_check NAME CMD...: ok when CMD succeeds; its output becomes diagnostics otherwise.
tap_check() {
	local name=$1 out
	shift
	if out=$("$@" 2>&1); then tap_ok "$name"; else tap_not_ok "$name"; printf '%s\n' "$out" | tap_diag; fi
}
tap_done() { [ "$TAP_FAIL" -eq 0 ]; }
