// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-04-mremap: moving a mapping drops the entries of the old
 * addresses (move_page_tables invalidates, then the old range is
 * unmapped); shrinking drops those of the tail only.
 */
#define _GNU_SOURCE
#include "shadow.h"

#define NPAGES 32

int main(void)
{
	struct mnb_shadow_count c;
	char *p, *q, *target;
	uint64_t seq;
	int fd, n;

	sh_suite_or_skip();
	tap_plan(7);
	fd = sh_start();

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	target = sh_anon(NPAGES, PROT_NONE);	/* a free place to move to */
	sh_touch(p, NPAGES, 6);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	q = mremap(p, NPAGES * pg, NPAGES * pg, MREMAP_MAYMOVE | MREMAP_FIXED,
		   target);
	tap_ok(q == target, "mremap move");
	/*
	 * The moved ptes must be invalidated by move_page_tables() itself,
	 * not only by the munmap of the old range that follows: between the
	 * two the old addresses no longer map the pages.
	 */
	n = sh_events(fd, seq, MNB_CB_RANGE_START, p, NPAGES * pg, 0);
	tap_ok(n >= 2, "move: old range invalidated by the move and by the unmap (%d ranges)",
	       n);
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(c.entries == 0, "move: entries of the old range gone (%llu)",
	       (unsigned long long)c.entries);
	sh_ok_clean(fd, "mremap move");

	sh_map(fd, q, NPAGES * pg, 1);
	p = mremap(q, NPAGES * pg, NPAGES / 2 * pg, 0);
	c = sh_count(fd, q + NPAGES / 2 * pg, NPAGES / 2 * pg);
	tap_ok(p == q && c.entries == 0,
	       "mremap shrink: tail entries gone (%llu)",
	       (unsigned long long)c.entries);
	c = sh_count(fd, q, NPAGES / 2 * pg);
	tap_ok(c.entries == NPAGES / 2, "shrink: head entries kept (%llu)",
	       (unsigned long long)c.entries);
	sh_ok_clean(fd, "mremap shrink");
	munmap(q, NPAGES / 2 * pg);
	return tap_exit();
}
