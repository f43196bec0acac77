/// fork() write-protects the parent's ptes of a private writable mapping
/// (copy_one_pte: ptep_set_wrprotect on the source mm) so that both sides
/// copy on write.  A secondary MMU must lose its writable view of the
/// parent too, so copy_page_range() brackets the copy with an invalidate
/// range on the SOURCE mm, and only for COW mappings, where the downgrade
/// can happen.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27): the range
/// is the whole vma, opened after the early returns (nothing to copy, the
/// hugetlb copy) and closed after the page-table walk; the walk's
/// "return -ENOMEM" becomes "ret = -ENOMEM; break;" so the range is always
/// closed.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, fork, copy_page_range, is_cow_mapping

virtual patch
virtual report

@done@
identifier fn = copy_page_range;
@@
fn(...) { <+... mmu_notifier_invalidate_range_start(...) ...+> }

// The range goes around the page-table walk, which starts where the
// destination's pgd is looked up; its end replaces the final "return 0".
@full depends on patch && !done@
identifier fn = copy_page_range;
identifier dst, src, vma;
expression P, A;
@@
fn(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
+	int ret;
	...
+	if (is_cow_mapping(vma->vm_flags))
+		mmu_notifier_invalidate_range_start(src, vma->vm_start,
+						    vma->vm_end);
+	ret = 0;
	P = pgd_offset(dst, A);
	...
+	if (is_cow_mapping(vma->vm_flags))
+		mmu_notifier_invalidate_range_end(src, vma->vm_start,
+						  vma->vm_end);
-	return 0;
+	return ret;
}

// Only once the range is in place: the walk's failure exit leaves through
// the end of the range instead of returning from inside it.
@depends on full@
identifier fn = copy_page_range;
expression E;
@@
fn(...) {
<...
	if (<+... copy_pud_range(...) ...+>)
-		return E;
+	{
+		ret = E;
+		break;
+	}
...>
}

@r depends on report && !done@
identifier fn = copy_page_range;
position p;
@@
fn@p(...) { ... }

@script:python depends on report@
p << r.p;
@@
print("%s:%s: copy_page_range: needs mmu_notifier_invalidate_range_start/end on the source mm for COW mappings" % (p[0].file, p[0].line))
