/// Unmapping huge pages (__unmap_hugepage_range, or unmap_hugepage_range
/// in trees without the split) clears huge ptes with
/// huge_ptep_get_and_clear and drops the pages' references; unmap_vmas()
/// already brackets the munmap/exit path, but truncate of a hugetlbfs file
/// reaches it directly (hugetlb_vmtruncate_list).  Open the range before
/// the page-table lock is taken and close it after the TLB flush, before
/// the gathered pages are put.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27).
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, hugetlb, __unmap_hugepage_range

virtual patch
virtual report

@done@
identifier fn =~ "^_*unmap_hugepage_range$";
@@
fn(...) { <+... mmu_notifier_invalidate_range_start(...) ...+> }

@hooked depends on patch && !done@
identifier fn =~ "^_*unmap_hugepage_range$";
identifier vma, s, e;
expression L;
@@
fn(struct vm_area_struct *vma, unsigned long s, unsigned long e, ...)
{
	...
+	mmu_notifier_invalidate_range_start(vma->vm_mm, s, e);
	spin_lock(L);
	...
	flush_tlb_range(vma, s, e);
+	mmu_notifier_invalidate_range_end(vma->vm_mm, s, e);
	...
}

@r depends on report && !done@
identifier fn =~ "^_*unmap_hugepage_range$";
identifier vma, s, e;
position p;
@@
fn@p(struct vm_area_struct *vma, unsigned long s, unsigned long e, ...)
{
	<+... flush_tlb_range(vma, s, e); ...+>
}

@script:python depends on report@
p << r.p;
@@
print("%s:%s: %s: needs mmu_notifier_invalidate_range_start/end around the huge pte walk" % (p[0].file, p[0].line, p[0].current_element))
