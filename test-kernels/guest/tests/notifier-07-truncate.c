// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-07-truncate: ftruncate of a file on tmpfs unmaps the cut pages
 * from every shared mapping (unmap_mapping_range): entries go with them.
 */
#include "shadow.h"

#define NPAGES 16
#define FILE_PATH "/tmp/notifier-truncate"

int main(void)
{
	struct mnb_shadow_count c;
	uint64_t seq;
	char *p;
	int fd, f;

	sh_suite_or_skip();
	tap_plan(4);
	fd = sh_start();
	f = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, NPAGES * pg))
		tap_bail("create " FILE_PATH);
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap " FILE_PATH);
	sh_touch(p, NPAGES, 10);
	tap_ok(!sh_map(fd, p, NPAGES * pg, 1), "MAP a shared tmpfs mapping");
	seq = sh_seq(fd);
	if (ftruncate(f, NPAGES / 2 * pg))
		tap_diag("ftruncate: %s", strerror(errno));
	c = sh_count(fd, p + NPAGES / 2 * pg, NPAGES / 2 * pg);
	tap_ok(c.entries == 0 &&
	       sh_invalidations(fd, seq, p + NPAGES / 2 * pg,
				NPAGES / 2 * pg) > 0,
	       "ftruncate to half: tail entries gone (%llu)",
	       (unsigned long long)c.entries);
	c = sh_count(fd, p, NPAGES / 2 * pg);
	tap_ok(c.entries == NPAGES / 2, "head entries kept (%llu)",
	       (unsigned long long)c.entries);
	sh_ok_clean(fd, "ftruncate");
	munmap(p, NPAGES * pg);
	close(f);
	unlink(FILE_PATH);
	return tap_exit();
}
