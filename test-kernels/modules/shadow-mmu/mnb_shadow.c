// SPDX-License-Identifier: GPL-2.0
/*
 * mnb_shadow: a software secondary MMU, the smallest thing that uses MMU
 * notifiers the way KVM does, so that the guest suite can prove that the
 * primary MMU tells it about every pte it clears or downgrades.
 *
 * One open file of /dev/mnb_shadow is one shadow MMU (see mnb_shadow.h):
 *
 *  - ATTACH registers an MMU notifier on current->mm.  Its result goes back
 *    to the caller as it is: -ENOSYS where the kernel cannot notify (the
 *    compat header says so), -EINTR on a pending signal.
 *  - MAP takes get_user_pages() for each page, records (address, pfn,
 *    writable, young) and drops the page reference at once: like KVM with
 *    notifiers, the shadow pins nothing and relies on the callbacks.  An
 *    entry made while an invalidation runs, or from a page looked up before
 *    one ran, would be stale: MAP samples the invalidation sequence before
 *    get_user_pages() and retries when a range invalidation is in progress
 *    or the sequence moved (KVM's mmu_notifier_seq/count).
 *  - The callbacks drop entries (invalidate_page, invalidate_range_start),
 *    repoint them read-only (change_pte), report and clear young
 *    (clear_flush_young), or drop everything and refuse further MAPs
 *    (release).
 *  - CHECK walks the primary page tables now and reports every entry whose
 *    pfn is no longer mapped at its address, or that is writable where the
 *    pte is not.
 *
 * The module gets its MMU notifier API only from the project's compat
 * <linux/mmu_notifier.h> (first on the include path, see the Makefile).
 *
 * Locking: s->mutex serialises the ioctls of one shadow (they sleep).
 * s->lock, a spinlock, protects the table, the trace and the counters; the
 * callbacks run under the pte lock, the anon_vma or i_mmap lock, so s->lock
 * nests inside those and nothing is taken under it.  CHECK takes the pte
 * lock first and s->lock inside, the same order as the callbacks.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/list.h>
#include <linux/signal.h>
#include <linux/mmu_notifier.h>
#include <asm/pgtable.h>
#include <asm/uaccess.h>

#include "mnb_shadow.h"

#define SHADOW_MAX_ENTRIES	16384
#define SHADOW_HASH_BITS	10
#define SHADOW_HASH_SIZE	(1 << SHADOW_HASH_BITS)
#define SHADOW_TRACE_SIZE	4096	/* power of two */
#define MAP_MAX_RETRIES		10000
#define CHECK_MAX_RECORDS	256

static int force_no_notify;
module_param(force_no_notify, int, 0644);
MODULE_PARM_DESC(force_no_notify,
		 "test only: ATTACH does not register a notifier, so the shadow goes stale");

struct shadow_entry {
	struct hlist_node node;		/* hash bucket, or the free list */
	unsigned long addr;
	unsigned long pfn;
	unsigned int writable:1;
	unsigned int young:1;
	u64 map_seq;
};

struct shadow {
	struct mmu_notifier mn;
	struct mutex mutex;		/* ioctls */
	spinlock_t lock;		/* everything below */
	struct mm_struct *mm;		/* compared only; pinned by register */
	unsigned int state;		/* MNB_ST_* */
	int attach_error;
	unsigned long mmu_seq;		/* invalidations completed */
	long inv_count;			/* range invalidations in progress */
	struct shadow_entry *pool;
	struct hlist_head free;
	struct hlist_head hash[SHADOW_HASH_SIZE];
	unsigned long nr_entries;
	struct mnb_shadow_event *trace;
	u64 trace_seq;
	struct mnb_shadow_stats st;
};

static DEFINE_SPINLOCK(global_lock);
static struct mnb_shadow_global global;

static void global_add(u64 *counter, long n)
{
	spin_lock(&global_lock);
	*counter += n;
	spin_unlock(&global_lock);
}

/* ---- the table (s->lock held) ---------------------------------------- */

