// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-swap: touch 1.5 times MemTotal of anonymous memory, every page
 * filled with a pattern derived from its index, read every page back and
 * show that the kernel really swapped (pswpout in /proc/vmstat grew).
 */
#include <stdint.h>
#include <sys/mman.h>
#include "../tap.h"

static long page;

static uint64_t pattern(size_t pg, size_t word)
{
	return (pg * 0x9e3779b97f4a7c15ULL) ^ (word * 0x100000001b3ULL) ^ 0x5a;
}

static void fill(uint64_t *p, size_t pg)
{
	size_t w, words = page / sizeof(*p);

	for (w = 0; w < words; w++)
		p[w] = pattern(pg, w);
}

static int check(const uint64_t *p, size_t pg)
{
	size_t w, words = page / sizeof(*p);

	for (w = 0; w < words; w++)
		if (p[w] != pattern(pg, w))
			return 0;
	return 1;
}

static long long vmstat(const char *key)
{
	return tap_file_value("/proc/vmstat", key);
}

/*
 * Let writeback catch up every few MiB.  Old kernels (2.6.18) on slow
 * emulated IDE otherwise fill memory with pages under writeback faster
 * than swap drains them and call the OOM killer.  Gives up after 5 s.
 */
static void throttle(size_t pg)
{
	int waited;

	if (pg % 1024)
		return;
	for (waited = 0; waited < 500; waited++) {
		if (tap_file_value("/proc/meminfo", "Writeback") < 4096)
			return;
		usleep(10000);
	}
}

int main(void)
{
	long long mem_kb = tap_file_value("/proc/meminfo", "MemTotal");
	long long swap_kb = tap_file_value("/proc/meminfo", "SwapTotal");
	long long out0 = vmstat("pswpout"), in0 = vmstat("pswpin");
	size_t len, npages, pg, bad = 0, first_bad = 0;
	char *p;

	page = sysconf(_SC_PAGESIZE);
	tap_plan(5);
	tap_diag("MemTotal %lld kB, SwapTotal %lld kB", mem_kb, swap_kb);
	if (!tap_ok(swap_kb > mem_kb / 2, "swap is on"))
		tap_bail("no swap");
	npages = (size_t)(mem_kb * 3 / 2) * 1024 / page;
	len = npages * page;
	p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!tap_ok(p != MAP_FAILED, "mmap %zu MiB", len >> 20))
		tap_bail("mmap");
	for (pg = 0; pg < npages; pg++) {
		throttle(pg);
		fill((uint64_t *)(p + pg * page), pg);
	}
	for (pg = 0; pg < npages; pg++) {
		throttle(pg);
		if (check((uint64_t *)(p + pg * page), pg))
			continue;
		if (!bad++)
			first_bad = pg;
	}
	if (bad)
		tap_diag("%zu bad pages, first %zu", bad, first_bad);
	tap_ok(!bad, "%zu pages read back intact", npages);
	tap_diag("pswpout %lld -> %lld, pswpin %lld -> %lld", out0,
		 vmstat("pswpout"), in0, vmstat("pswpin"));
	tap_ok(vmstat("pswpout") > out0, "pages were swapped out");
	tap_ok(vmstat("pswpin") > in0, "pages were swapped in");
	munmap(p, len);
	return tap_exit();
}
