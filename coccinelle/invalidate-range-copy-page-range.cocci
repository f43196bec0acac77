/// fork() write-protects the parent's ptes of a private writable mapping
/// (copy_one_pte: ptep_set_wrprotect on the source mm) so that both sides
/// copy on write.  A secondary MMU must lose its writable view of the
/// parent too, so copy_page_range() brackets the copy with an invalidate
/// range on the SOURCE mm, and only for COW mappings, where the downgrade
/// can happen.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27): the range
/// is the whole vma, opened after the early returns (nothing to copy, the
/// hugetlb copy) and closed after the page-table walk.  Unlike 2.6.27, the
/// walk's "return -ENOMEM" stays where it is, with its own end of range in
/// front of it (2.6.27 made it "ret = -ENOMEM; break;" + "return ret"), so
/// every return after the start closes the range.
///
/// CONFIG_MMU_NOTIFIER=n must leave copy_page_range's object code as it was.
/// The hooks are empty inlines then, but gcc 12 still lays the function out
/// differently as soon as ANY statement sits between the walk's do-while and
/// "return 0" (even an "if (vma->vm_flags & 1);"), and the same for the
/// 2.6.27 "ret"/"break" form: measured with test-kernels/objcmp on 2.6.18
/// and 2.6.26.  So that one end of range is under #ifdef
/// CONFIG_MMU_NOTIFIER (braced only because spatch misprints an unbraced if
/// right after an added #ifdef); the start and the -ENOMEM end are plain.
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
// destination's pgd is looked up, and is closed before the final
// "return 0" (under #ifdef: see the header).
@full depends on patch && !done@
identifier fn = copy_page_range;
identifier dst, src, vma;
expression P, A;
@@
fn(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *vma)
{
	...
+	if (is_cow_mapping(vma->vm_flags))
+		mmu_notifier_invalidate_range_start(src, vma->vm_start,
+						    vma->vm_end);
	P = pgd_offset(dst, A);
	...
+#ifdef CONFIG_MMU_NOTIFIER
+	if (is_cow_mapping(vma->vm_flags)) {
+		mmu_notifier_invalidate_range_end(src, vma->vm_start,
+						  vma->vm_end);
+	}
+#endif
	return 0;
}

// Only once the range is in place: the walk's failure exit closes the
// range too, then returns from where it always did.
@depends on full@
identifier fn = copy_page_range;
identifier full.src, full.vma;
expression E;
@@
fn(...) {
<...
	if (<+... copy_pud_range(...) ...+>)
-		return E;
+	{
+		if (is_cow_mapping(vma->vm_flags))
+			mmu_notifier_invalidate_range_end(src, vma->vm_start,
+							  vma->vm_end);
+		return E;
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