static struct hlist_head *bucket(struct shadow *s, unsigned long addr)
{
	return &s->hash[(addr >> PAGE_SHIFT) & (SHADOW_HASH_SIZE - 1)];
}

static struct shadow_entry *lookup(struct shadow *s, unsigned long addr)
{
	struct shadow_entry *e;
	struct hlist_node *pos;

	hlist_for_each(pos, bucket(s, addr)) {
		e = hlist_entry(pos, struct shadow_entry, node);
		if (e->addr == addr)
			return e;
	}
	return NULL;
}

static void drop(struct shadow *s, struct shadow_entry *e)
{
	hlist_del(&e->node);
	hlist_add_head(&e->node, &s->free);
	s->nr_entries--;
}

static void drop_all(struct shadow *s)
{
	struct hlist_node *pos, *n;
	int i;

	for (i = 0; i < SHADOW_HASH_SIZE; i++)
		hlist_for_each_safe(pos, n, &s->hash[i])
			drop(s, hlist_entry(pos, struct shadow_entry, node));
}

/* Drop the entries in [start, end); returns how many. */
static unsigned long drop_range(struct shadow *s, unsigned long start,
				unsigned long end)
{
	struct shadow_entry *e;
	struct hlist_node *pos, *n;
	unsigned long addr, count = 0;
	int i;

	start &= PAGE_MASK;
	if (end <= start)
		return 0;
	/* Small ranges page by page, large ones by a walk of the table. */
	if ((end - start) >> PAGE_SHIFT <= SHADOW_HASH_SIZE) {
		for (addr = start; addr < end && addr >= start;
		     addr += PAGE_SIZE) {
			e = lookup(s, addr);
			if (e) {
				drop(s, e);
				count++;
			}
		}
		return count;
	}
	for (i = 0; i < SHADOW_HASH_SIZE; i++) {
		hlist_for_each_safe(pos, n, &s->hash[i]) {
			e = hlist_entry(pos, struct shadow_entry, node);
			if (e->addr >= start && e->addr < end) {
				drop(s, e);
				count++;
			}
		}
	}
	return count;
}

static void trace(struct shadow *s, int type, unsigned long start,
		  unsigned long end, unsigned long arg)
{
	struct mnb_shadow_event *ev;

	s->st.calls[type]++;
	ev = &s->trace[s->trace_seq & (SHADOW_TRACE_SIZE - 1)];
	ev->seq = ++s->trace_seq;
	ev->type = type;
	ev->start = start;
	ev->end = end;
	ev->arg = arg;
	ev->pad = 0;
}

/* ---- the callbacks ----------------------------------------------------- */

static struct shadow *to_shadow(struct mmu_notifier *mn)
{
	return container_of(mn, struct shadow, mn);
}

/*
 * The mm is going away (exit_mmap, before any page is unmapped) or the
 * notifier is being unregistered: forget everything, for good.  Entries
 * whose page is no longer mapped here would mean ->release came late.
 */
static void shadow_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct shadow *s = to_shadow(mn);
	struct shadow_entry *e;
	struct hlist_node *pos;
	unsigned long unmapped = 0, n;
	int i;

	spin_lock(&s->lock);
	for (i = 0; i < SHADOW_HASH_SIZE; i++) {
		hlist_for_each(pos, &s->hash[i]) {
			e = hlist_entry(pos, struct shadow_entry, node);
			if (!pfn_valid(e->pfn) ||
			    !page_mapped(pfn_to_page(e->pfn)))
				unmapped++;
		}
	}
	n = s->nr_entries;
	drop_all(s);
	s->st.release_entries += n;
	s->st.release_unmapped += unmapped;
	s->st.dropped += n;
	s->state |= MNB_ST_RELEASED;
	trace(s, MNB_CB_RELEASE, 0, 0, n);
	spin_unlock(&s->lock);
	global_add(&global.released, 1);
}

