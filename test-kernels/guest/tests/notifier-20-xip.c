// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-20-xip: execute-in-place.  A read-only mapping of a hole in a
 * file on ext2 -o xip maps the shared sparse (zero) page; a write to that
 * hole allocates a block and __xip_unmap() (mm/filemap_xip.c) removes the
 * sparse page from every mapping of the file: the shadow must be told
 * (invalidate_page) for each page, or it keeps the zero page while the
 * file has real data there.
 *
 * XIP needs a block device with ->direct_access.  On x86 the only one is
 * brd with CONFIG_BLK_DEV_XIP (2.6.25+; before that the RAM disk driver
 * rd.c has none, only s390's dcssblk/xpram do), and the kernel needs
 * CONFIG_EXT2_FS_XIP: test-kernels/config/mmu-notifier-y.2.6.25-2.6.32.config.
 * Below 2.6.25 every case is skipped with that reason.  There is no mkfs
 * in the guest: the file system is a copy of the runner's ext2 scratch
 * disk (MNB_DATA_DEV, 4 KiB blocks as XIP needs) on /dev/ram0.
 */
#include <sys/mount.h>
#include "shadow.h"

#define NPAGES	16
#define NCASES	6
#define MNT	"/mnt-xip"
#define FILE_PATH MNT "/holes"
#define RAM_DEV	"/dev/ram0"

/* Copy the non-zero blocks of src to dst (a fresh brd reads as zeroes). */
static int clone_disk(const char *src, const char *dst)
{
	static char buf[4096], zero[4096];
	unsigned long long ssize = 0, dsize = 0, off;
	int s = open(src, O_RDONLY), d = open(dst, O_RDWR), ret = -1;

	if (s < 0 || d < 0 || ioctl(s, BLKGETSIZE64, &ssize) ||
	    ioctl(d, BLKGETSIZE64, &dsize)) {
		tap_diag("open/size %s, %s: %s", src, dst, strerror(errno));
		goto out;
	}
	if (ssize > dsize) {
		tap_diag("%s (%llu bytes) does not fit %s (%llu)", src, ssize,
			 dst, dsize);
		goto out;
	}
	for (off = 0; off < ssize; off += sizeof(buf)) {
		if (pread(s, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			goto out;
		if (!memcmp(buf, zero, sizeof(buf)))
			continue;
		if (pwrite(d, buf, sizeof(buf), off) != (ssize_t)sizeof(buf))
			goto out;
	}
	ret = fsync(d);
out:
	if (s >= 0)
		close(s);
	if (d >= 0)
		close(d);
	return ret;
}

/* Is MNT mounted with the xip option in effect (ext2 drops it silently)? */
static int xip_in_effect(void)
{
	char line[512];
	int found = 0;
	FILE *f = fopen("/proc/mounts", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = strstr(line, " " MNT " ") && strstr(line, "xip");
	fclose(f);
	return found;
}

/* Free the RAM disk's pages again (brd: BLKFLSBUF with no other opener). */
static void ram_free(void)
{
	int d = open(RAM_DEV, O_RDWR);

	if (d >= 0 && ioctl(d, BLKFLSBUF, 0))
		tap_diag("BLKFLSBUF " RAM_DEV ": %s", strerror(errno));
	if (d >= 0)
		close(d);
}

int main(void)
{
	const char *dev = getenv("MNB_DATA_DEV");
	struct mnb_shadow_count c;
	int fd, r, w, i, ok, ret;
	uint64_t seq, zero_pfn;
	char *p;
	long n;

	sh_suite_or_skip();
	tap_plan(NCASES);
	fd = sh_start();
	if (sh_info.linux_version_code < 0x020619) {
		for (i = 0; i < NCASES; i++)
			tap_skip("xip", "no XIP block device on x86 before 2.6.25 (brd + CONFIG_BLK_DEV_XIP): __xip_unmap unreachable");
		return tap_exit();
	}
	if (mknod(RAM_DEV, S_IFBLK | 0600, makedev(1, 0)) && errno != EEXIST)
		tap_bail("mknod " RAM_DEV);
	if (!dev || clone_disk(dev, RAM_DEV))
		tap_bail("copy the ext2 scratch disk %s to " RAM_DEV
			 " (CONFIG_BLK_DEV_RAM, CONFIG_BLK_DEV_RAM_SIZE >= 65536?)",
			 dev ? dev : "(no MNB_DATA_DEV)");
	mkdir(MNT, 0755);
	ok = !mount(RAM_DEV, MNT, "ext2", 0, "xip");
	if (!ok)
		tap_diag("mount -o xip: %s", strerror(errno));
	tap_ok(ok && xip_in_effect(),
	       "ext2 -o xip on " RAM_DEV " (CONFIG_BLK_DEV_XIP, CONFIG_EXT2_FS_XIP)");
	if (!ok || !xip_in_effect())
		tap_bail("no XIP mount");

	w = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	r = open(FILE_PATH, O_RDONLY);
	if (w < 0 || r < 0 || ftruncate(w, NPAGES * pg))
		tap_bail("create " FILE_PATH);
	/* Read-only shared: not VM_MAYWRITE, so holes map the sparse page. */
	p = mmap(NULL, NPAGES * pg, PROT_READ, MAP_SHARED, r, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap " FILE_PATH);
	for (i = 0, n = 0; i < NPAGES; i++)
		n += p[i * pg];
	tap_ok(!sh_map(fd, p, NPAGES * pg, 0) && !n,
	       "MAP the holes (read-only, the sparse zero page)");
	c = sh_count(fd, p, NPAGES * pg);
	zero_pfn = c.first_pfn;
	tap_diag("%llu entries, sparse page pfn %#llx",
		 (unsigned long long)c.entries, (unsigned long long)zero_pfn);

	seq = sh_seq(fd);
	for (i = 0, ok = 1; i < NPAGES; i++) {
		char b = (char)(0x40 + i);

		ok &= pwrite(w, &b, 1, (off_t)i * pg) == 1;
	}
	if (!ok)
		tap_diag("pwrite: %s", strerror(errno));
	n = sh_events(fd, seq, MNB_CB_INVALIDATE_PAGE, p, NPAGES * pg, 0);
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(ok && n >= NPAGES && c.entries == 0,
	       "write to the holes: __xip_unmap invalidated every page (%ld invalidate_page, %llu entries left)",
	       n, (unsigned long long)c.entries);
	if (n < NPAGES)
		sh_trace_dump(fd, seq, (uintptr_t)p,
			      (uintptr_t)p + NPAGES * pg, 8);
	sh_ok_clean(fd, "after the writes");
	for (i = 0, ok = 1; i < NPAGES; i++)
		ok &= p[i * pg] == (char)(0x40 + i);
	tap_ok(ok, "the mapping shows the written data");
	ret = sh_map(fd, p, NPAGES * pg, 0);
	c = sh_count(fd, p, NPAGES * pg);
	if (ret == -EFAULT && sh_info.linux_version_code >= 0x02061b)
		tap_skip("MAP again",
			 "x86 maps XIP blocks with special ptes from 2.6.27 (vm_insert_mixed, pte_special): get_user_pages cannot follow them");
	else
		tap_ok(!ret && sh_check(fd) == 0 && c.entries == NPAGES &&
		       c.first_pfn != zero_pfn,
		       "MAP again: the file's own blocks, no stale entry");
	munmap(p, NPAGES * pg);
	close(r);
	close(w);
	unlink(FILE_PATH);
	if (umount(MNT))
		tap_diag("umount " MNT ": %s", strerror(errno));
	ram_free();
	return tap_exit();
}
