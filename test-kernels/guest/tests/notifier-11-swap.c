// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-11-swap: reclaim ages the shadow's pages (clear_flush_young),
 * swaps them out (try_to_unmap: invalidate_page) and the shadow drops
 * them; the data comes back intact and can be mapped again.
 */
#include "shadow.h"
#include "swapload.h"

#define NPAGES 4096	/* 16 MiB */

int main(void)
{
	struct mnb_shadow_stats st;
	struct mnb_shadow_count c;
	long long out;
	size_t bad;
	char *p;
	int fd;

	sh_suite_or_skip();
	tap_plan(6);
	fd = sh_start();
	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sw_fill(p, NPAGES);
	tap_ok(!sh_map(fd, p, NPAGES * pg, 1), "MAP %d pages", NPAGES);
	out = sw_pressure();
	if (out < 0)
		tap_bail("no swap");
	c = sh_count(fd, p, NPAGES * pg);
	st = sh_stats(fd);
	tap_diag("pswpout +%lld; entries %llu of %d; clear_flush_young %llu (young %llu), invalidate_page %llu, range_start %llu",
		 out, (unsigned long long)c.entries, NPAGES,
		 (unsigned long long)st.calls[MNB_CB_CLEAR_FLUSH_YOUNG],
		 (unsigned long long)st.young,
		 (unsigned long long)st.calls[MNB_CB_INVALIDATE_PAGE],
		 (unsigned long long)st.calls[MNB_CB_RANGE_START]);
	tap_ok(out > 0 && c.entries < NPAGES,
	       "pages were swapped out and their entries dropped (%llu left)",
	       (unsigned long long)c.entries);
	tap_ok(st.calls[MNB_CB_CLEAR_FLUSH_YOUNG] > 0 && st.young > 0,
	       "clear_flush_young called during aging, young reported");
	sh_ok_clean(fd, "after swap-out");
	bad = sw_bad(p, NPAGES);
	tap_ok(!bad, "data read back intact (%zu bad pages)", bad);
	sh_map(fd, p, NPAGES * pg, 1);
	sh_ok_clean(fd, "swapped in, MAP again");
	munmap(p, NPAGES * pg);
	return tap_exit();
}
