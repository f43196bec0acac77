/// When do_wp_page() breaks COW it replaces a present pte with one for a
/// new page.  Hand the secondary MMU the new pte right away (->change_pte,
/// or ->invalidate_page for a notifier without it) instead of an
/// invalidation followed by a fault: the pte is cleared and flushed with
/// the plain ptep_clear_flush(), then installed with set_pte_at_notify().
///
/// Placement follows 828502d3007 ("ksm: add mmu_notifier
/// set_pte_at_notify()", 2.6.32), do_wp_page part; the rule recognizes the
/// site by its structure, not the function's name: a pte built by mk_pte(),
/// then ptep_clear_flush_notify() and set_pte_at() of that pte on the same
/// slot and address.  It runs after ptep-clear-flush-notify.cocci
/// (scripts/gen-hooks orders them), whose output it takes; a native 2.6.27
/// to 2.6.31 do_wp_page already has that shape.
///
/// 2.6.18 installs the copy with ptep_establish() (set + flush, no clear),
/// which invalidate-page-ptep-establish.cocci follows with
/// mmu_notifier_invalidate_page(): there that call becomes
/// mmu_notifier_change_pte() of the new pte, which is what
/// set_pte_at_notify() adds after its set_pte_at().  The pte lock is held
/// throughout and the old page is released only later, as before.
///
/// Swap and migration entries (try_to_unmap_one) are not built by mk_pte()
/// and are never touched.
//
// Confidence: High
// Copyright: mmu-notifier-backport, GPLv2
// Options: --no-includes --include-headers
// Requires: 1.0.0
// Keywords: mmu_notifier, change_pte, set_pte_at_notify, do_wp_page

virtual patch
virtual report

@cow depends on patch@
expression V, A, P, M, E1, E2;
identifier x;
type T;
@@
(
  x = mk_pte(E1, E2);
|
  T x = mk_pte(E1, E2);
)
  ... when strict
  ptep_clear_flush_notify(V, A, P);
  ... when strict
- set_pte_at(M, A, P, x);
+ /* secondary MMUs map the new page now, no invalidate + fault */
+ set_pte_at_notify(M, A, P, x);

// The flush in a rule of its own, so that the comment above stays next to
// the set even when statements stand between the flush and the set.
@depends on cow@
expression V, A, P, M, E;
@@
- ptep_clear_flush_notify(V, A, P);
+ ptep_clear_flush(V, A, P);
  ... when strict
  set_pte_at_notify(M, A, P, E);

@cow_establish depends on patch@
expression V, A, P, M, E1, E2;
identifier x;
type T;
@@
(
  x = mk_pte(E1, E2);
|
  T x = mk_pte(E1, E2);
)
  ... when strict
  ptep_establish(V, A, P, x);
- mmu_notifier_invalidate_page(M, A);
+ /* as set_pte_at_notify(): secondary MMUs map the new page now */
+ mmu_notifier_change_pte(M, A, x);

// report: a pte built by mk_pte() replaces a present one on the same slot
// and address without telling ->change_pte.
@r depends on report@
expression V, A, P, M, E1, E2;
identifier x;
type T;
position p;
@@
(
  x = mk_pte(E1, E2);
|
  T x = mk_pte(E1, E2);
)
  ... when strict
(
  ptep_clear_flush_notify(V, A, P);
|
  ptep_clear_flush(V, A, P);
)
  ... when strict
  set_pte_at@p(M, A, P, x);

@r_establish depends on report@
expression V, A, P, M, E1, E2;
identifier x;
type T;
position p;
@@
(
  x = mk_pte(E1, E2);
|
  T x = mk_pte(E1, E2);
)
  ... when strict
  ptep_establish@p(V, A, P, x);
  ... when != mmu_notifier_change_pte(M, A, x)

@script:python depends on report@
p << r.p;
@@
print("%s:%s: %s: COW pte installed with set_pte_at(), not set_pte_at_notify()" % (p[0].file, p[0].line, p[0].current_element))

@script:python depends on report@
p << r_establish.p;
@@
print("%s:%s: %s: COW pte installed with ptep_establish() and no mmu_notifier_change_pte()" % (p[0].file, p[0].line, p[0].current_element))
