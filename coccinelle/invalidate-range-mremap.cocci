/// mremap() moves ptes from the old to the new address (move_ptes:
/// ptep_clear_flush on the old pte, set_pte_at at the new address).  The
/// secondary MMU must forget the old addresses before the move, so every
/// move_ptes() call is bracketed by an invalidate range over the old
/// addresses it moves.
///
/// Upstream cddb8a5c14a ("mmu-notifiers: core", 2.6.27) opens the same
/// range [old_addr, old_end) inside move_ptes(), saving old_addr in a new
/// local; this backport puts the pair around the call in
/// move_page_tables() instead: the same ranges, the same locks held (only
/// mmap_sem), and no new local.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, mremap, move_ptes

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
expression V, OP, S, E;
expression list L;
@@
fn(...) {
<...
+	mmu_notifier_invalidate_range_start(V->vm_mm, S, E);
	move_ptes(V, OP, S, E, L);
+	mmu_notifier_invalidate_range_end(V->vm_mm, S, E);
...>
}

@r depends on report@
expression V, OP, S, E;
expression list L;
position p;
@@
	move_ptes@p(V, OP, S, E, L)

@script:python depends on report@
p << r.p;
@@
if p[0].current_element not in ranged_fns:
	print("%s:%s: %s: move_ptes() needs mmu_notifier_invalidate_range_start/end around it" % (p[0].file, p[0].line, p[0].current_element))
