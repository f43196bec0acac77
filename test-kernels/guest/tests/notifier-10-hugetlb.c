// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-10-hugetlb: a hugetlbfs page in the shadow (one entry per base
 * page, as a 4 KiB shadow would see it); truncate of the file and munmap
 * must drop all of them.
 * A private huge page shared with a child after fork: the parent's write
 * copies it (hugetlb_cow), the entries of the old page must go.
 *
 * Known upstream gaps, reported as SKIPs with the reason, not hidden
 * (native 2.6.27-2.6.32 behave exactly like the backport here):
 *  - fork write-protects the parent's private huge ptes in
 *    copy_hugetlb_page_range() without a notifier (upstream fixed it in
 *    3.12, e8569dd299db), so a writable entry made before fork stays
 *    writable;
 *  - hugetlb_cow() replaces the huge pte with no notifier at all, so the
 *    entries stay on the old page (upstream added the notifier calls
 *    later, in the 3.x series).  The series hooks hugetlb_cow() on the
 *    kernels it patches (coccinelle/invalidate-range-hugetlb-cow.cocci),
 *    so there the case is demanded, and skipped only on native kernels.
 */
#include <sys/mount.h>
#include "shadow.h"

#define NR_PATH	"/proc/sys/vm/nr_hugepages"
#define MNT	"/tmp/huge-notifier"

int main(void)
{
	struct mnb_shadow_count c;
	long long size_kb;
	size_t len, n;
	uint64_t seq;
	int fd, f, go[2], status;
	pid_t pid;
	char *p, b;

	sh_suite_or_skip();
	tap_plan(10);
	fd = sh_start();
	if (access(NR_PATH, F_OK)) {
		while (tap_done < tap_planned)
			tap_skip("hugetlb", "kernel without hugetlbfs");
		return tap_exit();
	}
	tap_write_file(NR_PATH, "4");
	size_kb = tap_file_value("/proc/meminfo", "Hugepagesize");
	mkdir(MNT, 0755);
	if (tap_file_value("/proc/meminfo", "HugePages_Free") < 2 ||
	    mount("none", MNT, "hugetlbfs", 0, NULL))
		tap_bail("no free huge page or no hugetlbfs mount");
	len = size_kb * 1024;
	n = len / pg;
	f = open(MNT "/page", O_RDWR | O_CREAT, 0600);
	p = f < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ | PROT_WRITE,
				      MAP_SHARED, f, 0);
	if (!tap_ok(p != MAP_FAILED, "mmap a %lld kB huge page", size_kb))
		tap_bail("mmap hugetlbfs");
	sh_touch(p, n, 14);
	c.entries = 0;
	if (!sh_map(fd, p, len, 1))
		c = sh_count(fd, p, len);
	tap_ok(c.entries == n, "MAP the huge page: %llu entries",
	       (unsigned long long)c.entries);
	sh_ok_clean(fd, "huge page mapped");
	/* Truncate the file under the mapping: hugetlb_vmtruncate(). */
	seq = sh_seq(fd);
	if (ftruncate(f, 0))
		tap_diag("ftruncate: %s", strerror(errno));
	c = sh_count(fd, p, len);
	tap_ok(c.entries == 0 && sh_invalidations(fd, seq, p, len) > 0,
	       "ftruncate of the hugetlbfs file: entries gone (%llu)",
	       (unsigned long long)c.entries);
	sh_ok_clean(fd, "hugetlbfs truncate");
	/* A fresh file: hugetlbfs files cannot grow by ftruncate on 2.6.18. */
	munmap(p, len);
	close(f);
	unlink(MNT "/page");
	f = open(MNT "/page", O_RDWR | O_CREAT, 0600);
	p = f < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ | PROT_WRITE,
				      MAP_SHARED, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap hugetlbfs again");
	sh_touch(p, n, 17);
	sh_map(fd, p, len, 1);
	seq = sh_seq(fd);
	munmap(p, len);
	c = sh_count(fd, p, len);
	tap_ok(c.entries == 0 && sh_invalidations(fd, seq, p, len) > 0,
	       "munmap: every entry of the huge page gone (%llu)",
	       (unsigned long long)c.entries);
	sh_ok_clean(fd, "huge page unmapped");
	close(f);
	unlink(MNT "/page");

	/* Private huge page, fork, COW in the parent. */
	f = open(MNT "/private", O_RDWR | O_CREAT, 0600);
	p = f < 0 ? MAP_FAILED : mmap(NULL, len, PROT_READ | PROT_WRITE,
				      MAP_PRIVATE, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap a private huge page");
	sh_touch(p, n, 15);
	sh_map(fd, p, len, 1);
	if (pipe(go))
		tap_bail("pipe");
	pid = fork();
	if (pid == 0) {
		close(go[1]);
		_exit(read(go[0], &b, 1) == 1 ? 0 : 1);
	}
	c = sh_count(fd, p, len);
	if (sh_check_quiet(fd, 1) == 0)
		tap_ok(1, "fork: no writable entry left on the private huge page");
	else
		tap_skip("fork of a private huge page",
			 "%llu entries stay writable: copy_hugetlb_page_range does not notify before 3.12 (upstream e8569dd299db), native kernels alike",
			 (unsigned long long)c.writable);
	sh_ioctl(fd, MNB_SHADOW_CLEAR, NULL);
	sh_map(fd, p, len, 0);
	seq = sh_seq(fd);
	sh_touch(p, n, 16);		/* hugetlb_cow: a new huge page */
	c = sh_count(fd, p, len);
	if ((c.entries == 0 && sh_invalidations(fd, seq, p, len) > 0) ||
	    (sh_info.flags & MNB_INFO_BACKPORT)) {
		/* The series hooks hugetlb_cow() (beyond 2.6.32): demand it. */
		tap_ok(c.entries == 0 && sh_invalidations(fd, seq, p, len) > 0,
		       "hugetlb COW in the parent: entries of the old page gone (%llu)",
		       (unsigned long long)c.entries);
		sh_ok_clean(fd, "hugetlb COW");
	} else {
		sh_check_quiet(fd, 1);
		tap_skip("hugetlb COW",
			 "%llu entries stay on the old page: hugetlb_cow() calls no notifier in 2.6.27-2.6.32, native kernels alike (known upstream gap)",
			 (unsigned long long)c.entries);
		tap_skip("hugetlb COW", "as above");
	}
	if (write(go[1], "g", 1) != 1)
		tap_diag("pipe: %s", strerror(errno));
	waitpid(pid, &status, 0);
	munmap(p, len);
	close(f);
	unlink(MNT "/private");
	umount(MNT);
	tap_write_file(NR_PATH, "0");
	return tap_exit();
}