static int shadow_clear_flush_young(struct mmu_notifier *mn,
				    struct mm_struct *mm,
				    unsigned long address)
{
	struct shadow *s = to_shadow(mn);
	struct shadow_entry *e;
	int young = 0;

	spin_lock(&s->lock);
	e = lookup(s, address & PAGE_MASK);
	if (e) {
		young = e->young;
		e->young = 0;
	}
	s->st.young += young;
	trace(s, MNB_CB_CLEAR_FLUSH_YOUNG, address, address + PAGE_SIZE,
	      young);
	spin_unlock(&s->lock);
	return young;
}

#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
/*
 * The pte at address now maps pte's pfn (COW break, KSM merge).  Repoint
 * the entry, read-only like KVM does: a write will fault in again.
 */
static void shadow_change_pte(struct mmu_notifier *mn, struct mm_struct *mm,
			      unsigned long address, pte_t pte)
{
	struct shadow *s = to_shadow(mn);
	struct shadow_entry *e;

	spin_lock(&s->lock);
	s->mmu_seq++;
	e = lookup(s, address & PAGE_MASK);
	if (e) {
		e->pfn = pte_pfn(pte);
		if (e->writable)
			s->st.downgraded++;
		e->writable = 0;
	}
	trace(s, MNB_CB_CHANGE_PTE, address, address + PAGE_SIZE,
	      pte_pfn(pte));
	spin_unlock(&s->lock);
}
#endif

static void shadow_invalidate_page(struct mmu_notifier *mn,
				   struct mm_struct *mm,
				   unsigned long address)
{
	struct shadow *s = to_shadow(mn);

	spin_lock(&s->lock);
	s->mmu_seq++;
	s->st.dropped += drop_range(s, address, address + PAGE_SIZE);
	trace(s, MNB_CB_INVALIDATE_PAGE, address, address + PAGE_SIZE, 0);
	spin_unlock(&s->lock);
}

static void shadow_invalidate_range_start(struct mmu_notifier *mn,
					  struct mm_struct *mm,
					  unsigned long start,
					  unsigned long end)
{
	struct shadow *s = to_shadow(mn);

	spin_lock(&s->lock);
	s->inv_count++;
	s->st.dropped += drop_range(s, start, end);
	trace(s, MNB_CB_RANGE_START, start, end, 0);
	spin_unlock(&s->lock);
}

static void shadow_invalidate_range_end(struct mmu_notifier *mn,
					struct mm_struct *mm,
					unsigned long start,
					unsigned long end)
{
	struct shadow *s = to_shadow(mn);

	spin_lock(&s->lock);
	/* The sequence moves before the count drops: MAP sees one or both. */
	s->mmu_seq++;
	smp_wmb();
	s->inv_count--;
	trace(s, MNB_CB_RANGE_END, start, end, 0);
	spin_unlock(&s->lock);
}

static const struct mmu_notifier_ops shadow_ops = {
	.release		= shadow_release,
	.clear_flush_young	= shadow_clear_flush_young,
#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
	.change_pte		= shadow_change_pte,
#endif
	.invalidate_page	= shadow_invalidate_page,
	.invalidate_range_start	= shadow_invalidate_range_start,
	.invalidate_range_end	= shadow_invalidate_range_end,
};

/* ---- ioctls (s->mutex held) -------------------------------------------- */

static void shadow_info(struct mnb_shadow_info *info)
{
	memset(info, 0, sizeof(*info));
	info->abi = MNB_SHADOW_ABI;
#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
	info->flags |= MNB_INFO_HAS_CHANGE_PTE;
#endif
#ifdef MMU_NOTIFIER_BACKPORT_VERSION
	info->flags |= MNB_INFO_BACKPORT;
	info->backport_version = MMU_NOTIFIER_BACKPORT_VERSION;
#endif
#ifdef MMU_NOTIFIER_COMPAT_NO_NOTIFY
	info->flags |= MNB_INFO_NO_NOTIFY;
#endif
#ifdef CONFIG_MMU_NOTIFIER
	info->flags |= MNB_INFO_CONFIG_MMU_NOTIFIER;
#endif
#ifdef MMU_NOTIFIER_COMPAT_VERSION
	info->compat_version = MMU_NOTIFIER_COMPAT_VERSION;
#endif
	info->linux_version_code = LINUX_VERSION_CODE;
	info->max_entries = SHADOW_MAX_ENTRIES;
	info->trace_size = SHADOW_TRACE_SIZE;
	info->page_size = PAGE_SIZE;
}

