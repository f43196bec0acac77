// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-11-swap: reclaim ages the shadow's pages (clear_flush_young),
 * swaps them out (try_to_unmap: invalidate_page) and the shadow drops
 * them; the data comes back intact and can be mapped again.
 *
 * Aging is judged on the trace, read every 2 ms while a child process
 * makes the memory pressure (its own pages, in its own mm, never reach the
 * shadow; the ring holds 4096 events).  Two rmap paths ask
 * clear_flush_young about a mapped page:
 *  - try_to_unmap_one() asks, and when nobody answers young it clears the
 *    pte and calls invalidate_page for the same address, under the same
 *    pte lock: its "not young" is always followed by invalidate_page there;
 *  - page_referenced_one() (LRU aging: shrink_active_list, and
 *    shrink_page_list before it tries to unmap) asks and leaves the pte
 *    alone, so the page is asked again later.
 * A "not young" answer followed by another clear_flush_young at the same
 * address therefore proves that page_referenced_one() notified; a total
 * count of clear_flush_young calls would not (try_to_unmap_one makes them
 * too).  The pressure never touches the test's pages, so their primary
 * ptes stay old once aged and try_to_unmap_one() cannot bail out on them.
 */
#include "shadow.h"
#include "swapload.h"

#define NPAGES 4096	/* 16 MiB */

enum { AGE_NONE, AGE_YOUNG, AGE_OLD, AGE_GONE };

struct aging {
	int fd;
	uintptr_t start;
	uint64_t seq;			/* trace read up to here */
	unsigned char state[NPAGES];	/* AGE_*: last answer per page */
	unsigned char referenced[NPAGES]; /* asked again after "not young" */
	long nr_referenced;		/* pages with referenced[] set */
	long young;			/* "young" answers seen in the trace */
	long old;			/* "not young" answers seen */
	long events, lost, polls;
};

static void age_event(struct aging *a, const struct mnb_shadow_event *e)
{
	uintptr_t end = a->start + NPAGES * pg, s, x;
	size_t i;

	if (e->end <= a->start || e->start >= end)
		return;
	if (e->type == MNB_CB_RANGE_START) {
		s = e->start < a->start ? a->start : e->start;
		x = e->end > end ? end : e->end;
		for (; s < x; s += pg)
			a->state[(s - a->start) / pg] = AGE_GONE;
		return;
	}
	i = (e->start - a->start) / pg;
	switch (e->type) {
	case MNB_CB_CLEAR_FLUSH_YOUNG:
		if (a->state[i] == AGE_OLD && !a->referenced[i]) {
			a->referenced[i] = 1;
			a->nr_referenced++;
		}
		a->state[i] = e->arg ? AGE_YOUNG : AGE_OLD;
		if (e->arg)
			a->young++;
		else
			a->old++;
		break;
	case MNB_CB_INVALIDATE_PAGE:
		a->state[i] = AGE_GONE;
		break;
	default:
		a->state[i] = AGE_NONE;
	}
}

/* Called while the pressure runs: consume the trace since the last call. */
static void age_poll(void *arg)
{
	struct aging *a = arg;
	struct mnb_shadow_trace t = {
		.buf = (uintptr_t)sh_ev, .max = SH_TRACE_MAX, .since = a->seq,
	};
	unsigned int i;

	a->polls++;
	if (sh_ioctl(a->fd, MNB_SHADOW_TRACE, &t))
		return;
	if (t.lost) {
		/* A gap: what came before no longer says anything. */
		a->lost += t.lost;
		memset(a->state, AGE_NONE, sizeof(a->state));
	}
	for (i = 0; i < t.n; i++)
		age_event(a, &sh_ev[i]);
	a->events += t.n;
	a->seq = t.n ? sh_ev[t.n - 1].seq : t.last;
}

static struct aging age;

int main(void)
{
	struct mnb_shadow_stats st;
	struct mnb_shadow_count c;
	long long out;
	size_t bad;
	char *p;
	int fd;

	sh_suite_or_skip();
	tap_plan(7);
	fd = sh_start();
	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sw_fill(p, NPAGES);
	if (madvise(p, NPAGES * pg, MADV_DONTFORK))
		tap_bail("MADV_DONTFORK");
	tap_ok(!sh_map(fd, p, NPAGES * pg, 1), "MAP %d pages", NPAGES);
	age.fd = fd;
	age.start = (uintptr_t)p;
	age.seq = sh_seq(fd);
	out = sw_pressure_child(age_poll, &age);
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
	tap_diag("trace: %ld events in %ld polls, %ld lost; on the shadowed pages %ld young and %ld not-young answers",
		 age.events, age.polls, age.lost, age.young, age.old);
	tap_ok(out > 0 && c.entries < NPAGES,
	       "pages were swapped out and their entries dropped (%llu left)",
	       (unsigned long long)c.entries);
	/* Each entry is young once (MAP), so at most NPAGES answers. */
	tap_ok(st.young > 0 && st.young <= NPAGES,
	       "clear_flush_young reported the shadow's young pages, each once (%llu)",
	       (unsigned long long)st.young);
	tap_ok(age.nr_referenced > 0,
	       "aging (page_referenced) asked the shadow: %ld pages answered not young and stayed mapped",
	       age.nr_referenced);
	sh_ok_clean(fd, "after swap-out");
	bad = sw_bad(p, NPAGES);
	tap_ok(!bad, "data read back intact (%zu bad pages)", bad);
	sh_map(fd, p, NPAGES * pg, 1);
	sh_ok_clean(fd, "swapped in, MAP again");
	munmap(p, NPAGES * pg);
	return tap_exit();
}
