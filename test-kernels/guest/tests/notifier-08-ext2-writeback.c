// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-08-ext2-writeback: msync of a shared mapping on ext2 writes the
 * dirty pages back and write-protects their ptes (page_mkclean, 2.6.19+;
 * on 2.6.18 msync cleans the ptes' dirty bits itself): no shadow entry may
 * stay writable.  The data must reach the disk.
 */
#include <sys/mount.h>
#include "shadow.h"

#define NPAGES 16
#define MNT "/mnt-notifier"
#define FILE_PATH MNT "/writeback"

int main(void)
{
	struct mnb_shadow_count c;
	const char *dev = getenv("MNB_DATA_DEV");
	char buf[64];
	uint64_t seq;
	int fd, f, ok, i;
	char *p;

	sh_suite_or_skip();
	tap_plan(5);
	fd = sh_start();
	mkdir(MNT, 0755);
	if (!dev || mount(dev, MNT, "ext2", 0, NULL))
		tap_bail("mount %s ext2 on " MNT, dev ? dev : "(no MNB_DATA_DEV)");
	f = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (f < 0 || ftruncate(f, NPAGES * pg))
		tap_bail("create " FILE_PATH);
	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE, MAP_SHARED, f, 0);
	if (p == MAP_FAILED)
		tap_bail("mmap " FILE_PATH);
	sh_touch(p, NPAGES, 11);
	tap_ok(!sh_map(fd, p, NPAGES * pg, 1), "MAP a dirty shared ext2 mapping");
	seq = sh_seq(fd);
	tap_ok(!msync(p, NPAGES * pg, MS_SYNC), "msync(MS_SYNC)");
	c = sh_count(fd, p, NPAGES * pg);
	if (sh_info.linux_version_code >= 0x020613)
		tap_ok(c.writable == 0 &&
		       sh_invalidations(fd, seq, p, NPAGES * pg) >= NPAGES,
		       "page_mkclean: no writable entry left (%llu)",
		       (unsigned long long)c.writable);
	else
		/*
		 * 2.6.18 has no page_mkclean: msync() itself cleans the
		 * ptes' dirty bits (msync_pte_range) and leaves them
		 * writable; an entry kept writable would write behind a
		 * clean pte, so the range must be invalidated.
		 */
		tap_ok(c.entries == 0 &&
		       sh_invalidations(fd, seq, p, NPAGES * pg) > 0,
		       "msync cleaned the dirty ptes: entries dropped (%llu left)",
		       (unsigned long long)c.entries);
	sh_ok_clean(fd, "after writeback");
	sh_touch(p, NPAGES, 12);
	sh_map(fd, p, NPAGES * pg, 1);
	munmap(p, NPAGES * pg);
	close(f);
	umount(MNT);
	mount(dev, MNT, "ext2", 0, NULL);
	f = open(FILE_PATH, O_RDONLY);
	for (ok = f >= 0, i = 0; ok && i < NPAGES; i++)
		ok = pread(f, buf, 1, i * pg) == 1 && buf[0] == (char)(12 + i);
	tap_ok(ok, "rewritten data read back from disk after remount");
	close(f);
	unlink(FILE_PATH);
	umount(MNT);
	return tap_exit();
}
