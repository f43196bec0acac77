/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shadow.h - helpers of the notifier suite (tests/notifier-*.c): drive the
 * software secondary MMU of test-kernels/modules/shadow-mmu (mnb_shadow.ko)
 * and judge what it saw.
 *
 * The suite runs only when the kernel command line says
 * mnb.suite=notifier: the smoke matrix also boots kernels without
 * notifiers, where every case here must fail.  Without the option each
 * program prints "1..0 # SKIP" and exits 4.
 *
 * Every case follows the same shape: map a range in the shadow, act on the
 * primary mapping, then CHECK (no stale entry may remain) and look at the
 * callback trace and counters.
 */
#ifndef MNB_SHADOW_TEST_H
#define MNB_SHADOW_TEST_H

#include <stdint.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "../tap.h"
#include "../../modules/shadow-mmu/mnb_shadow.h"

/* Keep in step with the module header: the guest cache key misses it. */
#if MNB_SHADOW_ABI != 4
#error "mnb_shadow.h changed: update MNB_SHADOW_ABI here too"
#endif

#define SHADOW_DEV	"/dev/" MNB_SHADOW_NAME

static long pg;				/* page size */
static struct mnb_shadow_info sh_info;

/* Skip the whole program unless the notifier suite was asked for. */
static void sh_suite_or_skip(void)
{
	char buf[64];

	pg = sysconf(_SC_PAGESIZE);
	if (tap_cmdline("mnb.suite", buf, sizeof(buf)) &&
	    strstr(buf, "notifier"))
		return;
	printf("1..0 # SKIP notifier suite not selected (mnb.suite=notifier)\n");
	fflush(stdout);
	exit(TAP_EXIT_SKIP);
}

/* No devtmpfs: make the node from /proc/misc ("minor name"), major 10. */
static int sh_mknod(void)
{
	char line[128], name[64];
	int minor, found = 0;
	FILE *f = fopen("/proc/misc", "r");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = sscanf(line, "%d %63s", &minor, name) == 2 &&
			!strcmp(name, MNB_SHADOW_NAME);
	fclose(f);
	if (!found) {
		errno = ENODEV;
		return -1;
	}
	mkdir("/dev", 0755);
	if (mknod(SHADOW_DEV, S_IFCHR | 0600, makedev(10, minor)) &&
	    errno != EEXIST)
		return -1;
	return 0;
}

static int sh_open(void)
{
	if (access(SHADOW_DEV, F_OK) && sh_mknod())
		return -1;
	return open(SHADOW_DEV, O_RDWR);
}

/* ioctl returning 0 or -errno. */
static int sh_ioctl(int fd, unsigned long cmd, void *arg)
{
	return ioctl(fd, cmd, arg) ? -errno : 0;
}

static int sh_attach_flags(int fd, unsigned int flags, int sig)
{
	struct mnb_shadow_attach a = { .flags = flags, .sig = sig };

	return sh_ioctl(fd, MNB_SHADOW_ATTACH, &a);
}

static int sh_map(int fd, void *addr, size_t len, int write)
{
	struct mnb_shadow_map m = {
		.start = (uintptr_t)addr, .len = len, .write = write,
	};
	int ret = sh_ioctl(fd, MNB_SHADOW_MAP, &m);

	if (ret)
		tap_diag("MAP %p+%zu: %s (%llu mapped)", addr, len,
			 strerror(-ret), (unsigned long long)m.mapped);
	return ret;
}

static struct mnb_shadow_stats sh_stats(int fd)
{
	struct mnb_shadow_stats st;

	memset(&st, 0, sizeof(st));
	if (sh_ioctl(fd, MNB_SHADOW_STATS, &st))
		tap_diag("STATS: %s", strerror(errno));
	return st;
}

static struct mnb_shadow_global sh_global(int fd)
{
	struct mnb_shadow_global g;

	memset(&g, 0, sizeof(g));
	sh_ioctl(fd, MNB_SHADOW_GLOBAL, &g);
	return g;
}

static struct mnb_shadow_count sh_count(int fd, void *addr, size_t len)
{
	struct mnb_shadow_count c = { .start = (uintptr_t)addr, .len = len };

	if (sh_ioctl(fd, MNB_SHADOW_COUNT, &c))
		tap_diag("COUNT: %s", strerror(errno));
	return c;
}

static uint64_t sh_seq(int fd)
{
	struct mnb_shadow_trace t = { .max = 0 };

	sh_ioctl(fd, MNB_SHADOW_TRACE, &t);
	return t.last;
}

static const char *sh_cb_name(unsigned int type)
{
	static const char *const names[MNB_CB_MAX] = {
		"?", "release", "clear_flush_young", "change_pte",
		"invalidate_page", "invalidate_range_start",
		"invalidate_range_end",
	};

	return type < MNB_CB_MAX ? names[type] : "?";
}

#define SH_TRACE_MAX 4096
static struct mnb_shadow_event sh_ev[SH_TRACE_MAX];

/* Events since seq; returns how many are in sh_ev[]. */
static int sh_trace(int fd, uint64_t since)
{
	struct mnb_shadow_trace t = {
		.buf = (uintptr_t)sh_ev, .max = SH_TRACE_MAX, .since = since,
	};

	if (sh_ioctl(fd, MNB_SHADOW_TRACE, &t))
		return 0;
	if (t.lost)
		tap_diag("trace: %llu events lost", (unsigned long long)t.lost);
	return t.n;
}

