// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-ext2: write a file on the ext2 scratch disk through a shared
 * mapping, msync, umount; mount again and read the data back from disk.
 */
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include "../tap.h"

#define MNT	"/tmp/ext2"
#define FILE_NAME MNT "/mapped.dat"
#define LEN	(256 * 1024)

static char byte_at(size_t i)
{
	return (char)(i * 31 + (i >> 12));
}

static int write_mapped(void)
{
	int fd = open(FILE_NAME, O_RDWR | O_CREAT | O_TRUNC, 0644);
	size_t i;
	char *p;

	if (fd < 0 || ftruncate(fd, LEN))
		return 0;
	p = mmap(NULL, LEN, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (p == MAP_FAILED) {
		close(fd);
		return 0;
	}
	for (i = 0; i < LEN; i++)
		p[i] = byte_at(i);
	i = !msync(p, LEN, MS_SYNC);
	munmap(p, LEN);
	close(fd);
	return i;
}

static int read_back(void)
{
	static char buf[LEN];
	int fd = open(FILE_NAME, O_RDONLY);
	size_t i;

	if (fd < 0)
		return 0;
	i = read(fd, buf, LEN);
	close(fd);
	if (i != LEN)
		return 0;
	for (i = 0; i < LEN; i++)
		if (buf[i] != byte_at(i))
			return 0;
	return 1;
}

int main(void)
{
	const char *dev = getenv("MNB_DATA_DEV");

	tap_plan(5);
	if (!dev)
		tap_bail("no data disk (MNB_DATA_DEV unset)");
	mkdir(MNT, 0755);
	if (!tap_ok(!mount(dev, MNT, "ext2", 0, NULL), "mount %s ext2", dev))
		tap_bail("mount %s", dev);
	tap_ok(write_mapped(), "write %d kB through a shared mapping, msync",
	       LEN >> 10);
	tap_ok(!umount(MNT), "umount");
	if (!tap_ok(!mount(dev, MNT, "ext2", 0, NULL), "mount again"))
		tap_bail("mount %s", dev);
	tap_ok(read_back(), "data read back from disk");
	umount(MNT);
	return tap_exit();
}