static void reset_table(struct shadow *s)
{
	int i;

	spin_lock(&s->lock);
	INIT_HLIST_HEAD(&s->free);
	for (i = 0; i < SHADOW_HASH_SIZE; i++)
		INIT_HLIST_HEAD(&s->hash[i]);
	for (i = 0; i < SHADOW_MAX_ENTRIES; i++)
		hlist_add_head(&s->pool[i].node, &s->free);
	s->nr_entries = 0;
	spin_unlock(&s->lock);
}

static int shadow_attach(struct shadow *s, struct mnb_shadow_attach *a)
{
	int ret = 0;

	if (s->state & MNB_ST_ATTACHED)
		return -EBUSY;
	if (!current->mm)
		return -EINVAL;
	reset_table(s);
	spin_lock(&s->lock);
	memset(&s->st, 0, sizeof(s->st));
	s->state = 0;
	s->mm = current->mm;
	s->mmu_seq = 0;
	s->inv_count = 0;
	spin_unlock(&s->lock);

	if (a->flags & MNB_ATTACH_SIGNAL) {
		if (a->sig < 1 || a->sig >= _NSIG)
			return -EINVAL;
		send_sig(a->sig, current, 0);
	}
	if ((a->flags & MNB_ATTACH_NO_NOTIFY) || force_no_notify) {
		s->state = MNB_ST_ATTACHED | MNB_ST_NO_NOTIFY;
		s->attach_error = 0;
		return 0;
	}
	/* mmap_sem must not be held: register takes it for writing. */
	s->mn.ops = &shadow_ops;
	ret = mmu_notifier_register(&s->mn, current->mm);
	s->attach_error = ret;
	if (ret) {
		global_add(&global.register_failed, 1);
		s->mm = NULL;
		return ret;
	}
	global_add(&global.registered, 1);
	s->state = MNB_ST_ATTACHED | MNB_ST_REGISTERED;
	return 0;
}

static void shadow_detach(struct shadow *s)
{
	if (s->state & MNB_ST_REGISTERED) {
		/* Runs ->release unless the exiting mm already did. */
		mmu_notifier_unregister(&s->mn, s->mm);
		global_add(&global.unregistered, 1);
	}
	spin_lock(&s->lock);
	drop_all(s);
	s->state &= ~(MNB_ST_ATTACHED | MNB_ST_REGISTERED);
	s->mm = NULL;
	spin_unlock(&s->lock);
}

static int shadow_usable(struct shadow *s)
{
	if (!(s->state & MNB_ST_ATTACHED))
		return -EINVAL;
	if (s->state & MNB_ST_RELEASED)
		return -ESRCH;
	if (current->mm != s->mm)
		return -EXDEV;
	return 0;
}

/* Enter one page; -EAGAIN asks the caller to try again. */
static int map_one(struct shadow *s, unsigned long addr, int write)
{
	struct mm_struct *mm = current->mm;
	struct shadow_entry *e;
	struct page *page;
	unsigned long seq;
	int ret;

	spin_lock(&s->lock);
	seq = s->mmu_seq;
	spin_unlock(&s->lock);

	down_read(&mm->mmap_sem);
	ret = get_user_pages(current, mm, addr, 1, write, 0, &page, NULL);
	up_read(&mm->mmap_sem);
	if (ret < 0)
		return ret;
	if (ret != 1)
		return -EFAULT;

	spin_lock(&s->lock);
	if (s->state & MNB_ST_RELEASED) {
		ret = -ESRCH;
	} else if (s->inv_count || s->mmu_seq != seq) {
		/* An invalidation ran since the lookup: the pfn may be gone. */
		s->st.retries++;
		ret = -EAGAIN;
	} else {
		e = lookup(s, addr);
		if (!e && !hlist_empty(&s->free)) {
			e = hlist_entry(s->free.first, struct shadow_entry,
					node);
			hlist_del(&e->node);
			hlist_add_head(&e->node, bucket(s, addr));
			e->addr = addr;
			s->nr_entries++;
		}
		if (e) {
			e->pfn = page_to_pfn(page);
			e->writable = !!write;
			e->young = 1;
			e->map_seq = s->trace_seq;
			s->st.mapped++;
			ret = 0;
		} else {
			ret = -ENOSPC;
		}
	}
	spin_unlock(&s->lock);
	/* No pin: from here on only the notifier keeps the entry right. */
	put_page(page);
	return ret;
}

