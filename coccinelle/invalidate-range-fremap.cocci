/// remap_file_pages() rewrites the ptes of a nonlinear mapping: whatever
/// is mapped at an address is zapped (fremap.c's zap_pte:
/// ptep_clear_flush, page_remove_rmap, page_cache_release) and replaced by
/// a file pte or by the new page.  Bracket the populate step with an
/// invalidate range over [start, start + size).
///
/// Upstream cddb8a5c14a ("mmu-notifiers: core", 2.6.27) brackets
/// populate_range() in sys_remap_file_pages (2.6.23 and later).  Before
/// 2.6.23 the same work is done by the vma's ->populate method
/// (filemap_populate, shmem_populate -> install_page/install_file_pte ->
/// zap_pte), called from sys_remap_file_pages and, for one page, from
/// do_file_page on a nonlinear fault, where a racing fault may already have
/// mapped a page that install_page then zaps; every ->populate call is
/// bracketed.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, remap_file_pages, populate, install_page

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

// The end of the range is written start + size; Coccinelle does not add
// parentheses around a substituted expression, so compound operands are
// parenthesized here (do_file_page passes "address & PAGE_MASK").
@depends on patch@
identifier fn : script:python() { fn not in ranged_fns };
expression X, M, V, S, L;
identifier Si, Li;
expression list ES;
@@
fn(...) {
<...
(
+	mmu_notifier_invalidate_range_start(V->vm_mm, Si, Si + Li);
	X = V->vm_ops->populate(V, Si, Li, ES);
+	mmu_notifier_invalidate_range_end(V->vm_mm, Si, Si + Li);
|
+	mmu_notifier_invalidate_range_start(V->vm_mm, S, (S) + Li);
	X = V->vm_ops->populate(V, S, Li, ES);
+	mmu_notifier_invalidate_range_end(V->vm_mm, S, (S) + Li);
|
+	mmu_notifier_invalidate_range_start(V->vm_mm, S, (S) + (L));
	X = V->vm_ops->populate(V, S, L, ES);
+	mmu_notifier_invalidate_range_end(V->vm_mm, S, (S) + (L));
|
+	mmu_notifier_invalidate_range_start(M, Si, Si + Li);
	X = populate_range(M, V, Si, Li, ES);
+	mmu_notifier_invalidate_range_end(M, Si, Si + Li);
|
+	mmu_notifier_invalidate_range_start(M, S, (S) + (L));
	X = populate_range(M, V, S, L, ES);
+	mmu_notifier_invalidate_range_end(M, S, (S) + (L));
)
...>
}

@r depends on report@
expression M, V, S, L;
expression list ES;
position p;
@@
(
	V->vm_ops->populate@p(V, S, L, ES)
|
	populate_range@p(M, V, S, L, ES)
)

@script:python depends on report@
p << r.p;
@@
if p[0].current_element not in ranged_fns:
	print("%s:%s: %s: populate needs mmu_notifier_invalidate_range_start/end around it" % (p[0].file, p[0].line, p[0].current_element))
