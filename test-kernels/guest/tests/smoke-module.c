// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-module: the tiny test module that init loaded is listed, unloads,
 * loads again from its file and unloads again.
 */
#include <sys/stat.h>
#include <sys/syscall.h>
#include "../tap.h"

#define MOD_NAME "mnb_smoke"
#define MOD_PATH "/lib/modules-test/" MOD_NAME ".ko"

static int listed(void)
{
	char line[256];
	int found = 0;
	FILE *f = fopen("/proc/modules", "r");

	if (!f)
		return 0;
	while (!found && fgets(line, sizeof(line), f))
		found = !strncmp(line, MOD_NAME " ", strlen(MOD_NAME) + 1);
	fclose(f);
	return found;
}

static int load(void)
{
	struct stat st;
	int fd = open(MOD_PATH, O_RDONLY), ret = -1;
	char *buf;

	if (fd < 0 || fstat(fd, &st))
		return -1;
	buf = malloc(st.st_size);
	if (buf && read(fd, buf, st.st_size) == st.st_size)
		ret = syscall(SYS_init_module, buf, (unsigned long)st.st_size,
			      "");
	free(buf);
	close(fd);
	return ret;
}

static int unload(void)
{
	return syscall(SYS_delete_module, MOD_NAME, O_NONBLOCK);
}

int main(void)
{
	tap_plan(6);
	if (access(MOD_PATH, F_OK)) {
		while (tap_done < tap_planned)
			tap_skip("module", MOD_PATH " not in the initramfs");
		return tap_exit();
	}
	tap_ok(listed(), MOD_NAME " loaded by init is in /proc/modules");
	tap_ok(!unload(), "delete_module " MOD_NAME);
	tap_ok(!listed(), MOD_NAME " gone from /proc/modules");
	tap_ok(!load(), "init_module " MOD_PATH);
	tap_ok(listed(), MOD_NAME " listed again");
	tap_ok(!unload() && !listed(), "unload again");
	return tap_exit();
}
