/// hugetlb_cow() breaks COW on a huge page by installing a pte for a new
/// huge page over the present one (set_huge_pte_at(), from 2.6.26 after
/// huge_ptep_clear_flush()), then drops the old page.  A secondary MMU
/// that mapped the old page (KVM guest memory on hugetlbfs) must let go
/// first: open an invalidate range over the huge page around the
/// replacement.  The page_table_lock is held there: the notifier methods
/// do not sleep (plain RCU up to 2.6.32, and in this backport), and a range
/// is already opened under a spinlock upstream (unmap_mapping_range() holds
/// i_mmap_lock around unmap_vmas()).  mmun_start/mmun_end are new locals.
///
/// No counterpart in cddb8a5c14a: 2.6.27-2.6.32 leave hugetlb_cow()
/// unhooked (upstream brackets it only in later releases).  Found by
/// scripts/audit (a set over a present pte).  The range is the huge page
/// being replaced, as hugetlb_cow() looks it up again after the copy:
/// HPAGE_MASK/HPAGE_SIZE up to 2.6.26, huge_page_mask/size(h) from 2.6.27.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, hugetlb, hugetlb_cow, set_huge_pte_at

virtual patch
virtual report

@ranged@
identifier fn;
@@
fn(...) { <+... mmu_notifier_invalidate_range_start(...) ...+> }

@initialize:python@
@@
ranged_fns = set()

@script:python@
fn << ranged.fn;
@@
ranged_fns.add(fn)

// The replacement: after the copy, the pte is looked up again and the pte
// of the new huge page goes over the present one on the same slot and
// address (cleared first from 2.6.26).  The huge page is the one of that
// lookup: HPAGE_MASK/HPAGE_SIZE before 2.6.27, the vma's hstate after.
@hcow depends on patch exists@
identifier fn;
expression M, A, P, E, V, H;
@@
fn(...) {
  ... when != mmu_notifier_invalidate_range_start(...)
  copy_huge_page(...);
  ... when != mmu_notifier_invalidate_range_start(...)
(
  P = huge_pte_offset(M, A & HPAGE_MASK);
  ...
(
+ mmun_start = A & HPAGE_MASK;
+ mmun_end = mmun_start + HPAGE_SIZE;
+ mmu_notifier_invalidate_range_start(M, mmun_start, mmun_end);
  huge_ptep_clear_flush(V, A, P);
  set_huge_pte_at(M, A, P, E);
+ mmu_notifier_invalidate_range_end(M, mmun_start, mmun_end);
|
+ mmun_start = A & HPAGE_MASK;
+ mmun_end = mmun_start + HPAGE_SIZE;
+ mmu_notifier_invalidate_range_start(M, mmun_start, mmun_end);
  set_huge_pte_at(M, A, P, E);
+ mmu_notifier_invalidate_range_end(M, mmun_start, mmun_end);
)
|
  P = huge_pte_offset(M, A & huge_page_mask(H));
  ...
+ mmun_start = A & huge_page_mask(H);
+ mmun_end = mmun_start + huge_page_size(H);
+ mmu_notifier_invalidate_range_start(M, mmun_start, mmun_end);
  huge_ptep_clear_flush(V, A, P);
  set_huge_pte_at(M, A, P, E);
+ mmu_notifier_invalidate_range_end(M, mmun_start, mmun_end);
)
  ...
}

// The two locals, first in the function (kernel C wants declarations
// before statements).
@depends on hcow@
identifier hcow.fn;
@@
fn(...) {
+ unsigned long mmun_start;
+ unsigned long mmun_end;
  ...
}

@r depends on report exists@
identifier fn : script:python() { fn not in ranged_fns };
expression M, A, P, E;
position p;
@@
fn(...) {
  ...
  copy_huge_page(...);
  ...
  set_huge_pte_at@p(M, A, P, E);
  ...
}

@script:python depends on report@
p << r.p;
@@
print("%s:%s: %s: a huge COW pte replaces a present one without an invalidate range" % (p[0].file, p[0].line, p[0].current_element))
