/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mnb_bench: what the benchmark guest (scripts/bench) needs in the kernel.
 *
 *  - /dev/mnb_bench: REGISTER puts one MMU notifier whose callbacks do
 *    nothing on current->mm, UNREGISTER takes it off (closing the file
 *    does too).  A registered notifier makes every hook call into the
 *    notifier chain, which is the cost the "armed" configuration measures;
 *    the callbacks themselves cost a call and a return.
 *  - mnbswap: a RAM block device, allocated in full at load, that copies
 *    each bio and ends it before returning.  Swap on it never waits for an
 *    interrupt, so under QEMU's -icount a reclaim pass executes the same
 *    instructions every run; a disk's completions come in host time.
 *
 * The MMU notifier API comes only from the project's compat header: where
 * the kernel cannot notify, REGISTER returns its -ENOSYS.
 */
#include <linux/version.h>
#include <linux/module.h>
#include <linux/kernel.h>
#include <linux/init.h>
#include <linux/errno.h>
#include <linux/fs.h>
#include <linux/miscdevice.h>
#include <linux/mm.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/highmem.h>
#include <linux/mutex.h>
#include <linux/bio.h>
#include <linux/blkdev.h>
#include <linux/genhd.h>
#include <linux/mmu_notifier.h>

#include "mnb_bench.h"

/* ---- the notifier -------------------------------------------------------- */

struct bench {
	struct mmu_notifier mn;
	struct mutex mutex;
	struct mm_struct *mm;	/* registered on; mm_count held by register */
};

static void bench_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
}

static int bench_clear_flush_young(struct mmu_notifier *mn,
				   struct mm_struct *mm, unsigned long address)
{
	return 0;
}

#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
static void bench_change_pte(struct mmu_notifier *mn, struct mm_struct *mm,
			     unsigned long address, pte_t pte)
{
}
#endif

static void bench_invalidate_page(struct mmu_notifier *mn,
				  struct mm_struct *mm, unsigned long address)
{
}

static void bench_invalidate_range(struct mmu_notifier *mn,
				   struct mm_struct *mm, unsigned long start,
				   unsigned long end)
{
}

static const struct mmu_notifier_ops bench_ops = {
	.release		= bench_release,
	.clear_flush_young	= bench_clear_flush_young,
#ifdef MMU_NOTIFIER_HAS_CHANGE_PTE
	.change_pte		= bench_change_pte,
#endif
	.invalidate_page	= bench_invalidate_page,
	.invalidate_range_start	= bench_invalidate_range,
	.invalidate_range_end	= bench_invalidate_range,
};

/* b->mutex held. */
static void bench_unregister(struct bench *b)
{
	if (!b->mm)
		return;
	mmu_notifier_unregister(&b->mn, b->mm);
	b->mm = NULL;
}

static long bench_ioctl(struct file *file, unsigned int cmd, unsigned long arg)
{
	struct bench *b = file->private_data;
	int ret = 0;

	mutex_lock(&b->mutex);
	switch (cmd) {
	case MNB_BENCH_REGISTER:
		if (b->mm) {
			ret = -EBUSY;
			break;
		}
		/* Takes mmap_sem for writing: it must not be held here. */
		b->mn.ops = &bench_ops;
		ret = mmu_notifier_register(&b->mn, current->mm);
		if (!ret)
			b->mm = current->mm;
		break;
	case MNB_BENCH_UNREGISTER:
		if (!b->mm)
			ret = -EINVAL;
		bench_unregister(b);
		break;
	default:
		ret = -ENOTTY;
	}
	mutex_unlock(&b->mutex);
	return ret;
}

static int bench_open(struct inode *inode, struct file *file)
{
	struct bench *b = kzalloc(sizeof(*b), GFP_KERNEL);

	if (!b)
		return -ENOMEM;
	mutex_init(&b->mutex);
	file->private_data = b;
	return 0;
}

static int bench_file_release(struct inode *inode, struct file *file)
{
	struct bench *b = file->private_data;

	mutex_lock(&b->mutex);
	bench_unregister(b);
	mutex_unlock(&b->mutex);
	kfree(b);
	return 0;
}

static const struct file_operations bench_fops = {
	.owner		= THIS_MODULE,
	.open		= bench_open,
	.release	= bench_file_release,
	.unlocked_ioctl	= bench_ioctl,
#ifdef CONFIG_COMPAT
	.compat_ioctl	= bench_ioctl,	/* no argument */
#endif
};

static struct miscdevice bench_dev = {
	.minor	= MISC_DYNAMIC_MINOR,
	.name	= MNB_BENCH_NAME,
	.fops	= &bench_fops,
};

/* ---- the RAM swap device ------------------------------------------------- */

#define SWAP_PAGES	(MNB_BENCH_SWAP_MB << (20 - PAGE_SHIFT))
#define SECTORS_PER_PAGE_SHIFT	(PAGE_SHIFT - 9)

