/* SPDX-License-Identifier: GPL-2.0 */
/*
 * swapload.h - fill pages with a checksum pattern and push them out to
 * swap with memory pressure (notifier-11-swap, notifier-17-no-notifier).
 */
#ifndef MNB_SWAPLOAD_H
#define MNB_SWAPLOAD_H

static uint64_t sw_pattern(size_t n, size_t word)
{
	return (n * 0x9e3779b97f4a7c15ULL) ^ (word * 0x100000001b3ULL) ^ 0xa5;
}

static void sw_fill(char *p, size_t npages)
{
	size_t n, w;

	for (n = 0; n < npages; n++)
		for (w = 0; w < (size_t)pg / 8; w++)
			((uint64_t *)(p + n * pg))[w] = sw_pattern(n, w);
}

static size_t sw_bad(const char *p, size_t npages)
{
	size_t n, w, bad = 0;

	for (n = 0; n < npages; n++)
		for (w = 0; w < (size_t)pg / 8; w++)
			if (((const uint64_t *)(p + n * pg))[w] !=
			    sw_pattern(n, w)) {
				bad++;
				break;
			}
	return bad;
}

/* Let writeback catch up now and then (see smoke-swap). */
static void sw_throttle(size_t n)
{
	int waited;

	if (n % 1024)
		return;
	for (waited = 0; waited < 500; waited++) {
		if (tap_file_value("/proc/meminfo", "Writeback") < 4096)
			return;
		usleep(10000);
	}
}

/*
 * Touch MemTotal worth of fresh anonymous memory, twice, so that the
 * older pages (the test's) are aged and swapped out.  Returns pswpout
 * growth, -1 when there is no swap.
 */
static long long sw_pressure(void)
{
	long long mem_kb = tap_file_value("/proc/meminfo", "MemTotal");
	long long out0 = tap_file_value("/proc/vmstat", "pswpout");
	size_t n, npages = (size_t)mem_kb * 1024 / pg;
	int round;
	char *q;

	if (tap_file_value("/proc/meminfo", "SwapTotal") < mem_kb / 2)
		return -1;
	q = mmap(NULL, npages * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (q == MAP_FAILED)
		return -1;
	for (round = 0; round < 2; round++)
		for (n = 0; n < npages; n++) {
			sw_throttle(n);
			q[n * pg] = (char)(n + round);
		}
	munmap(q, npages * pg);
	return tap_file_value("/proc/vmstat", "pswpout") - out0;
}

#endif /* MNB_SWAPLOAD_H */
