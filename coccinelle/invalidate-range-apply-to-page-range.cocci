/// apply_to_page_range() (2.6.22 and later) calls a driver's function on
/// every pte of a range, and that function may replace or clear user ptes
/// (Xen's and others' users of it).  Bracket the walk with an invalidate
/// range over [addr, addr + size), saving the start address, which the
/// walk advances.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27), which
/// also declares "start" next to "end".
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, apply_to_page_range

virtual patch
virtual report

@done@
identifier fn = apply_to_page_range;
@@
fn(...) { <+... mmu_notifier_invalidate_range_start(...) ...+> }

@depends on patch && !done@
identifier fn = apply_to_page_range;
identifier mm, addr, size, end;
expression P, R;
@@
fn(struct mm_struct *mm, unsigned long addr, unsigned long size, ...)
{
	...
-	unsigned long end = addr + size;
+	unsigned long start = addr, end = addr + size;
	...
+	mmu_notifier_invalidate_range_start(mm, start, end);
	P = pgd_offset(mm, addr);
	...
+	mmu_notifier_invalidate_range_end(mm, start, end);
	return R;
}

@r depends on report && !done@
identifier fn = apply_to_page_range;
position p;
@@
fn@p(...) { ... }

@script:python depends on report@
p << r.p;
@@
print("%s:%s: apply_to_page_range: needs mmu_notifier_invalidate_range_start/end around the walk" % (p[0].file, p[0].line))
