// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-hugetlb: reserve huge pages, mount hugetlbfs, map and use a page,
 * and give the pages back (the swap test wants the memory).
 */
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "../tap.h"

#define NR_PATH	"/proc/sys/vm/nr_hugepages"
#define MNT	"/tmp/huge"
#define WANT	"4"

static long long meminfo(const char *key)
{
	return tap_file_value("/proc/meminfo", key);
}

static int use_page(size_t len)
{
	int fd = open(MNT "/page", O_RDWR | O_CREAT, 0600), ok = 1;
	long long free_before = meminfo("HugePages_Free");
	size_t i;
	char *p;

	if (fd < 0)
		return tap_ok(0, "create a hugetlbfs file: %s",
			      strerror(errno));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (!tap_ok(p != MAP_FAILED, "mmap a huge page (%zu kB)", len >> 10)) {
		close(fd);
		return 0;
	}
	for (i = 0; i < len; i += 512)
		p[i] = (char)(i >> 9);
	for (i = 0; i < len; i += 512)
		ok &= p[i] == (char)(i >> 9);
	tap_ok(ok, "huge page holds its data");
	tap_ok(meminfo("HugePages_Free") == free_before - 1,
	       "HugePages_Free dropped by one");
	munmap(p, len);
	close(fd);
	unlink(MNT "/page");
	return 1;
}

int main(void)
{
	long long size_kb, total;

	tap_plan(6);
	if (access(NR_PATH, F_OK)) {
		tap_diag(NR_PATH ": %s", strerror(errno));
		while (tap_done < tap_planned)
			tap_skip("hugetlb", "kernel without hugetlbfs");
		return tap_exit();
	}
	tap_write_file(NR_PATH, WANT);
	total = meminfo("HugePages_Total");
	size_kb = meminfo("Hugepagesize");
	tap_diag("HugePages_Total %lld, Hugepagesize %lld kB", total, size_kb);
	if (total <= 0 || size_kb <= 0) {
		while (tap_done < tap_planned)
			tap_skip("hugetlb", "the kernel reserved no huge pages");
		return tap_exit();
	}
	tap_ok(1, "%lld huge pages reserved", total);
	mkdir(MNT, 0755);
	if (!tap_ok(!mount("none", MNT, "hugetlbfs", 0, NULL),
		    "mount hugetlbfs"))
		tap_bail("mount hugetlbfs");
	if (!use_page(size_kb << 10))
		while (tap_done < tap_planned - 1)
			tap_ok(0, "not reached");
	tap_ok(!umount(MNT), "umount hugetlbfs");
	tap_write_file(NR_PATH, "0");
	return tap_exit();
}
