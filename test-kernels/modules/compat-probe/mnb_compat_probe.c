/*
 * mnb_compat_probe - exercise the 2.6.32 MMU notifier API through
 * compat/include/linux/mmu_notifier.h and report what the running kernel
 * really does, so a test can compare it with what the feature macros claim.
 *
 * Interface (sysfs module parameters, /sys/module/mnb_compat_probe/...):
 *   attach     write 1: mmu_notifier_register() on the writer's mm
 *              write 2: __mmu_notifier_register() with mmap_sem held
 *              write 0: mmu_notifier_unregister() and drop the mm
 *   register_rc, has_notifiers, n_*      read: what happened
 *   macro_*, config_mmu_notifier         read: what the headers claimed
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/sched.h>
#include <linux/mm.h>
#include <linux/mmu_notifier.h>
#include <asm/atomic.h>

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport: compat header probe");

static atomic_t n_release, n_young, n_change_pte, n_inv_page;
static atomic_t n_inv_start, n_inv_end;

static void probe_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	atomic_inc(&n_release);
}

static int probe_clear_flush_young(struct mmu_notifier *mn,
				   struct mm_struct *mm, unsigned long address)
{
	atomic_inc(&n_young);
	return 0;
}

#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
static void probe_change_pte(struct mmu_notifier *mn, struct mm_struct *mm,
			     unsigned long address, pte_t pte)
{
	atomic_inc(&n_change_pte);
}
#endif

static void probe_invalidate_page(struct mmu_notifier *mn,
				  struct mm_struct *mm, unsigned long address)
{
	atomic_inc(&n_inv_page);
}

static void probe_invalidate_range_start(struct mmu_notifier *mn,
					 struct mm_struct *mm,
					 unsigned long start, unsigned long end)
{
	atomic_inc(&n_inv_start);
}

static void probe_invalidate_range_end(struct mmu_notifier *mn,
				       struct mm_struct *mm,
				       unsigned long start, unsigned long end)
{
	atomic_inc(&n_inv_end);
}

static const struct mmu_notifier_ops probe_ops = {
	.release		= probe_release,
	.clear_flush_young	= probe_clear_flush_young,
#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
	.change_pte		= probe_change_pte,
#endif
	.invalidate_page	= probe_invalidate_page,
	.invalidate_range_start	= probe_invalidate_range_start,
	.invalidate_range_end	= probe_invalidate_range_end,
};

static struct mmu_notifier probe_mn = { .ops = &probe_ops };
static struct mm_struct *probe_mm;	/* holds an mm_users reference */
static int register_rc = 1;		/* 1: never attempted */
static int has_notifiers;

/*
 * The rest of the API is for the core kernel: the wrappers' slow paths are
 * not exported (as upstream), so a module cannot link a call to them.  This
 * function is compiled, type-checked against every signature, and dropped
 * by the compiler: it proves the names and types exist on this kernel.
 */
static noinline void probe_api_compiles(struct vm_area_struct *vma,
					unsigned long addr, pte_t *ptep)
{
	struct mm_struct *mm = vma->vm_mm;
	pte_t pte;

	if (1)
		return;
	mmu_notifier_release(mm);
	(void)mmu_notifier_clear_flush_young(mm, addr);
	pte = ptep_clear_flush_notify(vma, addr, ptep);
	mmu_notifier_change_pte(mm, addr, pte);
	set_pte_at_notify(mm, addr, ptep, pte);
	mmu_notifier_invalidate_page(mm, addr);
	mmu_notifier_invalidate_range_start(mm, addr, addr + PAGE_SIZE);
	mmu_notifier_invalidate_range_end(mm, addr, addr + PAGE_SIZE);
	(void)ptep_clear_flush_young_notify(vma, addr, ptep);
	mmu_notifier_mm_init(mm);
	mmu_notifier_mm_destroy(mm);
	hlist_del_init_rcu(&probe_mn.hlist);
}

static void probe_detach(void)
{
	if (!probe_mm)
		return;
	if (register_rc == 0)
		mmu_notifier_unregister(&probe_mn, probe_mm);
	mmput(probe_mm);
	probe_mm = NULL;
}

static int probe_attach(int how)
{
	struct mm_struct *mm = get_task_mm(current);

	if (!mm)
		return -EINVAL;
	memset(&probe_mn, 0, sizeof(probe_mn));
	probe_mn.ops = &probe_ops;
	if (how == 2) {
		down_write(&mm->mmap_sem);
		register_rc = __mmu_notifier_register(&probe_mn, mm);
		up_write(&mm->mmap_sem);
	} else {
		register_rc = mmu_notifier_register(&probe_mn, mm);
	}
	has_notifiers = mm_has_notifiers(mm);
	probe_mm = mm;
	return 0;
}

static int attach_set(const char *val, struct kernel_param *kp)
{
	int how = simple_strtol(val, NULL, 0);

	if (how < 0 || how > 2)
		return -EINVAL;
	probe_detach();
	if (how == 0)
		return 0;
	return probe_attach(how);
}

static int attach_get(char *buffer, struct kernel_param *kp)
{
	return sprintf(buffer, "%d", probe_mm != NULL);
}

module_param_call(attach, attach_set, attach_get, NULL, 0644);
module_param(register_rc, int, 0444);
module_param(has_notifiers, int, 0444);

/* Counters read through a get function: atomic_t is not an int param. */
static int counter_get(char *buffer, struct kernel_param *kp)
{
	return sprintf(buffer, "%d", atomic_read((atomic_t *)kp->arg));
}
#define PROBE_COUNTER(name) \
	module_param_call(name, NULL, counter_get, &name, 0444)
PROBE_COUNTER(n_release);
PROBE_COUNTER(n_young);
PROBE_COUNTER(n_change_pte);
PROBE_COUNTER(n_inv_page);
PROBE_COUNTER(n_inv_start);
PROBE_COUNTER(n_inv_end);

/* What the headers claimed, for the test to hold the kernel to. */
#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
static int macro_has_change_pte = 1;
#else
static int macro_has_change_pte;
#endif
#ifdef MMU_NOTIFIER_BACKPORT_VERSION
static int macro_backport_version = MMU_NOTIFIER_BACKPORT_VERSION;
#else
static int macro_backport_version;
#endif
#ifdef MMU_NOTIFIER_COMPAT_NO_NOTIFY
static int macro_no_notify = 1;
#else
static int macro_no_notify;
#endif
#ifdef CONFIG_MMU_NOTIFIER
static int config_mmu_notifier = 1;
#else
static int config_mmu_notifier;
#endif
module_param(macro_has_change_pte, int, 0444);
module_param(macro_backport_version, int, 0444);
module_param(macro_no_notify, int, 0444);
module_param(config_mmu_notifier, int, 0444);

static int __init probe_init(void)
{
	probe_api_compiles(NULL, 0, NULL);
	return 0;
}

static void __exit probe_exit(void)
{
	probe_detach();
}

module_init(probe_init);
module_exit(probe_exit);
