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

/*
 * sw_pressure() in a child process, so that the reclaim of the pressure's
 * own pages does not reach the caller's MMU notifiers (it would flood the
 * shadow's trace); tick(arg) runs every 2 ms meanwhile and once at the end.
 * The caller marks the mappings it watches MADV_DONTFORK first, or the
 * fork write-protects (and invalidates) them.  Returns sw_pressure()'s
 * result, -1 on error.
 */
typedef void (*sw_tick_fn)(void *arg);

static long long sw_pressure_child(sw_tick_fn tick, void *arg)
{
	long long out = -1;
	int fds[2], status;
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		out = sw_pressure();
		_exit(write(fds[1], &out, sizeof(out)) == sizeof(out) ? 0 : 1);
	}
	close(fds[1]);
	while (waitpid(pid, &status, WNOHANG) == 0) {
		tick(arg);
		usleep(2000);
	}
	tick(arg);
	if (read(fds[0], &out, sizeof(out)) != sizeof(out))
		out = -1;
	close(fds[0]);
	return out;
}

#endif /* MNB_SWAPLOAD_H */
