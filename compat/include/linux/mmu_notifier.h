/*
 * Compat <linux/mmu_notifier.h> for out-of-tree secondary-MMU modules.
 *
 * Put this directory first on the module's include path (or drop this file
 * over kvm-kmod's stub).  The module then sees the Linux 2.6.32 MMU notifier
 * API on every kernel from 2.6.18 on:
 *
 *  - where the kernel has its own header (2.6.27+, or a tree patched by
 *    mmu-notifier-backport) it is included with #include_next and only the
 *    pieces that kernel lacks are added;
 *  - where the kernel has none, or was built without CONFIG_MMU_NOTIFIER,
 *    the types are provided here, mmu_notifier_register() fails with -ENOSYS
 *    and the _notify helpers are the plain pte primitives.  Nothing here
 *    pretends that the kernel will call a notifier.
 *
 * Feature macros, all defined in the block marked "feature macros" below
 * and nowhere else in this file (see compat/README.md for the table):
 *
 *  MMU_NOTIFIER_HAS_CHANGE_PTE     the kernel calls ops->change_pte
 *  MMU_NOTIFIER_BACKPORT_VERSION   the kernel carries mmu-notifier-backport
 *                                  (defined by the patched kernel's header)
 *  MMU_NOTIFIER_COMPAT_NO_NOTIFY   the kernel cannot notify: register()
 *                                  returns -ENOSYS
 *  MMU_NOTIFIER_COMPAT_VERSION     version of this header
 *
 * CONFIG_* symbols are never defined here: CONFIG_MMU_NOTIFIER keeps its
 * meaning (the kernel was built with notifiers).
 */
#ifndef MNB_COMPAT_LINUX_MMU_NOTIFIER_H
#define MNB_COMPAT_LINUX_MMU_NOTIFIER_H

#include <linux/version.h>

/*
 * Does the kernel have its own header?  Compilers with __has_include_next
 * (gcc 5+, clang) answer exactly.  Older compilers fall back on what is
 * known: every kernel from 2.6.27 has one, and a patched older kernel has
 * one at least when it was configured with notifiers.
 */
#if defined(__has_include_next)
# if __has_include_next(<linux/mmu_notifier.h>)
#  define MNB_KERNEL_HEADER 1
# endif
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 27) || defined(CONFIG_MMU_NOTIFIER)
# define MNB_KERNEL_HEADER 1
#endif

#ifdef MNB_KERNEL_HEADER
# include_next <linux/mmu_notifier.h>
#endif

#include <linux/errno.h>
#include <linux/list.h>
#include <linux/mm.h>
#include <asm/tlbflush.h>	/* ptep_clear_flush() needs flush_tlb_page() */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 26)
/* hlist_del_init_rcu() lives here from 2.6.27; sched.h pulls it in from 2.6.31 */
#include <linux/rculist.h>
#endif

/*
 * What the kernel provides.  The change_pte API (mmu_notifier_change_pte(),
 * set_pte_at_notify(), ops->change_pte) arrived in 2.6.32; the backport
 * series adds it to every kernel it patches.
 */
#if defined(MNB_KERNEL_HEADER) && \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 32) || \
	 defined(MMU_NOTIFIER_BACKPORT_VERSION))
# define MNB_KERNEL_CHANGE_PTE_API 1
#endif
#if defined(MNB_KERNEL_HEADER) && defined(CONFIG_MMU_NOTIFIER)
# define MNB_KERNEL_NOTIFIES 1
#endif

/* ---- feature macros: the one place that defines them ---- */
#define MMU_NOTIFIER_COMPAT_VERSION 1
#if defined(MNB_KERNEL_NOTIFIES) && defined(MNB_KERNEL_CHANGE_PTE_API)
# ifndef MMU_NOTIFIER_HAS_CHANGE_PTE
#  define MMU_NOTIFIER_HAS_CHANGE_PTE 1
# endif
#else
/* A header that claims change_pte on a kernel that cannot call it lies. */
# undef MMU_NOTIFIER_HAS_CHANGE_PTE
#endif
#ifndef MNB_KERNEL_NOTIFIES
# define MMU_NOTIFIER_COMPAT_NO_NOTIFY 1
#endif
/* ---- end of feature macros ---- */

