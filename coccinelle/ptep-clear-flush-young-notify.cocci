/// Let secondary MMUs answer for the accessed bit: ptep_clear_flush_young()
/// becomes ptep_clear_flush_young_notify(), which also asks every notifier
/// (->clear_flush_young) whether it used the page, so reclaim sees guest
/// accesses and does not evict a page the guest is working on.
///
/// Placement follows cddb8a5c14a ("mmu-notifiers: core", 2.6.27):
/// page_referenced_one, try_to_unmap_one and try_to_unmap_cluster in
/// mm/rmap.c.  The test-and-clear does not drop a mapping, so this is about
/// reclaim quality, not about correctness of the secondary MMU; a range
/// hook around the call does not replace it, so every call is rewritten.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, ptep_clear_flush_young

virtual patch
virtual report

@depends on patch@
expression V, A, P;
@@
- ptep_clear_flush_young(V, A, P)
+ ptep_clear_flush_young_notify(V, A, P)

@r depends on report@
expression V, A, P;
position p;
@@
  ptep_clear_flush_young@p(V, A, P)

@script:python depends on report@
p << r.p;
@@
print("%s:%s: %s: ptep_clear_flush_young() should be ptep_clear_flush_young_notify()" % (p[0].file, p[0].line, p[0].current_element))
