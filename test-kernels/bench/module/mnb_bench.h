/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mnb_bench.h - ioctl interface of the benchmark module (mnb_bench.ko,
 * misc device /dev/mnb_bench), shared with the guest program
 * test-kernels/bench/guest/mnb-bench.c.
 *
 * REGISTER registers one MMU notifier whose callbacks do nothing on the
 * caller's mm (the "armed" configuration), UNREGISTER removes it.  Both
 * return the kernel's result as it is: -ENOSYS where the compat header
 * says the kernel cannot notify.  The module also provides a RAM block
 * device, MNB_BENCH_SWAP_NAME, that completes every bio at once: swap on
 * it never waits for an interrupt, so a reclaim pass is a deterministic
 * instruction count under QEMU's -icount.
 */
#ifndef MNB_BENCH_H
#define MNB_BENCH_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
#endif

#define MNB_BENCH_NAME		"mnb_bench"
#define MNB_BENCH_SWAP_NAME	"mnbswap"
#define MNB_BENCH_SWAP_MB	128

#define MNB_BENCH_MAGIC		0xbe
#define MNB_BENCH_REGISTER	_IO(MNB_BENCH_MAGIC, 1)
#define MNB_BENCH_UNREGISTER	_IO(MNB_BENCH_MAGIC, 2)

#endif /* MNB_BENCH_H */
