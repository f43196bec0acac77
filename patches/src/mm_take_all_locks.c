
/*
 * mm_take_all_locks() and mm_drop_all_locks()
 *
 * Only one caller at a time: the AS_MM_ALL_LOCKS bit of a mapping and
 * the mark on an anon_vma say "taken by the current mm_take_all_locks()"
 * and would be ambiguous if two mms sharing a file or an anon_vma ran
 * it at once.
 */
static DEFINE_MUTEX(mm_all_locks_mutex);

/*
 * Lockdep cannot follow this function lock by lock: these releases have
 * no spin_lock_nest_lock(), spin_lock_nested() gives only a handful of
 * subclasses, and a task may hold at most MAX_LOCK_DEPTH locks while
 * lockdep watches, far fewer than a big mm has vmas.  So the rmap locks
 * are taken below the lockdep layer (preempt_disable() plus
 * _raw_spin_lock(), which still runs the spinlock debug checks), and
 * lockdep sees one pseudo lock, "mm_all_locks", held from the first rmap
 * lock to the last unlock.  That still reports taking the whole set
 * twice, and any lock taken while the set is held, against mmap_sem
 * and whatever else the caller holds; it does not see the individual
 * i_mmap_lock and anon_vma->lock acquisitions of this path.
 */
#ifdef CONFIG_DEBUG_LOCK_ALLOC
static struct lock_class_key mm_all_locks_key;
static struct lockdep_map mm_all_locks_map = {
	.name = "mm_all_locks",
	.key = &mm_all_locks_key,
};
#define mm_all_locks_acquire()						\
	lock_acquire(&mm_all_locks_map, 0, 0, 0, 2,			\
		     (unsigned long)__builtin_return_address(0))
#define mm_all_locks_release()						\
	lock_release(&mm_all_locks_map, 1,				\
		     (unsigned long)__builtin_return_address(0))
#else
#define mm_all_locks_acquire()	do { } while (0)
#define mm_all_locks_release()	do { } while (0)
#endif

static void mm_all_locks_lock(spinlock_t *lock)
{
	preempt_disable();
	_raw_spin_lock(lock);
}

static void mm_all_locks_unlock(spinlock_t *lock)
{
	_raw_spin_unlock(lock);
	preempt_enable();
}

/*
 * An anon_vma is marked as taken by setting bit 0 of anon_vma->head.next:
 * struct anon_vma has no spare field, the pointer is at least word
 * aligned, and only the holder of anon_vma->lock ever reads the list.
 * The mark is set after the lock is taken and cleared before it is
 * dropped, so nobody else can see it.
 */
#define ANON_VMA_ALL_LOCKS_MARK	1UL

static int anon_vma_all_locks_marked(struct anon_vma *anon_vma)
{
	return (unsigned long)anon_vma->head.next & ANON_VMA_ALL_LOCKS_MARK;
}

static void vm_lock_anon_vma(struct anon_vma *anon_vma)
{
	if (anon_vma_all_locks_marked(anon_vma))
		return;		/* shared by an earlier vma of this mm */
	mm_all_locks_lock(&anon_vma->lock);
	anon_vma->head.next = (struct list_head *)
		((unsigned long)anon_vma->head.next | ANON_VMA_ALL_LOCKS_MARK);
}

static void vm_unlock_anon_vma(struct anon_vma *anon_vma)
{
	if (!anon_vma_all_locks_marked(anon_vma))
		return;		/* not taken, or already dropped */
	anon_vma->head.next = (struct list_head *)
		((unsigned long)anon_vma->head.next & ~ANON_VMA_ALL_LOCKS_MARK);
	mm_all_locks_unlock(&anon_vma->lock);
}

/* Files are marked with AS_MM_ALL_LOCKS in mapping->flags. */
static void vm_lock_mapping(struct address_space *mapping)
{
	if (test_bit(AS_MM_ALL_LOCKS, &mapping->flags))
		return;		/* mapped by an earlier vma of this mm */
	mm_all_locks_lock(&mapping->i_mmap_lock);
	if (test_and_set_bit(AS_MM_ALL_LOCKS, &mapping->flags))
		BUG();
}

static void vm_unlock_mapping(struct address_space *mapping)
{
	if (!test_and_clear_bit(AS_MM_ALL_LOCKS, &mapping->flags))
		return;
	mm_all_locks_unlock(&mapping->i_mmap_lock);
}

/**
 * mm_take_all_locks - hold off every pte change to an mm
 * @mm: the mm; the caller holds mm->mmap_sem for writing and keeps it
 *	until mm_drop_all_locks() has returned
 *
 * Takes the i_mmap_lock of every file mapped in @mm, then the lock of
 * every anon_vma of @mm.  With mmap_sem held for writing that stops
 * page faults, unmaps, truncation and reclaim (try_to_unmap) of the
 * whole mm, so a new mmu notifier can be attached while nothing is in
 * flight.  The order, all i_mmap_locks before any anon_vma lock, is the
 * order the rest of the VM uses (vma_adjust()).
 *
 * Very expensive: may take thousands of locks, and must not be nested
 * (a second call by the same task deadlocks).  Returns 0 with all
 * locks held, to be released with mm_drop_all_locks(), or -EINTR with
 * none held if a signal arrived meanwhile.
 */
int mm_take_all_locks(struct mm_struct *mm)
{
	struct vm_area_struct *vma;
	int ret = -EINTR;

	BUG_ON(down_read_trylock(&mm->mmap_sem));

	mutex_lock(&mm_all_locks_mutex);
	mm_all_locks_acquire();

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		if (signal_pending(current))
			goto out_unlock;
		if (vma->vm_file && vma->vm_file->f_mapping)
			vm_lock_mapping(vma->vm_file->f_mapping);
	}

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		if (signal_pending(current))
			goto out_unlock;
		if (vma->anon_vma)
			vm_lock_anon_vma(vma->anon_vma);
	}

	return 0;

out_unlock:
	mm_drop_all_locks(mm);
	return ret;
}

/**
 * mm_drop_all_locks - release what mm_take_all_locks() took
 * @mm: the same mm, mmap_sem still held for writing
 *
 * mm_take_all_locks() also uses it to back out when interrupted, so
 * only marked anon_vmas and mappings are unlocked.
 */
void mm_drop_all_locks(struct mm_struct *mm)
{
	struct vm_area_struct *vma;

	BUG_ON(down_read_trylock(&mm->mmap_sem));
	BUG_ON(!mutex_is_locked(&mm_all_locks_mutex));

	for (vma = mm->mmap; vma; vma = vma->vm_next) {
		if (vma->anon_vma)
			vm_unlock_anon_vma(vma->anon_vma);
		if (vma->vm_file && vma->vm_file->f_mapping)
			vm_unlock_mapping(vma->vm_file->f_mapping);
	}

	mm_all_locks_release();
	mutex_unlock(&mm_all_locks_mutex);
}
