/*
 *  linux/mm/mmu_notifier.c
 *
 *  Secondary MMU notification, backported from the 2.6.32 interface by
 *  mmu-notifier-backport.
 *
 *  This work is licensed under the terms of the GNU GPL, version 2.
 *
 *  Locking:
 *  - mmu_notifier_mm->lock serializes changes to the notifier list and
 *    decides, through hlist_unhashed(), which of exit_mmap() and
 *    mmu_notifier_unregister() calls ->release for a notifier;
 *  - the list is walked under rcu_read_lock(), so the methods must not
 *    sleep (the same rule as 2.6.27-2.6.32; SRCU came much later);
 *  - registration holds mmap_sem for writing and every rmap lock of the
 *    mm (mm_take_all_locks()), so no invalidate_range_start/end pair is
 *    half done when a notifier appears.
 */

#include <linux/module.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/err.h>
#include <linux/list.h>
#include <linux/rcupdate.h>
#include <linux/mmu_notifier.h>

/*
 * exit_mmap() calls this through mmu_notifier_release() when the last
 * user of @mm is gone and before any page is unmapped.  Each notifier
 * still on the list is unhashed under the lock and gets ->release once;
 * an mmu_notifier_unregister() racing with us then finds it unhashed
 * and leaves ->release to us.
 */
void __mmu_notifier_release(struct mm_struct *mm)
{
	struct mmu_notifier_mm *mnm = mm->mmu_notifier_mm;
	struct mmu_notifier *mn;

	spin_lock(&mnm->lock);
	while (!hlist_empty(&mnm->list)) {
		mn = hlist_entry(mnm->list.first, struct mmu_notifier, hlist);
		hlist_del_init_rcu(&mn->hlist);
		/*
		 * The read-side section keeps @mn allocated while we call
		 * it unlocked: unregister waits in synchronize_rcu() before
		 * it returns and lets its caller free @mn.
		 */
		rcu_read_lock();
		spin_unlock(&mnm->lock);
		if (mn->ops->release)
			mn->ops->release(mn, mm);
		rcu_read_unlock();
		spin_lock(&mnm->lock);
	}
	spin_unlock(&mnm->lock);

	/*
	 * A ->release started by mmu_notifier_unregister(), or any other
	 * method already walking the list, must be over before exit_mmap()
	 * goes on to free the pages.
	 */
	synchronize_rcu();
}

/*
 * Return nonzero if any secondary MMU saw the page at @address
 * referenced since the last call.  Every notifier is asked, so that
 * each one clears its own accessed state.
 */
int __mmu_notifier_clear_flush_young(struct mm_struct *mm,
				     unsigned long address)
{
	struct mmu_notifier *mn;
	struct hlist_node *pos;
	int young = 0;

	rcu_read_lock();
	hlist_for_each_entry_rcu(mn, pos, &mm->mmu_notifier_mm->list, hlist) {
		if (mn->ops->clear_flush_young)
			young |= mn->ops->clear_flush_young(mn, mm, address);
	}
	rcu_read_unlock();

	return young;
}

void __mmu_notifier_change_pte(struct mm_struct *mm, unsigned long address,
			       pte_t pte)
{
	struct mmu_notifier *mn;
	struct hlist_node *pos;

	rcu_read_lock();
	hlist_for_each_entry_rcu(mn, pos, &mm->mmu_notifier_mm->list, hlist) {
		if (mn->ops->change_pte)
			mn->ops->change_pte(mn, mm, address, pte);
		/*
		 * A user that does not follow the new pte must at least
		 * stop using the old page, as for a cleared pte.
		 */
		else if (mn->ops->invalidate_page)
			mn->ops->invalidate_page(mn, mm, address);
	}
	rcu_read_unlock();
}

void __mmu_notifier_invalidate_page(struct mm_struct *mm,
				    unsigned long address)
{
	struct mmu_notifier *mn;
	struct hlist_node *pos;

	rcu_read_lock();
	hlist_for_each_entry_rcu(mn, pos, &mm->mmu_notifier_mm->list, hlist) {
		if (mn->ops->invalidate_page)
			mn->ops->invalidate_page(mn, mm, address);
	}
	rcu_read_unlock();
}

void __mmu_notifier_invalidate_range_start(struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
	struct mmu_notifier *mn;
	struct hlist_node *pos;

	rcu_read_lock();
	hlist_for_each_entry_rcu(mn, pos, &mm->mmu_notifier_mm->list, hlist) {
		if (mn->ops->invalidate_range_start)
			mn->ops->invalidate_range_start(mn, mm, start, end);
	}
	rcu_read_unlock();
}

void __mmu_notifier_invalidate_range_end(struct mm_struct *mm,
				unsigned long start, unsigned long end)
{
	struct mmu_notifier *mn;
	struct hlist_node *pos;

	rcu_read_lock();
	hlist_for_each_entry_rcu(mn, pos, &mm->mmu_notifier_mm->list, hlist) {
		if (mn->ops->invalidate_range_end)
			mn->ops->invalidate_range_end(mn, mm, start, end);
	}
	rcu_read_unlock();
}

