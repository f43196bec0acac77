/// 2.6.18's msync(MS_ASYNC/MS_SYNC) walks the ptes and moves their dirty
/// bit to the page (msync_pte_range: ptep_clear_flush_dirty).  A clean pte
/// is how the kernel learns about the next write; a secondary MMU that
/// kept a writable mapping would write without dirtying anything.  Bracket
/// the walk with an invalidate range over [addr, end) of the vma.
///
/// No upstream counterpart: the msync pte walk was removed in 2.6.19
/// (dirty tracking moved to page_mkclean), before cddb8a5c14a.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, msync, ptep_clear_flush_dirty

virtual patch
virtual report

@ranged@
identifier fn;
@@
fn(...) { <+... mmu_notifier_invalidate_range_start(...) ...+> }

// Functions that already open a range are covered; collect their names
// (a set, so that several of them do not multiply the rules below).
@initialize:python@
@@
ranged_fns = set()

@script:python@
fn << ranged.fn;
@@
ranged_fns.add(fn)

@depends on patch@
identifier fn : script:python() { fn not in ranged_fns };
expression X, V, S, E;
@@
fn(...) {
<...
+	mmu_notifier_invalidate_range_start(V->vm_mm, S, E);
	X = msync_page_range(V, S, E);
+	mmu_notifier_invalidate_range_end(V->vm_mm, S, E);
...>
}

@r depends on report@
expression V, S, E;
position p;
@@
	msync_page_range@p(V, S, E)

@script:python depends on report@
p << r.p;
@@
if p[0].current_element not in ranged_fns:
	print("%s:%s: %s: msync_page_range() needs mmu_notifier_invalidate_range_start/end around it" % (p[0].file, p[0].line, p[0].current_element))
