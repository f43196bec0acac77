// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-mmap: anonymous and file mappings, mprotect and munmap.
 * Faults that must kill are provoked in a child and observed by wait().
 */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "../tap.h"

#define NPAGES	16
#define FILE_PATH "/tmp/smoke-mmap.dat"

static long page;

/* Does writing to p kill a child with SIGSEGV (or SIGBUS)? */
static int write_faults(volatile char *p)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		*p = 1;
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return 0;
	return WIFSIGNALED(status) && (WTERMSIG(status) == SIGSEGV ||
				       WTERMSIG(status) == SIGBUS);
}

static int fill_check(char *p, size_t len, char seed)
{
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = (char)(i * 7 + seed);
	for (i = 0; i < len; i++)
		if (p[i] != (char)(i * 7 + seed))
			return 0;
	return 1;
}

static void test_anon(void)
{
	size_t len = NPAGES * page;
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (!tap_ok(p != MAP_FAILED, "mmap anonymous %zu bytes", len))
		tap_bail("mmap");
	tap_ok(fill_check(p, len, 3), "anonymous memory holds its data");
	tap_ok(!mprotect(p, len, PROT_READ), "mprotect PROT_READ");
	tap_ok(p[5] == (char)(5 * 7 + 3), "read-only mapping still readable");
	tap_ok(write_faults(p), "write to PROT_READ anonymous faults");
	tap_ok(!munmap(p + page, page), "munmap one page in the middle");
	tap_ok(write_faults(p + page), "access to the unmapped page faults");
	munmap(p, len);
}

static int file_has(int fd, size_t len, char seed)
{
	char buf[256];
	size_t off, i;

	for (off = 0; off < len; off += sizeof(buf)) {
		if (pread(fd, buf, sizeof(buf), off) != sizeof(buf))
			return 0;
		for (i = 0; i < sizeof(buf); i++)
			if (buf[i] != (char)((off + i) * 7 + seed))
				return 0;
	}
	return 1;
}

static void test_file(void)
{
	size_t len = NPAGES * page;
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0600);
	char *s, *q;

	if (fd < 0 || ftruncate(fd, len))
		tap_bail("create " FILE_PATH);
	s = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	q = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	if (!tap_ok(s != MAP_FAILED && q != MAP_FAILED,
		    "mmap a file shared and private"))
		tap_bail("mmap file");
	fill_check(s, len, 11);
	tap_ok(file_has(fd, len, 11), "shared mapping writes reach the file");
	tap_ok(q[page + 1] == (char)((page + 1) * 7 + 11),
	       "private mapping sees the file");
	fill_check(q, len, 5);
	tap_ok(file_has(fd, len, 11), "private writes stay private (COW)");
	tap_ok(!mprotect(s, len, PROT_READ) && write_faults(s),
	       "write to PROT_READ file mapping faults");
	munmap(s, len);
	munmap(q, len);
	close(fd);
	unlink(FILE_PATH);
}

int main(void)
{
	page = sysconf(_SC_PAGESIZE);
	tap_plan(12);
	test_anon();
	test_file();
	return tap_exit();
}
