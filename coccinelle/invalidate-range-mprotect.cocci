/// mprotect() downgrades ptes (change_protection: ptep_get_and_clear +
/// set_pte_at with the new protection; hugetlb_change_protection for huge
/// pages).  Bracket the change with an invalidate range so a secondary MMU
/// drops mappings that would otherwise keep the old, wider permissions.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27): around
/// the hugetlb-or-normal change in mprotect_fixup(), range [start, end) of
/// the call, on the vma's mm.  A bare change_protection() call (a tree
/// without the hugetlb branch) is bracketed the same way.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, mprotect, change_protection

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
hb_fns = set()

@script:python@
fn << ranged.fn;
@@
ranged_fns.add(fn)

// Functions with the hugetlb branch are hooked around both branches.
@hb@
identifier fn;
@@
fn(...) { <+... hugetlb_change_protection(...) ...+> }

@script:python@
fn << hb.fn;
@@
hb_fns.add(fn)

@both depends on patch@
identifier fn : script:python() { fn not in ranged_fns };
expression V, S, E;
expression list L1, L2;
position p;
@@
fn(...) {
<...
+	mmu_notifier_invalidate_range_start(V->vm_mm, S, E);
	if (is_vm_hugetlb_page(V))
		hugetlb_change_protection(V, S, E, L1);
	else
		change_protection@p(V, S, E, L2);
+	mmu_notifier_invalidate_range_end(V->vm_mm, S, E);
...>
}

// A tree without the hugetlb branch next to the call.
@depends on patch@
identifier fn : script:python() { fn not in ranged_fns and fn not in hb_fns };
expression V, S, E;
expression list L2;
@@
fn(...) {
<...
+	mmu_notifier_invalidate_range_start(V->vm_mm, S, E);
	change_protection(V, S, E, L2);
+	mmu_notifier_invalidate_range_end(V->vm_mm, S, E);
...>
}

@r depends on report@
expression V, S, E;
expression list L2;
position p;
@@
	change_protection@p(V, S, E, L2)

@script:python depends on report@
p << r.p;
@@
if p[0].current_element not in ranged_fns:
	print("%s:%s: %s: change_protection() needs mmu_notifier_invalidate_range_start/end around it" % (p[0].file, p[0].line, p[0].current_element))
