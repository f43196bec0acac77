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
 * Each case compares the trace with the one expected for this kernel.  A
 * backported kernel must give exactly the trace of native 2.6.32, except
 * where listed here, with the reason:
 *
 *  - cow: breaking COW on a page the shadow maps is one change_pte per page
 *    where the kernel has ->change_pte (native 2.6.32, and the series'
 *    set_pte_at_notify() in do_wp_page() on 2.6.18-2.6.31); native
 *    2.6.27-2.6.31 have no change_pte: their do_wp_page() clears the old
 *    pte with ptep_clear_flush_notify(), one invalidate_page per page.
 *  - ftruncate: from 2.6.23 vmtruncate() unmaps the truncated range twice,
 *    before and after truncate_inode_pages() (d00806b1831 "mm: fix fault
 *    vs invalidate race for linear mappings"): two invalidations, as on
 *    native 2.6.27 and 2.6.32; before 2.6.23 one.  The hooks are the same,
 *    the kernel calls them once less.
 *
 * Where mmap puts things would make two more differences; the workloads
 * take them out instead.  mremap-move moves to a fixed place 16 pages
 * below the source (x86_64 placed mappings bottom-up before 2.6.25 and
 * top-down since, so the target was above the source on the older
 * kernels), inside one naturally aligned page table: move_ptes() notifies
 * once per page-table extent (native and backport alike), so a range that
 * happens to cross a pmd boundary is split in two.
 */
#define _GNU_SOURCE
#include <sys/syscall.h>
#include "shadow.h"

#define NPAGES 16
#define FILE_PATH "/tmp/notifier-trace"

static int fd;

/* Both callbacks of one range invalidation, offsets in pages. */
#define RANGE(s, e)	" invalidate_range_start " s ".." e \
			" invalidate_range_end " s ".." e

/* Compare the trace since seq with what this kernel must show. */
static void show(const char *name, uint64_t since, char *base,
		 const char *want, const char *why)
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
	if (!tap_ok(!strcmp(line, want), "trace of %s (%s)", name, why))
		tap_diag("expected:%s", want);
}

/*
 * A window of 4 MiB aligned to 4 MiB (a page table's reach is 2 MiB on
 * x86_64 and i386 PAE, 4 MiB on i386), reserved PROT_NONE in a larger
 * mapping that *resv gets, to munmap later.
 */
static char *aligned_window(char **resv)
{
	const uintptr_t align = 4UL << 20;
	char *r = mmap(NULL, 2 * align, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (r == MAP_FAILED)
		tap_bail("mmap a window");
	*resv = r;
	return (char *)(((uintptr_t)r + align - 1) & ~(align - 1));
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
	char *p, *q, *w, *resv, b;
	uint64_t seq;
	int go[2], f, status;
	pid_t pid;
	int two_unmaps;

	sh_suite_or_skip();
	tap_plan(11);
	fd = sh_start();
	two_unmaps = sh_info.linux_version_code >= 0x020617;

	p = region(1);
	seq = sh_seq(fd);
	munmap(p, NPAGES * pg);
	show("munmap", seq, p, RANGE("+0", "+16"), "all kernels");

	p = region(2);
	seq = sh_seq(fd);
	munmap(p + 4 * pg, 4 * pg);
	show("munmap-partial", seq, p, RANGE("+4", "+8"), "all kernels");
	munmap(p, NPAGES * pg);

	p = region(3);
	seq = sh_seq(fd);
	mprotect(p, NPAGES * pg, PROT_READ);
	show("mprotect-ro", seq, p, RANGE("+0", "+16"), "all kernels");
	munmap(p, NPAGES * pg);

	/*
	 * MREMAP_FIXED unmaps the target first, move_ptes() notifies for
	 * the source, then the old range is unmapped.
	 */
	w = aligned_window(&resv);
	q = w;
	p = mmap(w + NPAGES * pg, NPAGES * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap in the window");
	sh_touch(p, NPAGES, 4);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	if (mremap(p, NPAGES * pg, NPAGES * pg,
		   MREMAP_MAYMOVE | MREMAP_FIXED, q) != q)
		tap_diag("mremap: %s", strerror(errno));
	show("mremap-move", seq, p,
	     RANGE("-16", "+0") RANGE("+0", "+16") RANGE("+0", "+16"),
	     "all kernels");
	munmap(resv, 8UL << 20);

	p = region(5);
	seq = sh_seq(fd);
	mremap(p, NPAGES * pg, NPAGES / 2 * pg, 0);
	show("mremap-shrink", seq, p, RANGE("+8", "+16"), "all kernels");
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
	show("fork", seq, p, RANGE("+0", "+16"), "all kernels");
	sh_map(fd, p, NPAGES * pg, 0);
	seq = sh_seq(fd);
	sh_touch(p, NPAGES, 7);
	if (sh_has_change_pte())
		show("cow", seq, p, " change_pte x16 +0..+16",
		     "change_pte: native 2.6.32 or the series");
	else
		show("cow", seq, p, " invalidate_page x16 +0..+16",
		     "no change_pte: native 2.6.27-2.6.31");
	if (write(go[1], "g", 1) != 1)
		tap_diag("pipe: %s", strerror(errno));
	waitpid(pid, &status, 0);
	close(go[0]);
	close(go[1]);
	munmap(p, NPAGES * pg);

	p = region(8);
	seq = sh_seq(fd);
	madvise(p + 4 * pg, 8 * pg, MADV_DONTNEED);
	show("madv-dontneed", seq, p, RANGE("+4", "+12"), "all kernels");
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
	if (two_unmaps)
		show("ftruncate", seq, p, RANGE("+8", "+16") RANGE("+8", "+16"),
		     "2.6.23+: vmtruncate unmaps twice");
	else
		show("ftruncate", seq, p, RANGE("+8", "+16"),
		     "before 2.6.23: vmtruncate unmaps once");
	ftruncate(f, NPAGES * pg);
	sh_touch(p, NPAGES, 10);
	sh_map(fd, p, NPAGES * pg, 1);
	seq = sh_seq(fd);
	syscall(SYS_remap_file_pages, p, 4 * pg, 0, 4, 0);
	show("remap-file-pages", seq, p, RANGE("+0", "+4"), "all kernels");
	munmap(p, NPAGES * pg);
	close(f);
	unlink(FILE_PATH);

	p = region(11);
	seq = sh_seq(fd);
	sh_ioctl(fd, MNB_SHADOW_DETACH, NULL);
	show("unregister", seq, p, " release", "all kernels");
	close(fd);
	return tap_exit();
}