static int shadow_map(struct shadow *s, struct mnb_shadow_map *m)
{
	unsigned long addr, end;
	unsigned long retries = 0;
	int ret;

	ret = shadow_usable(s);
	if (ret)
		return ret;
	if (m->start & ~PAGE_MASK || !m->len || m->start + m->len < m->start)
		return -EINVAL;
	end = m->start + m->len;
	m->mapped = 0;
	for (addr = m->start; addr < end; addr += PAGE_SIZE) {
		do {
			ret = map_one(s, addr, m->write);
			if (ret == -EAGAIN) {
				if (++retries > MAP_MAX_RETRIES)
					break;
				cond_resched();
			}
		} while (ret == -EAGAIN);
		if (ret)
			break;
		m->mapped++;
		if (signal_pending(current)) {
			ret = -EINTR;
			break;
		}
	}
	m->retries = retries;
	return ret;
}

/*
 * Where does the primary MMU map addr now?  Fills pfn and MNB_PTE_* flags
 * and returns the lock to drop (NULL: nothing mapped, nothing held).  The
 * caller holds mmap_sem for reading, so no page table can be freed.
 */
static spinlock_t *walk(struct mm_struct *mm, unsigned long addr,
			pte_t **ptep, unsigned long *pfn, unsigned int *flags)
{
	pgd_t *pgd;
	pud_t *pud;
	pmd_t *pmd;
	pte_t *pte, entry;
	spinlock_t *ptl;

	*ptep = NULL;
	*flags = 0;
	pgd = pgd_offset(mm, addr);
	if (pgd_none(*pgd) || pgd_bad(*pgd))
		return NULL;
	pud = pud_offset(pgd, addr);
	if (pud_none(*pud) || pud_bad(*pud))
		return NULL;
	pmd = pmd_offset(pud, addr);
	if (pmd_none(*pmd))
		return NULL;
#ifdef CONFIG_X86
	if (pmd_val(*pmd) & _PAGE_PSE) {
		/* A hugetlb page: its pte lives in the pmd, under this lock. */
		ptl = &mm->page_table_lock;
		spin_lock(ptl);
		entry = *(pte_t *)pmd;
		if (pte_present(entry)) {
			*flags = MNB_PTE_PRESENT | MNB_PTE_HUGE |
				(pte_write(entry) ? MNB_PTE_WRITE : 0) |
				(pte_young(entry) ? MNB_PTE_YOUNG : 0);
			*pfn = pte_pfn(entry) +
				((addr & ~PMD_MASK) >> PAGE_SHIFT);
		}
		return ptl;
	}
#endif
	if (pmd_bad(*pmd))
		return NULL;
	pte = pte_offset_map_lock(mm, pmd, addr, &ptl);
	entry = *pte;
	if (pte_present(entry)) {
		*flags = MNB_PTE_PRESENT |
			(pte_write(entry) ? MNB_PTE_WRITE : 0) |
			(pte_young(entry) ? MNB_PTE_YOUNG : 0);
		*pfn = pte_pfn(entry);
	}
	*ptep = pte;
	return ptl;
}