static int do_mmu_notifier_register(struct mmu_notifier *mn,
				    struct mm_struct *mm,
				    int take_mmap_sem)
{
	struct mmu_notifier_mm *mnm;
	int ret;

	BUG_ON(atomic_read(&mm->mm_users) <= 0);

	/*
	 * Allocate before taking any lock; the allocation is simply freed
	 * again if the mm already has its notifier state.
	 */
	mnm = kmalloc(sizeof(*mnm), GFP_KERNEL);
	if (unlikely(!mnm))
		return -ENOMEM;

	if (take_mmap_sem)
		down_write(&mm->mmap_sem);
	ret = mm_take_all_locks(mm);
	if (unlikely(ret))
		goto out_up;

	/*
	 * With mmap_sem held for writing and every i_mmap_lock and
	 * anon_vma lock of the mm taken, no page fault, unmap, rmap walk
	 * or invalidate_range_start/end pair is running on this mm, so
	 * the new notifier cannot miss the start of a range whose end it
	 * would see.
	 */
	if (!mm_has_notifiers(mm)) {
		INIT_HLIST_HEAD(&mnm->list);
		spin_lock_init(&mnm->lock);
		mm->mmu_notifier_mm = mnm;
		mnm = NULL;
	}

	/* Pin the mm_struct (not the address space) for unregister. */
	atomic_inc(&mm->mm_count);

	spin_lock(&mm->mmu_notifier_mm->lock);
	hlist_add_head_rcu(&mn->hlist, &mm->mmu_notifier_mm->list);
	spin_unlock(&mm->mmu_notifier_mm->lock);

	mm_drop_all_locks(mm);
out_up:
	if (take_mmap_sem)
		up_write(&mm->mmap_sem);
	kfree(mnm);
	BUG_ON(atomic_read(&mm->mm_users) <= 0);
	return ret;
}

/**
 * mmu_notifier_register - attach a notifier to an address space
 * @mn: the notifier, with ->ops set; must stay allocated until
 *	mmu_notifier_unregister() returns
 * @mm: the mm; the caller must hold a reference on mm->mm_users
 *
 * Takes mmap_sem for writing and every rmap lock of @mm, which is
 * expensive for large address spaces.  Must not be called with
 * mmap_sem or any rmap lock held.  Returns 0, -ENOMEM, or -EINTR when
 * a signal arrived while the locks were being taken.  Once it returns
 * 0 every later change to the ptes of @mm is notified; the mm_struct
 * is pinned until mmu_notifier_unregister().
 */
int mmu_notifier_register(struct mmu_notifier *mn, struct mm_struct *mm)
{
	return do_mmu_notifier_register(mn, mm, 1);
}
EXPORT_SYMBOL_GPL(mmu_notifier_register);

/*
 * Same as mmu_notifier_register(), for callers that already hold
 * mm->mmap_sem for writing.
 */
int __mmu_notifier_register(struct mmu_notifier *mn, struct mm_struct *mm)
{
	return do_mmu_notifier_register(mn, mm, 0);
}
EXPORT_SYMBOL_GPL(__mmu_notifier_register);

/* Called by __mmdrop(): the mm_struct is going away, no notifier is left. */
void __mmu_notifier_mm_destroy(struct mm_struct *mm)
{
	BUG_ON(!hlist_empty(&mm->mmu_notifier_mm->list));
	kfree(mm->mmu_notifier_mm);
	/* catch any use after free */
	mm->mmu_notifier_mm = LIST_POISON1;
}

/**
 * mmu_notifier_unregister - detach a notifier from an address space
 * @mn: a notifier registered on @mm
 * @mm: the mm it was registered on
 *
 * Calls ->release unless exit_mmap() has already done so, and returns
 * only when no method of @mn can run any more; @mn may be freed then.
 * Drops the mm_struct pin taken at registration.  Always succeeds, but
 * sleeps in synchronize_rcu().
 */
void mmu_notifier_unregister(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct mmu_notifier_mm *mnm = mm->mmu_notifier_mm;

	BUG_ON(atomic_read(&mm->mm_count) <= 0);

	spin_lock(&mnm->lock);
	if (!hlist_unhashed(&mn->hlist)) {
		/* exit_mmap() has not got to it: ->release is ours to call */
		hlist_del_rcu(&mn->hlist);
		/*
		 * Hold off the synchronize_rcu() at the end of a concurrent
		 * __mmu_notifier_release(), so exit_mmap() cannot free the
		 * pages while ->release is still tearing down mappings.
		 */
		rcu_read_lock();
		spin_unlock(&mnm->lock);
		if (mn->ops->release)
			mn->ops->release(mn, mm);
		rcu_read_unlock();
	} else
		spin_unlock(&mnm->lock);

	/* wait for every method of @mn still running on another CPU */
	synchronize_rcu();

	BUG_ON(atomic_read(&mm->mm_count) <= 0);
	mmdrop(mm);
}
EXPORT_SYMBOL_GPL(mmu_notifier_unregister);
