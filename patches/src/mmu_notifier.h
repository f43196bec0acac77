#ifndef _LINUX_MMU_NOTIFIER_H
#define _LINUX_MMU_NOTIFIER_H

/*
 * MMU notifiers: let a secondary MMU (KVM shadow or nested page tables,
 * the SGI GRU, RDMA devices, ...) that caches translations of a process
 * address space hear about every change to the primary page tables
 * before the pages behind them can be freed or reused.
 *
 * This is the 2.6.32 interface, backported by mmu-notifier-backport.
 * The ops, the registration calls and the inline wrappers have the same
 * names, signatures and semantics as in 2.6.32, so code written against
 * that release builds unchanged.
 */

#include <linux/list.h>
#include <linux/spinlock.h>
#include <linux/sched.h>	/* struct mm_struct, in every 2.6 release */

/*
 * Compile-time markers for out-of-tree code.
 *
 * MMU_NOTIFIER_BACKPORT_VERSION is the revision of the backport series
 * that produced this header; it is a plain integer that grows by one
 * whenever the series changes what the header offers or promises.
 * Revision 1 is the full 2.6.32 API: with CONFIG_MMU_NOTIFIER,
 * mmu_notifier_register(), __mmu_notifier_register(),
 * mmu_notifier_unregister(), all six mmu_notifier_ops methods and the
 * *_notify() helpers; without it, as in 2.6.32, only the no-op inline
 * wrappers and the *_notify() helpers.  Native kernels do not define it.
 *
 * It is defined whether or not CONFIG_MMU_NOTIFIER is set: it says
 * that the kernel carries the series.
 *
 * MMU_NOTIFIER_HAS_CHANGE_PTE, below, says that ->change_pte exists and
 * that the kernel calls it (do_wp_page(), when it installs a COW copy).
 * Without CONFIG_MMU_NOTIFIER the kernel calls no notifier, so it is
 * defined only with it.
 */
#define MMU_NOTIFIER_BACKPORT_VERSION	1

struct mmu_notifier;
struct mmu_notifier_ops;

#ifdef CONFIG_MMU_NOTIFIER

#define MMU_NOTIFIER_HAS_CHANGE_PTE	1

/*
 * Per-mm state, allocated by the first registration on an mm and freed
 * by __mmdrop() when the mm_struct itself goes away.
 */
struct mmu_notifier_mm {
	/* registered notifiers; walked under rcu_read_lock() */
	struct hlist_head list;
	/* serializes additions and removals, and hlist_unhashed() tests */
	spinlock_t lock;
};

struct mmu_notifier_ops {
	/*
	 * release: the address space is going away.  Called exactly once
	 * per registration, either from mmu_notifier_unregister() or from
	 * exit_mmap() before any page of the mm is freed, whichever comes
	 * first.  The secondary MMU must drop every mapping it holds and
	 * stop using the mm.  May run concurrently with the other methods
	 * called from outside the mm (reclaim, truncate); must not sleep.
	 *
	 * Without this method the user must be sure that nothing can reach
	 * the pages through the secondary MMU once the last task using the
	 * mm has exited, not even speculative hardware accesses.
	 */
	void (*release)(struct mmu_notifier *mn,
			struct mm_struct *mm);

	/*
	 * clear_flush_young: the VM has just tested and cleared the
	 * accessed bit of the pte at @address.  Return nonzero if the
	 * secondary MMU referenced the page since the last call, and clear
	 * its own accessed state, so that page aging sees those accesses.
	 */
	int (*clear_flush_young)(struct mmu_notifier *mn,
				 struct mm_struct *mm,
				 unsigned long address);

	/*
	 * change_pte: the pte at @address now maps another page (a COW
	 * break, or KSM merging).  The secondary MMU may map @pte directly
	 * instead of faulting on it later.
	 */
	void (*change_pte)(struct mmu_notifier *mn,
			   struct mm_struct *mm,
			   unsigned long address,
			   pte_t pte);

	/*
	 * invalidate_page: the pte at @address has been cleared (and the
	 * TLB flushed).  The page is still allocated and stays so until
	 * this returns; drop the secondary mapping, and set_page_dirty()
	 * the page if the secondary MMU may have written to it.
	 */
	void (*invalidate_page)(struct mmu_notifier *mn,
				struct mm_struct *mm,
				unsigned long address);

	/*
	 * invalidate_range_start/invalidate_range_end bracket a change to
	 * the ptes of [start, end).  They always come in pairs, called with
	 * the mmap_sem or the rmap locks (anon_vma->lock, i_mmap_lock)
	 * held, never the pte locks.
	 *
	 * At start all pages of the range are still mapped and referenced.
	 * Between the two calls the VM clears the ptes and may free the
	 * pages; the secondary MMU must not establish any new mapping in
	 * the range until the matching end.  If it needs a page to survive
	 * (pending DMA), it must hold its own reference, which it may drop
	 * in either method - after flushing its TLB if it drops it in end.
	 * Whether several ranges may be open at once is up to the user.
	 */
	void (*invalidate_range_start)(struct mmu_notifier *mn,
				       struct mm_struct *mm,
				       unsigned long start, unsigned long end);
	void (*invalidate_range_end)(struct mmu_notifier *mn,
				     struct mm_struct *mm,
				     unsigned long start, unsigned long end);
};

