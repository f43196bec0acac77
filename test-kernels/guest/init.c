// SPDX-License-Identifier: GPL-2.0
/*
 * init.c - PID 1 of the test guest.
 *
 * Prepares a minimal system (proc, sysfs, /tmp, device nodes, swap), loads
 * the test modules, runs every program in /tests and reports in kselftest's
 * TAP layout: one top-level case per module load and per test program,
 * the program's own TAP output nested below it as "# " comment lines.
 * Then it powers the machine off.
 *
 * Kernel command line options (read from /proc/cmdline: options with a dot
 * are not handed to init by 2.6 kernels):
 *	mnb.only=a,b	run only the named test programs
 *	mnb.skip=a,b	report the named test programs as skipped, unrun
 *			(for a program a kernel cannot pass for a documented
 *			reason outside the series: see scripts/matrix)
 *	mnb.timeout=S	per-program timeout in seconds (default 300)
 * Options read by the tests themselves are documented there (mnb.cpus=).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#define TESTS_DIR	"/tests"
#define MODULES_DIR	"/lib/modules-test"
#define MAX_ENTRIES	128
#define LINE_MAX_LEN	1024
#define DEFAULT_TIMEOUT	300

static int n_pass, n_fail, n_skip, n_case;
static char opt_only[512];
static char opt_skip[512];
static long opt_timeout = DEFAULT_TIMEOUT;

/* One write() per line keeps lines whole next to kernel printk output. */
static void out(const char *fmt, ...)
{
	char buf[LINE_MAX_LEN + 64];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(STDOUT_FILENO, buf, n) < 0)
		return;
}

static void result(int ok, int skip, const char *name, const char *why)
{
	n_case++;
	if (skip)
		n_skip++;
	else if (ok)
		n_pass++;
	else
		n_fail++;
	out("%sok %d %s%s%s", ok ? "" : "not ", n_case, name,
	    why ? (skip ? " # SKIP " : " # ") : "", why ? why : "");
}

/* ---- system setup ---------------------------------------------------- */

static void setup_mount(const char *src, const char *dir, const char *type)
{
	mkdir(dir, 0755);
	if (mount(src, dir, type, 0, NULL))
		out("# init: mount %s on %s: %s", type, dir, strerror(errno));
}

static void read_cmdline(void)
{
	char line[LINE_MAX_LEN], *tok;
	FILE *f = fopen("/proc/cmdline", "r");

	if (!f || !fgets(line, sizeof(line), f)) {
		if (f)
			fclose(f);
		return;
	}
	fclose(f);
	out("# init: cmdline: %.*s", (int)strcspn(line, "\n"), line);
	for (tok = strtok(line, " \n"); tok; tok = strtok(NULL, " \n")) {
		if (!strncmp(tok, "mnb.only=", 9))
			snprintf(opt_only, sizeof(opt_only), ",%s,", tok + 9);
		else if (!strncmp(tok, "mnb.skip=", 9))
			snprintf(opt_skip, sizeof(opt_skip), ",%s,", tok + 9);
		else if (!strncmp(tok, "mnb.timeout=", 12))
			opt_timeout = strtol(tok + 12, NULL, 10);
	}
	if (opt_timeout <= 0)
		opt_timeout = DEFAULT_TIMEOUT;
}

static int is_whole_disk(const char *name)
{
	return (name[0] == 'h' || name[0] == 's') && name[1] == 'd' &&
	       name[2] >= 'a' && name[2] <= 'z' && !name[3];
}

/*
 * No devtmpfs on these kernels: create a node for every block device the
 * kernel lists, and export the first two whole disks to the tests (the
 * runner attaches swap first, the ext2 scratch disk second).
 */
#define DISK_SWAP	0
#define DISK_DATA	1

/*
 * What the runner put on a scratch disk: a swap signature at the end of
 * the first 4 KiB page (mkswap), or the ext2 magic at byte 1080.
 */
static int disk_kind(const char *path)
{
	unsigned char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf));
	close(fd);
	if (n != (ssize_t)sizeof(buf))
		return -1;
	if (!memcmp(buf + 4086, "SWAPSPACE2", 10))
		return DISK_SWAP;
	if (buf[1080] == 0x53 && buf[1081] == 0xef)
		return DISK_DATA;
	return -1;
}

/*
 * Scan /proc/partitions, creating a node for every block device (there is
 * no devtmpfs on these kernels); fill in the swap and data disks found.
 * Returns how many of the two are known.
 */
static int scan_disks(char disk[2][80])
{
	char line[256], name[64], path[80];
	unsigned int maj, min;
	unsigned long long blocks;
	int kind;
	FILE *f = fopen("/proc/partitions", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, " %u %u %llu %63s", &maj, &min, &blocks,
			   name) != 4)
			continue;
		snprintf(path, sizeof(path), "/dev/%s", name);
		if (mknod(path, S_IFBLK | 0600, makedev(maj, min)) &&
		    errno != EEXIST)
			out("# init: mknod %s: %s", path, strerror(errno));
		if (!is_whole_disk(name))
			continue;
		kind = disk_kind(path);
		if (kind >= 0 && !disk[kind][0])
			strcpy(disk[kind], path);
	}
	fclose(f);
	return !!disk[DISK_SWAP][0] + !!disk[DISK_DATA][0];
}

