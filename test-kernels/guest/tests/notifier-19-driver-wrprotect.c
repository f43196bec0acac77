// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-19-driver-wrprotect: a driver changing user ptes with
 * apply_to_page_range() (2.6.22+) must notify: the module write-protects
 * a range that way (test-only ioctl), no writable entry may survive.
 */
#include "shadow.h"

#define NPAGES 16

int main(void)
{
	struct mnb_shadow_count c, r;
	uint64_t seq;
	char *p;
	int fd, ret;

	sh_suite_or_skip();
	tap_plan(3);
	fd = sh_start();
	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 21);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	memset(&r, 0, sizeof(r));
	r.start = (uintptr_t)p;
	r.len = NPAGES * pg;
	ret = sh_ioctl(fd, MNB_SHADOW_WRPROTECT, &r);
	if (ret == -ENOSYS) {
		while (tap_done < tap_planned)
			tap_skip("apply_to_page_range", "not in this kernel (2.6.22+)");
		return tap_exit();
	}
	tap_ok(!ret, "apply_to_page_range write-protected %d ptes%s%s", NPAGES,
	       ret ? ": " : "", ret ? strerror(-ret) : "");
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(c.writable == 0 && sh_invalidations(fd, seq, p, NPAGES * pg) > 0,
	       "no writable entry left (%llu)", (unsigned long long)c.writable);
	sh_ok_clean(fd, "apply_to_page_range");
	return tap_exit();
}
