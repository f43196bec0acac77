/// Tell secondary MMUs about a pte that is cleared outside any
/// mmu_notifier_invalidate_range_start()/_end() pair: ptep_clear_flush()
/// becomes ptep_clear_flush_notify(), which clears and flushes the pte and
/// then calls mmu_notifier_invalidate_page() while the pte lock is held,
/// before the caller can drop the page.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27): the rmap
/// walkers (try_to_unmap_one, try_to_unmap_cluster, page_mkclean_one),
/// do_wp_page and __xip_unmap.  scripts/gen-hooks feeds this rule only
/// mm/rmap.c, mm/memory.c and mm/filemap_xip.c; the other ptep_clear_flush()
/// users in mm/ (fremap's zap_pte, mremap's move_ptes) run inside a range
/// hook instead.  A function that already opens a range is left alone.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, ptep_clear_flush

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
expression V, A, P;
@@
fn(...) {
<...
- ptep_clear_flush(V, A, P)
+ ptep_clear_flush_notify(V, A, P)
...>
}

@r depends on report@
expression V, A, P;
position p;
@@
  ptep_clear_flush@p(V, A, P)

@script:python depends on report@
p << r.p;
@@
if p[0].current_element not in ranged_fns:
	print("%s:%s: %s: ptep_clear_flush() should be ptep_clear_flush_notify()" % (p[0].file, p[0].line, p[0].current_element))