/*
 * Export the scratch disks of scripts/qemu-run to the tests and turn the
 * swap on.  Disks behind modules may show up a little after the load:
 * wait up to 5 s for both.
 */
static void setup_disks(void)
{
	char disk[2][80] = { "", "" };
	int tries;

	for (tries = 0; scan_disks(disk) < 2 && tries < 25; tries++)
		usleep(200000);
	if (disk[DISK_SWAP][0])
		setenv("MNB_SWAP_DEV", disk[DISK_SWAP], 1);
	if (disk[DISK_DATA][0])
		setenv("MNB_DATA_DEV", disk[DISK_DATA], 1);
	out("# init: swap disk %s, data disk %s",
	    disk[DISK_SWAP][0] ? disk[DISK_SWAP] : "none",
	    disk[DISK_DATA][0] ? disk[DISK_DATA] : "none");
	if (disk[DISK_SWAP][0] && swapon(disk[DISK_SWAP], 0))
		out("# init: swapon %s: %s", disk[DISK_SWAP], strerror(errno));
}

static void setup(void)
{
	struct utsname u;

	setup_mount("proc", "/proc", "proc");
	setup_mount("sysfs", "/sys", "sysfs");
	setup_mount("tmpfs", "/tmp", "tmpfs");
	mkdir("/dev", 0755);
	mknod("/dev/null", S_IFCHR | 0666, makedev(1, 3));
	uname(&u);
	out("# init: Linux %s %s %s", u.release, u.version, u.machine);
	read_cmdline();
	setenv("PATH", TESTS_DIR ":/bin:/sbin", 1);
	setenv("HOME", "/tmp", 1);
	if (chdir("/tmp"))
		out("# init: chdir /tmp: %s", strerror(errno));
}

/* ---- directory listings ---------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t len = strlen(s), slen = strlen(suffix);

	return len >= slen && !strcmp(s + len - slen, suffix);
}

/*
 * Sorted names in dir ending with one of the suffixes (any name when the
 * first suffix is "").
 */
static int list_dir(const char *dir, const char *const *suffix, char **names)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0, i, match;

	if (!d)
		return 0;
	while ((de = readdir(d)) && n < MAX_ENTRIES) {
		if (de->d_name[0] == '.')
			continue;
		for (match = 0, i = 0; suffix[i] && !match; i++)
			match = ends_with(de->d_name, suffix[i]);
		if (match)
			names[n++] = strdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	return n;
}

/* Is name in the ",a,b," list? */
static int listed(const char *list, const char *name)
{
	char key[256];

	snprintf(key, sizeof(key), ",%s,", name);
	return strstr(list, key) != NULL;
}

static int selected(const char *name)
{
	return !opt_only[0] || listed(opt_only, name);
}

/* ---- modules --------------------------------------------------------- */

/*
 * scripts/mkinitramfs packs NAME.build-failed instead of NAME.ko when a
 * module does not build against the kernel: report that as the load.
 */
static void build_failed(const char *name)
{
	char path[256], why[256] = "module did not build", *nl;
	FILE *f;

	snprintf(path, sizeof(path), MODULES_DIR "/%s", name);
	f = fopen(path, "r");
	if (f) {
		out("# %s:", name);
		while (fgets(why, sizeof(why), f)) {
			nl = strchr(why, '\n');
			if (nl)
				*nl = '\0';
			out("#   %s", why);
		}
		fclose(f);
		snprintf(why, sizeof(why), "module did not build (see above)");
	}
	snprintf(path, sizeof(path), "insmod %.*s.ko", (int)(strlen(name) -
		 strlen(".build-failed")), name);
	result(0, 0, path, why);
}

static void load_module(const char *name)
{
	char path[256], why[128];

	if (ends_with(name, ".build-failed")) {
		build_failed(name);
		return;
	}
	struct stat st;
	void *buf;
	int fd, ok = 0;

	snprintf(path, sizeof(path), MODULES_DIR "/%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0 || fstat(fd, &st)) {
		snprintf(why, sizeof(why), "open: %s", strerror(errno));
		goto report;
	}
	buf = malloc(st.st_size);
	if (!buf || read(fd, buf, st.st_size) != st.st_size)
		snprintf(why, sizeof(why), "read: %s", strerror(errno));
	else if (syscall(SYS_init_module, buf, (unsigned long)st.st_size, ""))
		snprintf(why, sizeof(why), "init_module: %s", strerror(errno));
	else
		ok = 1;
	free(buf);
report:
	if (fd >= 0)
		close(fd);
	snprintf(path, sizeof(path), "insmod %s", name);
	result(ok, 0, path, ok ? NULL : why);
}

/* ---- test programs --------------------------------------------------- */

struct run {
	int planned;		/* the program's "1..N", -1 if none */
	int reported;		/* its "ok"/"not ok" lines */
	int timed_out;
	char part[LINE_MAX_LEN];
	size_t plen;
};