static struct page **swap_pages;
static struct request_queue *swap_queue;
static struct gendisk *swap_disk;
static int swap_major;

/* Copy one segment to or from the pages; 0 when it is out of range. */
static int swap_copy(struct bio_vec *bv, sector_t sector, int write)
{
	unsigned long index = sector >> SECTORS_PER_PAGE_SHIFT;
	unsigned int off = (sector & ((1 << SECTORS_PER_PAGE_SHIFT) - 1)) << 9;
	unsigned int done = 0, n;
	char *mem, *buf;

	buf = kmap_atomic(bv->bv_page, KM_USER0);
	while (done < bv->bv_len) {
		if (index >= SWAP_PAGES) {
			kunmap_atomic(buf, KM_USER0);
			return 0;
		}
		n = min_t(unsigned int, bv->bv_len - done, PAGE_SIZE - off);
		mem = kmap_atomic(swap_pages[index], KM_USER1);
		if (write)
			memcpy(mem + off, buf + bv->bv_offset + done, n);
		else
			memcpy(buf + bv->bv_offset + done, mem + off, n);
		kunmap_atomic(mem, KM_USER1);
		done += n;
		off = 0;
		index++;
	}
	kunmap_atomic(buf, KM_USER0);
	return 1;
}

static int swap_make_request(struct request_queue *q, struct bio *bio)
{
	sector_t sector = bio->bi_sector;
	struct bio_vec *bv;
	int i, err = 0;

	bio_for_each_segment(bv, bio, i) {
		if (!swap_copy(bv, sector, bio_data_dir(bio) == WRITE)) {
			err = -EIO;
			break;
		}
		sector += bv->bv_len >> 9;
	}
	/* Out of tree, for 2.6.18-2.6.27: bio_endio lost its byte count. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(2, 6, 24)
	bio_endio(bio, bio->bi_size, err);
#else
	bio_endio(bio, err);
#endif
	return 0;
}

static struct block_device_operations swap_fops = {
	.owner	= THIS_MODULE,
};

static void swap_free_pages(void)
{
	unsigned long i;

	for (i = 0; i < SWAP_PAGES && swap_pages[i]; i++)
		__free_page(swap_pages[i]);
	vfree(swap_pages);
}

static int swap_create(void)
{
	unsigned long i;

	swap_pages = vmalloc(SWAP_PAGES * sizeof(*swap_pages));
	if (!swap_pages)
		return -ENOMEM;
	memset(swap_pages, 0, SWAP_PAGES * sizeof(*swap_pages));
	for (i = 0; i < SWAP_PAGES; i++) {
		swap_pages[i] = alloc_page(GFP_KERNEL);
		if (!swap_pages[i])
			goto nomem;
	}
	swap_queue = blk_alloc_queue(GFP_KERNEL);
	if (!swap_queue)
		goto nomem;
	blk_queue_make_request(swap_queue, swap_make_request);
	swap_major = register_blkdev(0, MNB_BENCH_SWAP_NAME);
	if (swap_major < 0)
		goto no_major;
	swap_disk = alloc_disk(1);
	if (!swap_disk)
		goto no_disk;
	swap_disk->major = swap_major;
	swap_disk->first_minor = 0;
	swap_disk->fops = &swap_fops;
	swap_disk->queue = swap_queue;
	strcpy(swap_disk->disk_name, MNB_BENCH_SWAP_NAME);
	set_capacity(swap_disk, (sector_t)SWAP_PAGES << SECTORS_PER_PAGE_SHIFT);
	add_disk(swap_disk);
	return 0;

no_disk:
	unregister_blkdev(swap_major, MNB_BENCH_SWAP_NAME);
no_major:
	blk_cleanup_queue(swap_queue);
nomem:
	swap_free_pages();
	return -ENOMEM;
}

static void swap_destroy(void)
{
	del_gendisk(swap_disk);
	put_disk(swap_disk);
	unregister_blkdev(swap_major, MNB_BENCH_SWAP_NAME);
	blk_cleanup_queue(swap_queue);
	swap_free_pages();
}

static int __init bench_init(void)
{
	int ret = swap_create();

	if (ret)
		return ret;
	ret = misc_register(&bench_dev);
	if (ret) {
		swap_destroy();
		return ret;
	}
	printk(KERN_INFO "mnb_bench: /dev/%s minor %d, %s %d MiB major %d\n",
	       MNB_BENCH_NAME, bench_dev.minor, MNB_BENCH_SWAP_NAME,
	       MNB_BENCH_SWAP_MB, swap_major);
	return 0;
}

static void __exit bench_exit(void)
{
	misc_deregister(&bench_dev);
	swap_destroy();
}

module_init(bench_init);
module_exit(bench_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport benchmark: empty notifier, RAM swap");
