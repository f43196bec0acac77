// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-16-eintr: a signal pending while mmu_notifier_register() takes
 * the mm's locks makes it fail with EINTR, leaving nothing behind: no
 * registration, no lock held, and the next attempt succeeds.
 */
#include "shadow.h"

#define FILE_PATH "/tmp/notifier-eintr"

static volatile int got;

static void handler(int sig)
{
	(void)sig;
	got++;
}

int main(void)
{
	struct mnb_shadow_global g0, g1;
	struct sigaction sa;
	struct mnb_shadow_stats st;
	int fd, ret, f;
	char *p, *q;

	sh_suite_or_skip();
	tap_plan(5);
	fd = sh_open();
	if (fd < 0)
		tap_bail("open " SHADOW_DEV);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;	/* no SA_RESTART */
	sigaction(SIGUSR1, &sa, NULL);
	/* A file mapping too, so that an i_mmap lock is taken. */
	f = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, pg))
		tap_bail("create " FILE_PATH);
	q = mmap(NULL, pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	p = sh_anon(4, PROT_READ | PROT_WRITE);
	sh_touch(p, 4, 17);
	q[0] = 1;

	g0 = sh_global(fd);
	ret = sh_attach_flags(fd, MNB_ATTACH_SIGNAL, SIGUSR1);
	tap_ok(ret == -EINTR, "ATTACH with SIGUSR1 pending: %s",
	       ret ? strerror(-ret) : "succeeded");
	tap_ok(got == 1, "the signal was delivered (%d)", got);
	g1 = sh_global(fd);
	st = sh_stats(fd);
	tap_ok(g1.registered == g0.registered && !(st.state & MNB_ST_ATTACHED),
	       "nothing registered after EINTR");
	/* A leaked i_mmap or anon_vma lock would hang here. */
	tap_ok(!munmap(q, pg) && !munmap(p + pg, pg) &&
	       mmap(q, pg, PROT_READ, MAP_SHARED, f, 0) != MAP_FAILED,
	       "munmap and mmap still work (no lock left held)");
	ret = sh_attach_flags(fd, 0, 0);
	tap_ok(!ret && !sh_map(fd, p, pg, 1) && !sh_check(fd) &&
	       !sh_ioctl(fd, MNB_SHADOW_DETACH, NULL),
	       "ATTACH without a signal succeeds%s%s", ret ? ": " : "",
	       ret ? strerror(-ret) : "");
	close(fd);
	close(f);
	unlink(FILE_PATH);
	return tap_exit();
}
