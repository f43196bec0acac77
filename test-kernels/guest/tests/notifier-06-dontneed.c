// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-06-dontneed: MADV_DONTNEED frees the pages of a range: their
 * entries must go first.
 */
#include "shadow.h"

#define NPAGES 16

int main(void)
{
	struct mnb_shadow_count c;
	uint64_t seq;
	char *p;
	int fd;

	sh_suite_or_skip();
	tap_plan(4);
	fd = sh_start();
	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 8);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	madvise(p + 4 * pg, 8 * pg, MADV_DONTNEED);
	c = sh_count(fd, p + 4 * pg, 8 * pg);
	tap_ok(c.entries == 0, "MADV_DONTNEED pages 4-11: entries gone (%llu)",
	       (unsigned long long)c.entries);
	tap_ok(sh_invalidations(fd, seq, p + 4 * pg, 8 * pg) > 0 &&
	       sh_count(fd, p, NPAGES * pg).entries == NPAGES - 8,
	       "MADV_DONTNEED: invalidation seen, other entries kept");
	sh_ok_clean(fd, "MADV_DONTNEED");
	sh_touch(p, NPAGES, 9);
	sh_map(fd, p, NPAGES * pg, 1);
	sh_ok_clean(fd, "refault and MAP again");
	return tap_exit();
}
