// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-05-fork-cow: fork write-protects the parent's private pages
 * (no writable entry may survive), then copy-on-write in the parent and in
 * the child gives the writer a new page: the shadow entry must follow
 * (change_pte on kernels that call it) or go (invalidate_page).
 */
#include "shadow.h"

#define NPAGES 16
#define HALF (NPAGES / 2)

/* One change_pte (or invalidate_page without it) per page written. */
static int cow_seen(struct mnb_shadow_stats *a, struct mnb_shadow_stats *b,
		    const char *who)
{
	unsigned long long cp, ip, rs;

	cp = b->calls[MNB_CB_CHANGE_PTE] - a->calls[MNB_CB_CHANGE_PTE];
	ip = b->calls[MNB_CB_INVALIDATE_PAGE] -
	     a->calls[MNB_CB_INVALIDATE_PAGE];
	rs = b->calls[MNB_CB_RANGE_START] - a->calls[MNB_CB_RANGE_START];
	tap_diag("COW in %s: change_pte %llu, invalidate_page %llu, range_start %llu",
		 who, cp, ip, rs);
	return sh_has_change_pte() ? cp >= HALF : ip >= HALF;
}

/*
 * COW of the second half from the child's side, into its own shadow on its
 * own mm, while the parent still maps those pages.
 */
static int child(char *p, int go)
{
	struct mnb_shadow_stats st0, st1;
	char *b = p + HALF * pg, c;
	int fd;

	if (read(go, &c, 1) != 1)
		return 13;
	fd = sh_open();
	if (fd < 0 || sh_attach_flags(fd, 0, 0) || sh_map(fd, b, HALF * pg, 0))
		return 10;
	sh_ioctl(fd, MNB_SHADOW_INFO, &sh_info);
	st0 = sh_stats(fd);
	sh_touch(b, HALF, 0x40);
	st1 = sh_stats(fd);
	if (!cow_seen(&st0, &st1, "child"))
		return 11;
	if (sh_check(fd))
		return 12;
	return 0;
}

int main(void)
{
	struct mnb_shadow_stats st0, st1;
	struct mnb_shadow_count c;
	int fd, go[2], status;
	uint64_t seq;
	pid_t pid;
	char *p;

	sh_suite_or_skip();
	tap_plan(7);
	fd = sh_start();
	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 7);
	sh_map(fd, p, NPAGES * pg, 1);
	if (pipe(go))
		tap_bail("pipe");
	seq = sh_seq(fd);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		_exit(child(p, go[0]));
	}
	close(go[0]);
	tap_ok(pid > 0, "fork");
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(c.writable == 0 &&
	       sh_invalidations(fd, seq, p, NPAGES * pg) > 0,
	       "fork: parent's entries no longer writable (%llu writable)",
	       (unsigned long long)c.writable);
	sh_ok_clean(fd, "after fork");

	/*
	 * Read-only entries on the shared pages, then COW of the first half
	 * in the parent while the child still maps it (else the kernel would
	 * just reuse the page).
	 */
	sh_map(fd, p, NPAGES * pg, 0);
	st0 = sh_stats(fd);
	sh_touch(p, HALF, 0x20);
	st1 = sh_stats(fd);
	tap_ok(cow_seen(&st0, &st1, "parent"),
	       "COW in parent: %s for each page",
	       sh_has_change_pte() ? "change_pte" : "invalidate_page");
	sh_ok_clean(fd, "COW in parent");

	if (write(go[1], "g", 1) != 1)
		tap_diag("pipe write: %s", strerror(errno));
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	       "COW in child: %s, child's shadow coherent (status %#x)",
	       sh_has_change_pte() ? "change_pte" : "invalidate_page",
	       status);
	sh_touch(p, NPAGES, 0x30);
	sh_map(fd, p, NPAGES * pg, 1);
	sh_ok_clean(fd, "parent alone again, writable entries");
	return tap_exit();
}
