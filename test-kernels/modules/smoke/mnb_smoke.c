// SPDX-License-Identifier: GPL-2.0
/*
 * mnb_smoke: the smallest module that proves loading and unloading work
 * on a test kernel.  The guest's smoke-module test drives it.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

static int __init mnb_smoke_init(void)
{
	printk(KERN_INFO "mnb_smoke: loaded\n");
	return 0;
}

static void __exit mnb_smoke_exit(void)
{
	printk(KERN_INFO "mnb_smoke: unloaded\n");
}

module_init(mnb_smoke_init);
module_exit(mnb_smoke_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport test bench: load/unload smoke test");
