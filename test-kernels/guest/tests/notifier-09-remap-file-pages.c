// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-09-remap-file-pages: remap_file_pages rearranges the pages of a
 * shared mapping in place (nonlinear): entries of the remapped addresses
 * must not keep pointing at the old file pages.  Reclaim of a nonlinear
 * mapping (try_to_unmap_cluster) must drop entries too.
 */
#include <sys/syscall.h>
#include "shadow.h"
#include "swapload.h"

#define NPAGES 8
#define BIG 2048	/* 8 MiB nonlinear mapping for the reclaim case */
#define FILE_PATH "/tmp/notifier-remap"

int main(void)
{
	struct mnb_shadow_count c;
	uint64_t seq;
	char *p;
	int fd, f, ret;

	sh_suite_or_skip();
	tap_plan(7);
	fd = sh_start();
	f = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, NPAGES * pg))
		tap_bail("create " FILE_PATH);
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap " FILE_PATH);
	sh_touch(p, NPAGES, 13);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	/* Show file pages 4-7 at the addresses of pages 0-3. */
	ret = syscall(SYS_remap_file_pages, p, 4 * pg, 0, 4, 0);
	tap_ok(!ret, "remap_file_pages pages 0-3 -> file pages 4-7%s%s",
	       ret ? ": " : "", ret ? strerror(errno) : "");
	c = sh_count(fd, p, 4 * pg);
	tap_ok(sh_invalidations(fd, seq, p, 4 * pg) > 0 && c.entries == 0,
	       "entries of the remapped addresses gone (%llu)",
	       (unsigned long long)c.entries);
	tap_ok(p[0] == (char)(13 + 4), "page 0 shows file page 4");
	sh_map(fd, p, NPAGES * pg, 1);
	sh_ok_clean(fd, "remap_file_pages, MAP again");
	munmap(p, NPAGES * pg);

	/*
	 * Reclaim of a nonlinear mapping goes through try_to_unmap_cluster():
	 * a tmpfs file, its two halves swapped in the mapping, pushed to swap.
	 */
	if (ftruncate(f, BIG * pg))
		tap_bail("ftruncate");
	p = mmap(NULL, BIG * pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap " FILE_PATH);
	syscall(SYS_remap_file_pages, p, BIG / 2 * pg, 0, BIG / 2, 0);
	syscall(SYS_remap_file_pages, p + BIG / 2 * pg, BIG / 2 * pg, 0, 0, 0);
	sw_fill(p, BIG);
	sh_map(fd, p, BIG * pg, 1);
	if (sw_pressure() < 0)
		tap_bail("no swap");
	c = sh_count(fd, p, BIG * pg);
	tap_diag("nonlinear: %llu of %d entries left",
		 (unsigned long long)c.entries, BIG);
	tap_ok(c.entries < BIG, "reclaim of a nonlinear mapping dropped entries");
	sh_ok_clean(fd, "nonlinear reclaim");
	tap_ok(!sw_bad(p, BIG), "nonlinear data intact");
	munmap(p, BIG * pg);
	close(f);
	unlink(FILE_PATH);
	return tap_exit();
}
