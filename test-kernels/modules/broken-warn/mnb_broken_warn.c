// SPDX-License-Identifier: GPL-2.0
/*
 * mnb_broken_warn: for the runner's own tests only.  Triggers a kernel
 * warning at load ("BUG: warning at" up to 2.6.24, "WARNING: at" later),
 * which scripts/qemu-run must report as a failure.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

static int __init mnb_broken_warn_init(void)
{
	printk(KERN_INFO "mnb_broken_warn: warning on purpose\n");
	WARN_ON(1);
	return 0;
}

static void __exit mnb_broken_warn_exit(void)
{
}

module_init(mnb_broken_warn_init);
module_exit(mnb_broken_warn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport test bench: WARN_ON at load");