static int shadow_check(struct shadow *s, struct mnb_shadow_check *c)
{
	struct mm_struct *mm = current->mm;
	struct mnb_shadow_stale rec, *recs = NULL;
	struct mnb_shadow_stale __user *ubuf;
	unsigned int max = min_t(u32, c->max, CHECK_MAX_RECORDS);
	struct shadow_entry *e;
	struct hlist_node *pos;
	unsigned long *addrs, n = 0, i, pfn;
	unsigned int flags;
	spinlock_t *ptl;
	pte_t *pte;
	int b;
	int ret = 0;

	if (!(s->state & MNB_ST_ATTACHED))
		return -EINVAL;
	if (current->mm != s->mm)
		return -EXDEV;
	ubuf = (struct mnb_shadow_stale __user *)(unsigned long)c->buf;
	if (!ubuf)
		max = 0;
	addrs = vmalloc(SHADOW_MAX_ENTRIES * sizeof(*addrs));
	if (max)
		recs = kmalloc(max * sizeof(*recs), GFP_KERNEL);
	if (!addrs || (max && !recs)) {
		vfree(addrs);
		kfree(recs);
		return -ENOMEM;
	}
	/* Snapshot the addresses; each is looked up again under the ptl. */
	spin_lock(&s->lock);
	for (b = 0; b < SHADOW_HASH_SIZE; b++)
		hlist_for_each(pos, &s->hash[b])
			addrs[n++] = hlist_entry(pos, struct shadow_entry,
						 node)->addr;
	spin_unlock(&s->lock);

	c->checked = 0;
	c->stale = 0;
	down_read(&mm->mmap_sem);
	for (i = 0; i < n; i++) {
		pfn = ~0UL;
		ptl = walk(mm, addrs[i], &pte, &pfn, &flags);
		spin_lock(&s->lock);
		e = lookup(s, addrs[i]);
		memset(&rec, 0, sizeof(rec));
		if (e) {
			c->checked++;
			if (!(flags & MNB_PTE_PRESENT))
				rec.reason |= MNB_STALE_NOT_MAPPED;
			else if (pfn != e->pfn)
				rec.reason |= MNB_STALE_PFN;
			if ((flags & MNB_PTE_PRESENT) && e->writable &&
			    !(flags & MNB_PTE_WRITE))
				rec.reason |= MNB_STALE_WRITABLE;
			rec.addr = e->addr;
			rec.shadow_pfn = e->pfn;
			rec.shadow_writable = e->writable;
			rec.map_seq = e->map_seq;
		}
		spin_unlock(&s->lock);
		if (pte)
			pte_unmap_unlock(pte, ptl);
		else if (ptl)
			spin_unlock(ptl);
		if (!rec.reason)
			continue;
		rec.pte_pfn = (flags & MNB_PTE_PRESENT) ? pfn : ~0ULL;
		rec.pte_flags = flags;
		/* Copied out after up_read: a fault there takes mmap_sem. */
		if (c->stale < max)
			recs[c->stale] = rec;
		c->stale++;
		cond_resched();
	}
	up_read(&mm->mmap_sem);
	spin_lock(&s->lock);
	c->trace_seq = s->trace_seq;
	spin_unlock(&s->lock);
	if (max && copy_to_user(ubuf, recs,
				min_t(u64, c->stale, max) * sizeof(*recs)))
		ret = -EFAULT;
	kfree(recs);
	vfree(addrs);
	return ret;
}

static int shadow_trace(struct shadow *s, struct mnb_shadow_trace *t)
{
	struct mnb_shadow_event __user *ubuf;
	struct mnb_shadow_event ev;
	u64 seq, oldest;
	int ret = 0;

	ubuf = (struct mnb_shadow_event __user *)(unsigned long)t->buf;
	t->n = 0;
	t->lost = 0;
	spin_lock(&s->lock);
	t->last = s->trace_seq;
	oldest = s->trace_seq > SHADOW_TRACE_SIZE ?
		s->trace_seq - SHADOW_TRACE_SIZE + 1 : 1;
	seq = t->since + 1;
	if (seq < oldest) {
		t->lost = oldest - seq;
		seq = oldest;
	}
	spin_unlock(&s->lock);
	for (; seq <= t->last && t->n < t->max; seq++) {
		spin_lock(&s->lock);
		ev = s->trace[(seq - 1) & (SHADOW_TRACE_SIZE - 1)];
		spin_unlock(&s->lock);
		if (ev.seq != seq) {	/* overwritten meanwhile */
			t->lost++;
			continue;
		}
		if (copy_to_user(&ubuf[t->n], &ev, sizeof(ev))) {
			ret = -EFAULT;
			break;
		}
		t->n++;
	}
	return ret;
}

