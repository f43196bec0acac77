// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-02-munmap: munmap of a whole mapping and of its middle drops
 * exactly the shadow entries of the unmapped pages.
 */
#include "shadow.h"

#define NPAGES 32

int main(void)
{
	struct mnb_shadow_count c;
	uint64_t seq;
	char *p;
	int fd;

	sh_suite_or_skip();
	tap_plan(7);
	fd = sh_start();

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 2);
	tap_ok(!sh_map(fd, p, NPAGES * pg, 1), "MAP %d pages", NPAGES);
	seq = sh_seq(fd);
	munmap(p, NPAGES * pg);
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(c.entries == 0, "munmap whole: no entry left (%llu)",
	       (unsigned long long)c.entries);
	tap_ok(sh_events(fd, seq, MNB_CB_RANGE_START, p, NPAGES * pg, 1) ||
	       sh_invalidations(fd, seq, p, NPAGES * pg) >= NPAGES,
	       "munmap whole: invalidation covering the range");
	sh_ok_clean(fd, "munmap whole");

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 3);
	sh_map(fd, p, NPAGES * pg, 1);
	munmap(p + 8 * pg, 8 * pg);
	c = sh_count(fd, p + 8 * pg, 8 * pg);
	tap_ok(c.entries == 0, "munmap pages 8-15: their entries gone (%llu)",
	       (unsigned long long)c.entries);
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(c.entries == NPAGES - 8 && c.writable == NPAGES - 8,
	       "munmap pages 8-15: the other %d entries kept (%llu)",
	       NPAGES - 8, (unsigned long long)c.entries);
	sh_ok_clean(fd, "munmap partial");
	munmap(p, NPAGES * pg);
	return tap_exit();
}
