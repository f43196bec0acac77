// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-17-no-notifier: the same shadow without a registered notifier
 * (test-only ATTACH flag).  Nobody tells it anything, so after munmap,
 * fork + COW and swap-out CHECK must find the stale entries that the
 * notifiers prevent: proof that the checker sees what it is there for.
 */
#include "shadow.h"
#include "swapload.h"

#define NPAGES 16
#define SWAP_PAGES 2048

int main(void)
{
	struct mnb_shadow_stats st;
	int fd, go[2], status, i;
	long stale;
	pid_t pid;
	char *p, b;

	sh_suite_or_skip();
	tap_plan(7);
	fd = sh_open();
	if (fd < 0)
		tap_bail("open " SHADOW_DEV);
	tap_ok(!sh_attach_flags(fd, MNB_ATTACH_NO_NOTIFY, 0),
	       "ATTACH in no-notifier mode");

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 18);
	sh_map(fd, p, NPAGES * pg, 1);
	munmap(p, NPAGES * pg);
	stale = sh_check_quiet(fd, 1);
	tap_ok(stale == NPAGES && (sh_reasons & MNB_STALE_NOT_MAPPED),
	       "munmap: CHECK finds %ld stale entries (page no longer mapped)",
	       stale);
	sh_ioctl(fd, MNB_SHADOW_CLEAR, NULL);

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 19);
	sh_map(fd, p, NPAGES * pg, 1);
	if (pipe(go))
		tap_bail("pipe");
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		_exit(read(go[0], &b, 1) == 1 ? 0 : 1);
	}
	stale = sh_check_quiet(fd, 1);
	tap_ok(stale == NPAGES && (sh_reasons & MNB_STALE_WRITABLE),
	       "fork: CHECK finds %ld writable entries on read-only ptes",
	       stale);
	sh_touch(p, NPAGES, 20);	/* COW: the parent gets new pages */
	stale = sh_check_quiet(fd, 1);
	tap_ok(stale == NPAGES && (sh_reasons & MNB_STALE_PFN),
	       "COW: CHECK finds %ld entries on the old pages", stale);
	if (write(go[1], "g", 1) != 1)
		tap_diag("pipe: %s", strerror(errno));
	waitpid(pid, &status, 0);
	sh_ioctl(fd, MNB_SHADOW_CLEAR, NULL);
	munmap(p, NPAGES * pg);

	p = sh_anon(SWAP_PAGES, PROT_READ | PROT_WRITE);
	sw_fill(p, SWAP_PAGES);
	sh_map(fd, p, SWAP_PAGES * pg, 1);
	if (sw_pressure() < 0)
		tap_bail("no swap");
	stale = sh_check_quiet(fd, 1);
	tap_ok(stale > 0 && (sh_reasons & MNB_STALE_NOT_MAPPED),
	       "swap-out: CHECK finds %ld entries of swapped pages", stale);
	tap_ok(!sw_bad(p, SWAP_PAGES), "data intact (the shadow was not used)");
	st = sh_stats(fd);
	for (i = 1, stale = 0; i < MNB_CB_MAX; i++)
		stale += st.calls[i];
	tap_ok(stale == 0 && (st.state & MNB_ST_NO_NOTIFY),
	       "no callback reached the unregistered shadow");
	close(fd);
	return tap_exit();
}
