// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-18-trace: the callback trace of fixed workloads, printed in a
 * form that does not depend on addresses ("# trace <workload>: <events>",
 * offsets in pages from the start of the test's mapping, consecutive
 * single-page events folded into one "xN", events far from the mapping
 * and clear_flush_young left out), so that the traces of a
 * backported kernel can be diffed against native 2.6.27 / 2.6.32:
 *
 *	grep '^# # trace ' console.log
 *
 * Each case passes when the workload produced at least one invalidation
 * of its range; the expectations per kernel are in the other programs.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include "shadow.h"

#define NPAGES 16
#define FILE_PATH "/tmp/notifier-trace"

static int fd;

static void show(const char *name, uint64_t since, char *base)
{
	char line[1024], ev[96];
	int i, n = sh_trace(fd, since), len = 0, run = 0;
	long s = 0, e = 0, ps = 0, pe = 0;
	unsigned int type, ptype = 0;

	line[0] = '\0';
	for (i = 0; i <= n; i++) {
		if (i < n) {
			type = sh_ev[i].type;
			s = ((intptr_t)sh_ev[i].start - (intptr_t)base) / pg;
			e = ((intptr_t)sh_ev[i].end - (intptr_t)base) / pg;
			/* Aging, and the parent's own COW faults elsewhere
			 * (stack, libc data) depend on timing: leave out. */
			if (type == MNB_CB_CLEAR_FLUSH_YOUNG ||
			    (type != MNB_CB_RELEASE &&
			     (s < -NPAGES || e > 4 * NPAGES)))
				continue;
			if (run && type == ptype && s == pe && e == s + 1 &&
			    pe == ps + run) {
				run++;
				pe = e;
				continue;
			}
		}
		if (run) {
			if (ptype == MNB_CB_RELEASE)
				snprintf(ev, sizeof(ev), " %s",
					 sh_cb_name(ptype));
			else if (run > 1)
				snprintf(ev, sizeof(ev), " %s x%d %+ld..%+ld",
					 sh_cb_name(ptype), run, ps, pe);
			else
				snprintf(ev, sizeof(ev), " %s %+ld..%+ld",
					 sh_cb_name(ptype), ps, pe);
			if (len + strlen(ev) < sizeof(line) - 8)
				len += sprintf(line + len, "%s", ev);
			else if (!strstr(line, " ..."))
				len += sprintf(line + len, " ...");
		}
		if (i < n) {
			ptype = type;
			ps = s;
			pe = e;
			run = 1;
		}
	}
	tap_diag("trace %s:%s", name, len ? line : " (none)");
	tap_ok(len > 0, "trace of %s", name);
}

static char *region(int val)
{
	char *p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);

	sh_touch(p, NPAGES, val);
	sh_map(fd, p, NPAGES * pg, 1);
	return p;
}

int main(void)
{
	char *p, *q, b;
	uint64_t seq;
	int go[2], f, status;
	pid_t pid;

	sh_suite_or_skip();
	tap_plan(11);
	fd = sh_start();

	p = region(1);
	seq = sh_seq(fd);
	munmap(p, NPAGES * pg);
	show("munmap", seq, p);

	p = region(2);
	seq = sh_seq(fd);
	munmap(p + 4 * pg, 4 * pg);
	show("munmap-partial", seq, p);
	munmap(p, NPAGES * pg);

	p = region(3);
	seq = sh_seq(fd);
	mprotect(p, NPAGES * pg, PROT_READ);
	show("mprotect-ro", seq, p);
	munmap(p, NPAGES * pg);

	p = region(4);
	q = sh_anon(NPAGES, PROT_NONE);
	seq = sh_seq(fd);
	q = mremap(p, NPAGES * pg, NPAGES * pg, MREMAP_MAYMOVE | MREMAP_FIXED, q);
	show("mremap-move", seq, p);
	munmap(q, NPAGES * pg);

	p = region(5);
	seq = sh_seq(fd);
	mremap(p, NPAGES * pg, NPAGES / 2 * pg, 0);
	show("mremap-shrink", seq, p);
	munmap(p, NPAGES / 2 * pg);

	p = region(6);
	if (pipe(go))
		tap_bail("pipe");
	seq = sh_seq(fd);
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		_exit(read(go[0], &b, 1) == 1 ? 0 : 1);
	}
	show("fork", seq, p);
	sh_map(fd, p, NPAGES * pg, 0);
	seq = sh_seq(fd);
	sh_touch(p, NPAGES, 7);
	show("cow", seq, p);
	if (write(go[1], "g", 1) != 1)
		tap_diag("pipe: %s", strerror(errno));
	waitpid(pid, &status, 0);
	close(go[0]);
	close(go[1]);
	munmap(p, NPAGES * pg);

	p = region(8);
	seq = sh_seq(fd);
	madvise(p + 4 * pg, 8 * pg, MADV_DONTNEED);
	show("madv-dontneed", seq, p);
	munmap(p, NPAGES * pg);

	f = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, NPAGES * pg))
		tap_bail("create " FILE_PATH);
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap " FILE_PATH);
	sh_touch(p, NPAGES, 9);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	if (ftruncate(f, NPAGES / 2 * pg))
		tap_diag("ftruncate: %s", strerror(errno));
	show("ftruncate", seq, p);
	ftruncate(f, NPAGES * pg);
	sh_touch(p, NPAGES, 10);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	syscall(SYS_remap_file_pages, p, 4 * pg, 0, 4, 0);
	show("remap-file-pages", seq, p);
	munmap(p, NPAGES * pg);
	close(f);
	unlink(FILE_PATH);

	p = region(11);
	seq = sh_seq(fd);
	sh_ioctl(fd, MNB_SHADOW_DETACH, NULL);
	show("unregister", seq, p);
	close(fd);
	return tap_exit();
}