/*
 * Embed this in the user's own structure.  ->hlist is owned by the
 * notifier code; the structure must stay allocated until
 * mmu_notifier_unregister() returns, and a notifier can be registered
 * on one mm only.  Methods are called under rcu_read_lock() and must
 * not sleep.
 */
struct mmu_notifier {
	struct hlist_node hlist;
	const struct mmu_notifier_ops *ops;
};

static inline int mm_has_notifiers(struct mm_struct *mm)
{
	return unlikely(mm->mmu_notifier_mm != NULL);
}

extern int mmu_notifier_register(struct mmu_notifier *mn,
				 struct mm_struct *mm);
extern int __mmu_notifier_register(struct mmu_notifier *mn,
				   struct mm_struct *mm);
extern void mmu_notifier_unregister(struct mmu_notifier *mn,
				    struct mm_struct *mm);
extern void __mmu_notifier_mm_destroy(struct mm_struct *mm);
extern void __mmu_notifier_release(struct mm_struct *mm);
extern int __mmu_notifier_clear_flush_young(struct mm_struct *mm,
					    unsigned long address);
extern void __mmu_notifier_change_pte(struct mm_struct *mm,
				      unsigned long address, pte_t pte);
extern void __mmu_notifier_invalidate_page(struct mm_struct *mm,
					   unsigned long address);
extern void __mmu_notifier_invalidate_range_start(struct mm_struct *mm,
				unsigned long start, unsigned long end);
extern void __mmu_notifier_invalidate_range_end(struct mm_struct *mm,
				unsigned long start, unsigned long end);

/*
 * The wrappers below are what the VM calls.  With nothing registered
 * they cost one test of mm->mmu_notifier_mm.
 */
static inline void mmu_notifier_release(struct mm_struct *mm)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_release(mm);
}

static inline int mmu_notifier_clear_flush_young(struct mm_struct *mm,
						 unsigned long address)
{
	if (mm_has_notifiers(mm))
		return __mmu_notifier_clear_flush_young(mm, address);
	return 0;
}

static inline void mmu_notifier_change_pte(struct mm_struct *mm,
					   unsigned long address, pte_t pte)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_change_pte(mm, address, pte);
}

static inline void mmu_notifier_invalidate_page(struct mm_struct *mm,
						unsigned long address)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_invalidate_page(mm, address);
}

static inline void mmu_notifier_invalidate_range_start(struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_invalidate_range_start(mm, start, end);
}

static inline void mmu_notifier_invalidate_range_end(struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_invalidate_range_end(mm, start, end);
}

static inline void mmu_notifier_mm_init(struct mm_struct *mm)
{
	mm->mmu_notifier_mm = NULL;
}

static inline void mmu_notifier_mm_destroy(struct mm_struct *mm)
{
	if (mm_has_notifiers(mm))
		__mmu_notifier_mm_destroy(mm);
}

/*
 * Drop-in replacements for the page table primitives that also tell
 * the secondary MMUs.  Arguments are evaluated once; the notification
 * comes after the primary pte and TLB are updated.
 */
#define ptep_clear_flush_notify(__vma, __address, __ptep)		\
({									\
	struct vm_area_struct *___vma = (__vma);			\
	unsigned long ___addr = (__address);				\
	pte_t ___old;							\
									\
	___old = ptep_clear_flush(___vma, ___addr, (__ptep));		\
	mmu_notifier_invalidate_page(___vma->vm_mm, ___addr);		\
	___old;								\
})

#define ptep_clear_flush_young_notify(__vma, __address, __ptep)	\
({									\
	struct vm_area_struct *___vma = (__vma);			\
	unsigned long ___addr = (__address);				\
	int ___young;							\
									\
	___young = ptep_clear_flush_young(___vma, ___addr, (__ptep));	\
	___young |= mmu_notifier_clear_flush_young(___vma->vm_mm,	\
						   ___addr);		\
	___young;							\
})

#define set_pte_at_notify(__mm, __address, __ptep, __pte)		\
({									\
	struct mm_struct *___mm = (__mm);				\
	unsigned long ___addr = (__address);				\
	pte_t ___new = (__pte);						\
									\
	set_pte_at(___mm, ___addr, (__ptep), ___new);			\
	mmu_notifier_change_pte(___mm, ___addr, ___new);		\
})

#else /* CONFIG_MMU_NOTIFIER */

static inline void mmu_notifier_release(struct mm_struct *mm)
{
}

static inline int mmu_notifier_clear_flush_young(struct mm_struct *mm,
						 unsigned long address)
{
	return 0;
}

static inline void mmu_notifier_change_pte(struct mm_struct *mm,
					   unsigned long address, pte_t pte)
{
}

static inline void mmu_notifier_invalidate_page(struct mm_struct *mm,
						unsigned long address)
{
}

static inline void mmu_notifier_invalidate_range_start(struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
}

static inline void mmu_notifier_invalidate_range_end(struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
}

static inline void mmu_notifier_mm_init(struct mm_struct *mm)
{
}

static inline void mmu_notifier_mm_destroy(struct mm_struct *mm)
{
}

/* Without notifiers the hooked call sites compile to the plain calls. */
#define ptep_clear_flush_notify ptep_clear_flush
#define ptep_clear_flush_young_notify ptep_clear_flush_young
#define set_pte_at_notify set_pte_at

#endif /* CONFIG_MMU_NOTIFIER */

#endif /* _LINUX_MMU_NOTIFIER_H */
