/// Before the "clear, flush, then set" form arrived, a pte could be
/// replaced in place with ptep_establish() (set_pte + TLB flush): 2.6.18's
/// do_wp_page installs the new COW page that way, and 2.6.19's
/// page_mkclean_one write-protects a pte that way.  Those releases have no
/// ptep_clear_flush() at these sites for ptep-clear-flush-notify.cocci to
/// convert, so the secondary MMU is told right after the pte changed:
/// mmu_notifier_invalidate_page() on the vma's mm, with the pte lock still
/// held and before the old page can be released.  This is what
/// ptep_clear_flush_notify() does at the same place in 2.6.20 and later.
///
/// No upstream counterpart: cddb8a5c14a ("mmu-notifiers: core", 2.6.27)
/// starts from trees that no longer use ptep_establish() in mm/.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, ptep_establish, do_wp_page, page_mkclean_one

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
expression V, A, P, E;
@@
fn(...) {
<...
	ptep_establish(V, A, P, E);
+	mmu_notifier_invalidate_page(V->vm_mm, A);
...>
}

@r depends on report@
expression V, A, P, E;
position p;
@@
	ptep_establish@p(V, A, P, E)

@script:python depends on report@
p << r.p;
@@
if p[0].current_element not in ranged_fns:
	print("%s:%s: %s: ptep_establish() needs mmu_notifier_invalidate_page() after it" % (p[0].file, p[0].line, p[0].current_element))
