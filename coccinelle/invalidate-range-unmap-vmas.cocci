/// Open one invalidate range around everything unmap_vmas() zaps, so that
/// munmap, exit, truncate (unmap_mapping_range) and madvise(DONTNEED), which
/// all reach zap_pte_range through unmap_vmas() or zap_page_range(), drop
/// the secondary MMU's mappings before the pages are freed.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27): the range
/// is [start_addr, end_addr) of the whole vma walk, opened before the loop
/// over the vmas and closed before the function returns.  The mm is read
/// from the first vma before the loop advances it.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, unmap_vmas, zap_page_range

virtual patch
virtual report

@done@
identifier fn = unmap_vmas;
@@
fn(...) { <+... mmu_notifier_invalidate_range_start(...) ...+> }

@depends on patch && !done@
identifier fn = unmap_vmas;
identifier tlbp, vma, s, e;
expression E1, E2, R;
statement S;
@@
fn(struct mmu_gather **tlbp, struct vm_area_struct *vma, unsigned long s,
   unsigned long e, ...)
{
+	struct mm_struct *mm = vma->vm_mm;
	...
(
+	mmu_notifier_invalidate_range_start(mm, s, e);
	for (E1; E2; vma = vma->vm_next) S
|
+	mmu_notifier_invalidate_range_start(mm, s, e);
	for (; E2; vma = vma->vm_next) S
)
	...
+	mmu_notifier_invalidate_range_end(mm, s, e);
	return R;
}

@r depends on report && !done@
identifier fn = unmap_vmas;
position p;
@@
fn@p(...) { ... }

@script:python depends on report@
p << r.p;
@@
print("%s:%s: unmap_vmas: needs mmu_notifier_invalidate_range_start/end around the vma walk" % (p[0].file, p[0].line))