static void shadow_count(struct shadow *s, struct mnb_shadow_count *c)
{
	struct shadow_entry *e;
	struct hlist_node *pos;
	unsigned long end = c->start + c->len;
	int b;

	c->entries = c->writable = c->young = 0;
	c->first_pfn = ~0ULL;
	spin_lock(&s->lock);
	for (b = 0; b < SHADOW_HASH_SIZE; b++) {
		hlist_for_each(pos, &s->hash[b]) {
			e = hlist_entry(pos, struct shadow_entry, node);
			if (e->addr < c->start || e->addr >= end)
				continue;
			c->entries++;
			c->writable += e->writable;
			c->young += e->young;
			if (e->addr == c->start)
				c->first_pfn = e->pfn;
		}
	}
	spin_unlock(&s->lock);
}

#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 22)
#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 25)
static int wrprotect_pte(pte_t *pte, pgtable_t token, unsigned long addr,
			 void *data)
#else
static int wrprotect_pte(pte_t *pte, struct page *pmd_page,
			 unsigned long addr, void *data)
#endif
{
	/*
	 * Under the pte lock (apply_to_pte_range takes it for user mms).
	 * data is the mm; no local for it: x86 set_pte_at() ignores its mm
	 * argument on these kernels and gcc would warn about an unused one.
	 */
	if (pte_present(*pte) && pte_write(*pte))
		set_pte_at((struct mm_struct *)data, addr, pte,
			   pte_wrprotect(*pte));
	return 0;
}

/* A driver write-protecting user ptes: apply_to_page_range() must notify. */
static int shadow_wrprotect(struct shadow *s, struct mnb_shadow_count *c)
{
	struct mm_struct *mm = current->mm;
	int ret;

	if (c->start & ~PAGE_MASK || c->len & ~PAGE_MASK || !c->len ||
	    c->start + c->len < c->start)
		return -EINVAL;
	down_write(&mm->mmap_sem);
	if (!find_vma(mm, c->start)) {
		up_write(&mm->mmap_sem);
		return -EFAULT;
	}
	/*
	 * No TLB flush: flush_tlb_mm() is not exported everywhere, and the
	 * suite only looks at the ptes and the shadow, never writes after.
	 */
	ret = apply_to_page_range(mm, c->start, c->len, wrprotect_pte, mm);
	up_write(&mm->mmap_sem);
	return ret;
}
#else
static int shadow_wrprotect(struct shadow *s, struct mnb_shadow_count *c)
{
	return -ENOSYS;		/* no apply_to_page_range() before 2.6.22 */
}
#endif

static long shadow_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct shadow *s = file->private_data;
	void __user *uarg = (void __user *)arg;
	union {
		struct mnb_shadow_info info;
		struct mnb_shadow_attach attach;
		struct mnb_shadow_map map;
		struct mnb_shadow_check check;
		struct mnb_shadow_trace trace;
		struct mnb_shadow_stats stats;
		struct mnb_shadow_global global;
		struct mnb_shadow_count count;
	} u;
	unsigned int size = _IOC_SIZE(cmd);
	long ret = 0;

	if (_IOC_TYPE(cmd) != MNB_SHADOW_IOC || size > sizeof(u))
		return -ENOTTY;
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(&u, uarg, size))
		return -EFAULT;

	mutex_lock(&s->mutex);
	switch (cmd) {
	case MNB_SHADOW_INFO:
		shadow_info(&u.info);
		break;
	case MNB_SHADOW_ATTACH:
		ret = shadow_attach(s, &u.attach);
		break;
	case MNB_SHADOW_DETACH:
		if (s->state & MNB_ST_ATTACHED)
			shadow_detach(s);
		else
			ret = -EINVAL;
		break;
	case MNB_SHADOW_MAP:
		ret = shadow_map(s, &u.map);
		/* Report progress even when MAP stopped early. */
		if (copy_to_user(uarg, &u, size))
			ret = -EFAULT;
		break;
	case MNB_SHADOW_CHECK:
		ret = shadow_check(s, &u.check);
		break;
	case MNB_SHADOW_TRACE:
		ret = shadow_trace(s, &u.trace);
		break;
	case MNB_SHADOW_STATS:
		spin_lock(&s->lock);
		u.stats = s->st;
		u.stats.entries = s->nr_entries;
		u.stats.seq = s->mmu_seq;
		u.stats.inv_count = s->inv_count;
		u.stats.state = s->state;
		u.stats.attach_error = s->attach_error;
		spin_unlock(&s->lock);
		break;
	case MNB_SHADOW_GLOBAL:
		spin_lock(&global_lock);
		u.global = global;
		spin_unlock(&global_lock);
		break;
	case MNB_SHADOW_COUNT:
		shadow_count(s, &u.count);
		break;
	case MNB_SHADOW_WRPROTECT:
		ret = shadow_wrprotect(s, &u.count);
		break;
	case MNB_SHADOW_CLEAR:
		spin_lock(&s->lock);
		drop_all(s);
		spin_unlock(&s->lock);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&s->mutex);
	if (!ret && cmd != MNB_SHADOW_MAP && (_IOC_DIR(cmd) & _IOC_READ) &&
	    copy_to_user(uarg, &u, size))
		ret = -EFAULT;
	return ret;
}

