// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-03-mprotect: RW -> RO must leave no writable shadow entry;
 * RO -> RW needs no callback for correctness, but the shadow must still
 * match after the pages are written.
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
	tap_plan(6);
	fd = sh_start();

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 4);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	tap_ok(!mprotect(p, NPAGES * pg, PROT_READ), "mprotect RW -> RO");
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(c.writable == 0, "RW -> RO: no writable entry (%llu of %llu)",
	       (unsigned long long)c.writable,
	       (unsigned long long)c.entries);
	tap_ok(sh_invalidations(fd, seq, p, NPAGES * pg) > 0,
	       "RW -> RO: invalidation seen");
	sh_ok_clean(fd, "RW -> RO");

	/* The pages are RO now: map them read-only, then open them up. */
	sh_map(fd, p, NPAGES * pg, 0);
	mprotect(p, NPAGES * pg, PROT_READ | PROT_WRITE);
	sh_ok_clean(fd, "RO -> RW");
	sh_touch(p, NPAGES, 5);
	sh_ok_clean(fd, "RO -> RW, then written");
	munmap(p, NPAGES * pg);
	return tap_exit();
}