static void child_line(struct run *r, char *line)
{
	int n;

	if (sscanf(line, "1..%d", &n) == 1 && r->planned < 0)
		r->planned = n;
	else if (!strncmp(line, "ok ", 3) || !strncmp(line, "not ok ", 7))
		r->reported++;
	out("# %s", line);
}

/* Split what the child wrote into lines; a full buffer counts as one. */
static void child_data(struct run *r, const char *buf, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (buf[i] != '\n' && r->plen < sizeof(r->part) - 1) {
			r->part[r->plen++] = buf[i];
			continue;
		}
		r->part[r->plen] = '\0';
		child_line(r, r->part);
		r->plen = 0;
		if (buf[i] != '\n')
			r->part[r->plen++] = buf[i];
	}
}

static long long now_ms(void)
{
	struct timeval tv;

	gettimeofday(&tv, NULL);
	return tv.tv_sec * 1000LL + tv.tv_usec / 1000;
}

/* Copy the child's output until EOF, killing it at the deadline. */
static void drain(struct run *r, int fd, pid_t pid)
{
	long long deadline = now_ms() + opt_timeout * 1000LL, left;
	struct pollfd p = { .fd = fd, .events = POLLIN };
	char buf[512];
	ssize_t n;

	for (;;) {
		left = deadline - now_ms();
		if (left <= 0 && !r->timed_out) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		if (poll(&p, 1, left > 0 ? (int)left : 1000) == 0)
			continue;
		n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		child_data(r, buf, n);
	}
	if (r->plen) {
		r->part[r->plen] = '\0';
		child_line(r, r->part);
	}
}

static pid_t spawn(const char *path, int *rfd)
{
	int fds[2];
	pid_t pid;

	if (pipe(fds))
		return -1;
	pid = fork();
	if (pid == 0) {
		setpgid(0, 0);
		dup2(fds[1], STDOUT_FILENO);
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		close(fds[1]);
		execl(path, path, (char *)NULL);
		printf("exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(fds[1]);
	*rfd = fds[0];
	if (pid < 0)
		close(fds[0]);
	return pid;
}

/* Turn the way the program ended into its top-level TAP line. */
static void report_program(const char *name, struct run *r, int status)
{
	char why[160];

	if (r->timed_out) {
		snprintf(why, sizeof(why), "timeout after %ld s", opt_timeout);
	} else if (WIFSIGNALED(status)) {
		snprintf(why, sizeof(why), "killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	} else if (r->planned < 0 || r->reported < r->planned) {
		snprintf(why, sizeof(why),
			 "test did not report: %d of %d results", r->reported,
			 r->planned < 0 ? 0 : r->planned);
		if (r->planned < 0)
			strcat(why, ", no plan");
	} else if (WEXITSTATUS(status) == 4) {
		result(1, 1, name, "all cases skipped");
		return;
	} else if (WEXITSTATUS(status)) {
		snprintf(why, sizeof(why), "exit status %d",
			 WEXITSTATUS(status));
	} else {
		result(1, 0, name, NULL);
		return;
	}
	result(0, 0, name, why);
}

static void run_program(const char *name)
{
	struct run r = { .planned = -1 };
	char path[256];
	int fd, status = 0;
	long long t0 = now_ms();
	pid_t pid;

	snprintf(path, sizeof(path), TESTS_DIR "/%s", name);
	out("# selftests: %s", name);
	pid = spawn(path, &fd);
	if (pid < 0) {
		result(0, 0, name, "fork failed");
		return;
	}
	drain(&r, fd, pid);
	close(fd);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	kill(-pid, SIGKILL);	/* leftovers of the program's group */
	out("# %s: %lld ms", name, now_ms() - t0);
	report_program(name, &r, status);
}

static void power_off(void)
{
	sync();
	reboot(RB_POWER_OFF);
	/* Without ACPI power-off: the runner starts QEMU with -no-reboot. */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

int main(void)
{
	static const char *const mod_suffix[] = { ".ko", ".build-failed",
						   NULL };
	static const char *const any[] = { "", NULL };
	char *mods[MAX_ENTRIES], *tests[MAX_ENTRIES];
	int nmod, ntest, nsel = 0, i;

	setup();
	nmod = list_dir(MODULES_DIR, mod_suffix, mods);
	ntest = list_dir(TESTS_DIR, any, tests);
	for (i = 0; i < ntest; i++)
		nsel += selected(tests[i]);
	out("TAP version 13");
	out("1..%d", nmod + nsel);
	for (i = 0; i < nmod; i++)
		load_module(mods[i]);
	setup_disks();
	for (i = 0; i < ntest; i++) {
		if (!selected(tests[i]))
			continue;
		if (opt_skip[0] && listed(opt_skip, tests[i]))
			result(1, 1, tests[i],
			       "mnb.skip= on the kernel command line");
		else
			run_program(tests[i]);
	}
	out("# totals: pass:%d fail:%d skip:%d", n_pass, n_fail, n_skip);
	power_off();
	return 0;
}
