// SPDX-License-Identifier: GPL-2.0
/*
 * mnb_broken_panic: for the runner's own tests only.  Panics at load,
 * which scripts/qemu-run must report as a kernel panic.
 */
#include <linux/init.h>
#include <linux/kernel.h>
#include <linux/module.h>

static int __init mnb_broken_panic_init(void)
{
	panic("mnb_broken_panic: panic on purpose");
	return 0;
}

module_init(mnb_broken_panic_init);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport test bench: panic at load");
