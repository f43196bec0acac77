// SPDX-License-Identifier: GPL-2.0
/*
 * mnb_broken_cwarn: for the runner's own tests only.  Compiles with a
 * warning (an unused variable), which scripts/mkinitramfs must refuse: the
 * guest then reports the module's load as failed, with the warning.
 */
#include <linux/init.h>
#include <linux/module.h>

static int __init mnb_broken_cwarn_init(void)
{
	int unused_on_purpose;

	return 0;
}

static void __exit mnb_broken_cwarn_exit(void)
{
}

module_init(mnb_broken_cwarn_init);
module_exit(mnb_broken_cwarn_exit);
MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("mmu-notifier-backport test bench: compiler warning");