/* Print the events since seq touching [start, end), at most max. */
static void sh_trace_dump(int fd, uint64_t since, uintptr_t start,
			  uintptr_t end, int max)
{
	int i, n = sh_trace(fd, since), shown = 0;

	for (i = 0; i < n && shown < max; i++) {
		struct mnb_shadow_event *e = &sh_ev[i];

		if (e->type != MNB_CB_RELEASE &&
		    (e->end <= start || e->start >= end))
			continue;
		tap_diag("  trace #%llu %s %#llx-%#llx arg %#llx",
			 (unsigned long long)e->seq, sh_cb_name(e->type),
			 (unsigned long long)e->start,
			 (unsigned long long)e->end,
			 (unsigned long long)e->arg);
		shown++;
	}
}

/*
 * Number of events of type since seq overlapping [start, end), or
 * covering the whole range when whole is set.
 */
static int sh_events(int fd, uint64_t since, unsigned int type,
		     void *startp, size_t len, int whole)
{
	uintptr_t start = (uintptr_t)startp, end = start + len;
	int i, n = sh_trace(fd, since), hits = 0;

	for (i = 0; i < n; i++) {
		struct mnb_shadow_event *e = &sh_ev[i];

		if (e->type != type)
			continue;
		if (whole ? (e->start <= start && e->end >= end)
			  : (e->start < end && e->end > start))
			hits++;
	}
	return hits;
}

/* Invalidations (page or range start) since seq touching the range. */
static int sh_invalidations(int fd, uint64_t since, void *start, size_t len)
{
	return sh_events(fd, since, MNB_CB_INVALIDATE_PAGE, start, len, 0) +
	       sh_events(fd, since, MNB_CB_RANGE_START, start, len, 0);
}

static const char *sh_reason(unsigned int r)
{
	if (r & MNB_STALE_NOT_MAPPED)
		return "page no longer mapped";
	if (r & MNB_STALE_PFN)
		return "pte maps another page";
	return "writable, pte read-only";
}

/*
 * CHECK; print each stale entry (up to 4) with the callbacks seen on its
 * address since it was made.  Returns the number of stale entries, -1 if
 * CHECK failed.  reasons collects MNB_STALE_* of all reported ones.
 */
static unsigned int sh_reasons;

static long sh_check_quiet(int fd, int show)
{
	static struct mnb_shadow_stale st[64];
	struct mnb_shadow_check c = { .buf = (uintptr_t)st, .max = 64 };
	unsigned int i;
	int ret = sh_ioctl(fd, MNB_SHADOW_CHECK, &c);

	sh_reasons = 0;
	if (ret) {
		tap_diag("CHECK: %s", strerror(-ret));
		return -1;
	}
	for (i = 0; i < c.stale && i < 64; i++)
		sh_reasons |= st[i].reason;
	for (i = 0; i < c.stale && i < (unsigned int)show && i < 64; i++) {
		tap_diag("stale: %#llx shadow pfn %#llx%s, pte pfn %#llx flags %#x: %s",
			 (unsigned long long)st[i].addr,
			 (unsigned long long)st[i].shadow_pfn,
			 st[i].shadow_writable ? " rw" : " ro",
			 (unsigned long long)st[i].pte_pfn, st[i].pte_flags,
			 sh_reason(st[i].reason));
		sh_trace_dump(fd, st[i].map_seq, st[i].addr,
			      st[i].addr + pg, 6);
	}
	if (c.stale)
		tap_diag("%llu stale of %llu entries",
			 (unsigned long long)c.stale,
			 (unsigned long long)c.checked);
	return c.stale;
}

static long sh_check(int fd)
{
	return sh_check_quiet(fd, 4);
}

/* Shorthand for the common case. */
static int sh_ok_clean(int fd, const char *what)
{
	return tap_ok(sh_check(fd) == 0, "%s: no stale shadow entry", what);
}

/*
 * Open and attach with a real notifier.  The ATTACH error is the reason
 * every remaining case fails: on a kernel without notifiers it is ENOSYS.
 */
static int sh_start(void)
{
	int fd = sh_open(), ret;

	if (fd < 0)
		tap_bail("open " SHADOW_DEV " (is mnb_shadow.ko loaded?)");
	if (sh_ioctl(fd, MNB_SHADOW_INFO, &sh_info))
		tap_bail("INFO");
	if (sh_info.abi != MNB_SHADOW_ABI) {
		errno = 0;
		tap_bail("module ABI %u, tests ABI %u", sh_info.abi,
			 MNB_SHADOW_ABI);
	}
	ret = sh_attach_flags(fd, 0, 0);
	if (ret) {
		errno = -ret;
		tap_bail("ATTACH (mmu_notifier_register) failed%s",
			 ret == -ENOSYS ?
			 " with ENOSYS: this kernel has no MMU notifiers" : "");
	}
	return fd;
}

static int sh_has_change_pte(void)
{
	return !!(sh_info.flags & MNB_INFO_HAS_CHANGE_PTE);
}

static void *sh_anon(size_t npages, int prot)
{
	void *p = mmap(NULL, npages * pg, prot, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);

	if (p == MAP_FAILED)
		tap_bail("mmap %zu pages", npages);
	return p;
}

static void sh_touch(void *p, size_t npages, int val)
{
	size_t i;

	for (i = 0; i < npages; i++)
		memset((char *)p + i * pg, val + (int)i, 64);
}

#endif /* MNB_SHADOW_TEST_H */