#ifndef MNB_KERNEL_NOTIFIES
/*
 * The kernel will never call a notifier.  Give modules the 2.6.32 types so
 * they compile, and make registration fail so they know.
 */
struct mmu_notifier;

struct mmu_notifier_ops {
	void (*release)(struct mmu_notifier *mn, struct mm_struct *mm);
	int (*clear_flush_young)(struct mmu_notifier *mn, struct mm_struct *mm,
				 unsigned long address);
	void (*change_pte)(struct mmu_notifier *mn, struct mm_struct *mm,
			   unsigned long address, pte_t pte);
	void (*invalidate_page)(struct mmu_notifier *mn, struct mm_struct *mm,
				unsigned long address);
	void (*invalidate_range_start)(struct mmu_notifier *mn,
				       struct mm_struct *mm,
				       unsigned long start, unsigned long end);
	void (*invalidate_range_end)(struct mmu_notifier *mn,
				     struct mm_struct *mm,
				     unsigned long start, unsigned long end);
};

struct mmu_notifier {
	struct hlist_node hlist;
	const struct mmu_notifier_ops *ops;
};

static inline int mm_has_notifiers(struct mm_struct *mm)
{
	return 0;
}

static inline int mmu_notifier_register(struct mmu_notifier *mn,
					struct mm_struct *mm)
{
	return -ENOSYS;
}

static inline int __mmu_notifier_register(struct mmu_notifier *mn,
					  struct mm_struct *mm)
{
	return -ENOSYS;
}

/* Nothing can have been registered, so there is nothing to undo. */
static inline void mmu_notifier_unregister(struct mmu_notifier *mn,
					   struct mm_struct *mm)
{
}
#endif /* !MNB_KERNEL_NOTIFIES */

#ifndef MNB_KERNEL_HEADER
/*
 * No kernel header at all: the inline wrappers a kernel built without
 * CONFIG_MMU_NOTIFIER would have.
 */
static inline void mmu_notifier_release(struct mm_struct *mm)
{
}

static inline int mmu_notifier_clear_flush_young(struct mm_struct *mm,
						 unsigned long address)
{
	return 0;
}

static inline void mmu_notifier_invalidate_page(struct mm_struct *mm,
						unsigned long address)
{
}

static inline void mmu_notifier_invalidate_range_start(struct mm_struct *mm,
						       unsigned long start,
						       unsigned long end)
{
}

static inline void mmu_notifier_invalidate_range_end(struct mm_struct *mm,
						     unsigned long start,
						     unsigned long end)
{
}

static inline void mmu_notifier_mm_init(struct mm_struct *mm)
{
}

static inline void mmu_notifier_mm_destroy(struct mm_struct *mm)
{
}

#define ptep_clear_flush_notify ptep_clear_flush
#define ptep_clear_flush_young_notify ptep_clear_flush_young
#endif /* !MNB_KERNEL_HEADER */

#ifndef MNB_KERNEL_CHANGE_PTE_API
/*
 * 2.6.27-2.6.31 without the series, or no header: the kernel has no
 * change_pte path, so announcing a pte change is a no-op and installing
 * one is the plain primitive.  The caller must still have invalidated the
 * old pte (ptep_clear_flush_notify), as every kernel before 2.6.32 does.
 */
static inline void mmu_notifier_change_pte(struct mm_struct *mm,
					   unsigned long address, pte_t pte)
{
}

#define set_pte_at_notify(__mm, __address, __ptep, __pte) \
	set_pte_at(__mm, __address, __ptep, __pte)
#endif /* !MNB_KERNEL_CHANGE_PTE_API */

/*
 * hlist_del_init_rcu() arrived with the notifiers in 2.6.27; the series
 * adds it to the kernels it patches.  Elsewhere provide it under another
 * name so a kernel definition we cannot see can never clash with it.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 27) && \
	!defined(MMU_NOTIFIER_BACKPORT_VERSION)
static inline void mnb_compat_hlist_del_init_rcu(struct hlist_node *n)
{
	if (hlist_unhashed(n))
		return;
	/* Unlink, but leave ->next for RCU readers still walking past n. */
	__hlist_del(n);
	n->pprev = NULL;
}
#define hlist_del_init_rcu(n) mnb_compat_hlist_del_init_rcu(n)
#endif

#endif /* MNB_COMPAT_LINUX_MMU_NOTIFIER_H */
