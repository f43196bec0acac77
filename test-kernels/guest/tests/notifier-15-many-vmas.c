// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-15-many-vmas: registration takes every anon_vma and i_mmap lock
 * of the mm (mm_take_all_locks).  With 10,000 VMAs, half anonymous with an
 * anon_vma each, half mapping a tmpfs file, it must still succeed, and
 * leave every lock released.
 */
#include <time.h>
#include <sys/time.h>
#include "shadow.h"

#define NVMAS 10000
#define FILE_PATH "/tmp/notifier-vmas"

static long count_vmas(void)
{
	char line[256];
	long n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n++;
	fclose(f);
	return n;
}

int main(void)
{
	struct timeval t0, t1;
	char *base, *p;
	long i, vmas, ms;
	int fd, f, ret;

	sh_suite_or_skip();
	tap_plan(5);
	fd = sh_open();
	if (fd < 0)
		tap_bail("open " SHADOW_DEV);
	f = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, NVMAS / 2 * pg))
		tap_bail("create " FILE_PATH);
	/* One reserved area, then page-sized VMAs that cannot merge. */
	base = mmap(NULL, NVMAS * pg, PROT_NONE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		tap_bail("mmap reserve");
	for (i = 0; i < NVMAS; i++) {
		p = base + i * pg;
		if (i & 1)
			p = mmap(p, pg, PROT_READ | PROT_WRITE,
				 MAP_SHARED | MAP_FIXED, f, (i / 2) * pg);
		else
			p = mmap(p, pg, (i & 2) ? PROT_READ | PROT_WRITE :
				 PROT_READ | PROT_WRITE | PROT_EXEC,
				 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
				 -1, 0);
		if (p == MAP_FAILED)
			tap_bail("mmap VMA %ld", i);
		p[0] = 1;	/* an anon_vma, a page cache page */
	}
	vmas = count_vmas();
	tap_ok(vmas >= NVMAS, "%ld VMAs in /proc/self/maps", vmas);
	gettimeofday(&t0, NULL);
	ret = sh_attach_flags(fd, 0, 0);
	gettimeofday(&t1, NULL);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_usec - t0.tv_usec) / 1000;
	if (!tap_ok(!ret, "ATTACH with %ld VMAs: %ld ms%s%s", vmas, ms,
		    ret ? ": " : "", ret ? strerror(-ret) : ""))
		tap_bail("ATTACH");
	tap_ok(!sh_map(fd, base, 64 * pg, 1) && !sh_check(fd),
	       "MAP 64 pages across 64 VMAs, CHECK clean");
	/* Every i_mmap and anon_vma lock must be free again: unmap all. */
	tap_ok(!munmap(base, NVMAS * pg) &&
	       sh_count(fd, base, NVMAS * pg).entries == 0,
	       "munmap of all VMAs works, entries gone");
	tap_ok(!sh_ioctl(fd, MNB_SHADOW_DETACH, NULL) && !close(fd),
	       "DETACH, close");
	close(f);
	unlink(FILE_PATH);
	return tap_exit();
}