static int shadow_open(struct inode *inode, struct file *file)
{
	struct shadow *s;

	s = kmalloc(sizeof(*s), GFP_KERNEL);
	if (!s)
		return -ENOMEM;
	memset(s, 0, sizeof(*s));
	s->pool = vmalloc(SHADOW_MAX_ENTRIES * sizeof(*s->pool));
	s->trace = vmalloc(SHADOW_TRACE_SIZE * sizeof(*s->trace));
	if (!s->pool || !s->trace) {
		vfree(s->pool);
		vfree(s->trace);
		kfree(s);
		return -ENOMEM;
	}
	memset(s->trace, 0, SHADOW_TRACE_SIZE * sizeof(*s->trace));
	mutex_init(&s->mutex);
	spin_lock_init(&s->lock);
	reset_table(s);
	file->private_data = s;
	global_add(&global.instances, 1);
	return 0;
}

static int shadow_file_release(struct inode *inode, struct file *file)
{
	struct shadow *s = file->private_data;

	mutex_lock(&s->mutex);
	if (s->state & MNB_ST_ATTACHED)
		shadow_detach(s);
	mutex_unlock(&s->mutex);
	vfree(s->pool);
	vfree(s->trace);
	kfree(s);
	global_add(&global.instances, -1);
	return 0;
}

/* struct miscdevice points to const file_operations from 2.6.18 on. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(2, 6, 18)
#define MNB_MISC_FOPS_CONST const
#else
#define MNB_MISC_FOPS_CONST
#endif

static MNB_MISC_FOPS_CONST struct file_operations shadow_fops = {
	.owner		= THIS_MODULE,
	.open		= shadow_open,
	.release	= shadow_file_release,
	.unlocked_ioctl	= shadow_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= shadow_ioctl,	/* fixed-size layout, no pointers */
#endif
};

static struct miscdevice shadow_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= MNB_SHADOW_NAME,
	.fops	= &shadow_fops,
};

static int __init shadow_init(void)
{
	struct mnb_shadow_info info;
	int ret = misc_register(&shadow_dev);

	if (ret)
		return ret;
	shadow_info(&info);
	printk(KERN_INFO "mnb_shadow: /dev/%s minor %d, change_pte %s, backport %u, %s\n",
	       MNB_SHADOW_NAME, shadow_dev.minor,
	       info.flags & MNB_INFO_HAS_CHANGE_PTE ? "yes" : "no",
	       info.backport_version,
	       info.flags & MNB_INFO_NO_NOTIFY ? "no notifiers" : "notifiers");
	return 0;
}

static void __exit shadow_exit(void)
{
	misc_deregister(&shadow_dev);
}

module_init(shadow_init);
module_exit(shadow_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport test bench: software secondary MMU");
