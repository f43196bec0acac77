// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-12-exit: a process exits with its notifier still registered.
 * ->release must run exactly once, from exit_mmap before any page of the
 * mm is unmapped, and the later unregister (close of the last file
 * reference) must not run it again.
 */
#include "shadow.h"

#define NPAGES 64

int main(void)
{
	struct mnb_shadow_global g0, g1, g2;
	struct mnb_shadow_stats st;
	int fd, ready[2], status;
	pid_t pid;
	char b;

	sh_suite_or_skip();
	tap_plan(6);
	fd = sh_open();
	if (fd < 0)
		tap_bail("open " SHADOW_DEV);
	sh_ioctl(fd, MNB_SHADOW_INFO, &sh_info);
	if (pipe(ready))
		tap_bail("pipe");
	g0 = sh_global(fd);
	pid = fork();
	if (pid == 0) {
		/* The child attaches the shared file to its own mm, exits. */
		char *p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
		int ret;

		sh_touch(p, NPAGES, 15);
		ret = sh_attach_flags(fd, 0, 0);
		if (!ret)
			ret = sh_map(fd, p, NPAGES * pg, 1);
		b = ret ? 'E' : 'R';
		if (write(ready[1], &b, 1) != 1)
			_exit(2);
		_exit(0);
	}
	close(ready[1]);
	if (read(ready[0], &b, 1) != 1)
		b = '?';
	if (!tap_ok(b == 'R', "child attached and mapped %d pages", NPAGES))
		tap_bail("child could not attach (%c)", b);
	waitpid(pid, &status, 0);
	tap_ok(WIFEXITED(status) && !WEXITSTATUS(status), "child exited");
	st = sh_stats(fd);
	g1 = sh_global(fd);
	tap_ok(st.calls[MNB_CB_RELEASE] == 1 &&
	       g1.released == g0.released + 1 &&
	       (st.state & MNB_ST_RELEASED),
	       "exit ran ->release exactly once (%llu)",
	       (unsigned long long)st.calls[MNB_CB_RELEASE]);
	tap_ok(st.release_entries == NPAGES && st.release_unmapped == 0,
	       "->release came before the pages were unmapped (%llu of %llu entries already unmapped)",
	       (unsigned long long)st.release_unmapped,
	       (unsigned long long)st.release_entries);
	tap_ok(st.entries == 0 && sh_map(fd, &st, pg, 0) == -ESRCH,
	       "no entry left, MAP refused after release (ESRCH)");
	close(fd);
	fd = sh_open();
	g2 = sh_global(fd);
	tap_ok(g2.released == g1.released &&
	       g2.unregistered == g1.unregistered + 1,
	       "close: unregistered, ->release not run again");
	close(fd);
	return tap_exit();
}
