/*
 * compat-probe: hold the running kernel to what the compat header's feature
 * macros claim (issue: compat header).  Drives the mnb_compat_probe module
 * through its sysfs parameters: register on this process's mm, cause a COW
 * fault and an munmap, unregister, and compare the callbacks the module saw
 * with the macros it was compiled with.
 */
#include <sys/mman.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include "../tap.h"

#define P "/sys/module/mnb_compat_probe/parameters/"
#define NPAGES 8

static long param(const char *name)
{
	char path[128], buf[32];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), P "%s", name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -99999;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -99999;
	buf[n] = 0;
	return strtol(buf, NULL, 0);
}

static int attach(const char *how)
{
	return tap_write_file(P "attach", how);
}

struct counts { long release, young, change_pte, inv_page, start, end; };

static void snap(struct counts *c)
{
	c->release = param("n_release");
	c->young = param("n_young");
	c->change_pte = param("n_change_pte");
	c->inv_page = param("n_inv_page");
	c->start = param("n_inv_start");
	c->end = param("n_inv_end");
}

static void show(const char *when, const struct counts *c)
{
	tap_diag("%s: release=%ld young=%ld change_pte=%ld invalidate_page=%ld range_start=%ld range_end=%ld",
		 when, c->release, c->young, c->change_pte, c->inv_page,
		 c->start, c->end);
}

/* Fault NPAGES anonymous pages, fork, write them all in the parent (COW). */
static char *cow_workload(void)
{
	long pg = sysconf(_SC_PAGESIZE);
	int pfd[2], i, st;
	char *p, c;
	pid_t pid;

	p = mmap(NULL, NPAGES * pg, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED || pipe(pfd))
		return NULL;
	for (i = 0; i < NPAGES; i++)
		p[i * pg] = 1;
	pid = fork();
	if (pid == 0) {
		close(pfd[1]);
		(void)read(pfd[0], &c, 1);	/* keep the pages shared */
		_exit(0);
	}
	for (i = 0; i < NPAGES; i++)
		p[i * pg] = 2;			/* COW break in the parent */
	close(pfd[1]);
	waitpid(pid, &st, 0);
	return p;
}

int main(void)
{
	long has_cp, bver, no_notify, cfg, rc, hasn;
	long pg = sysconf(_SC_PAGESIZE);
	struct counts a, b, c, d;
	struct utsname u;
	int live;
	char *p;

	tap_plan(9);
	uname(&u);
	if (access(P "attach", W_OK))
		tap_bail("mnb_compat_probe is not loaded (%s)", strerror(errno));
	has_cp = param("macro_has_change_pte");
	bver = param("macro_backport_version");
	no_notify = param("macro_no_notify");
	cfg = param("config_mmu_notifier");
	tap_diag("kernel %s: CONFIG_MMU_NOTIFIER=%ld HAS_CHANGE_PTE=%ld BACKPORT_VERSION=%ld COMPAT_NO_NOTIFY=%ld",
		 u.release, cfg, has_cp, bver, no_notify);

	tap_ok(no_notify == !cfg && (!has_cp || cfg),
	       "feature macros agree with CONFIG_MMU_NOTIFIER");

	attach("1");
	rc = param("register_rc");
	hasn = param("has_notifiers");
	live = rc == 0;
	tap_diag("mmu_notifier_register() = %ld, mm_has_notifiers() = %ld", rc, hasn);
	tap_ok(no_notify ? rc == -ENOSYS : rc == 0,
	       "mmu_notifier_register() returns %s as the macros predict",
	       no_notify ? "-ENOSYS" : "0");
	tap_ok(hasn == live, "mm_has_notifiers() agrees with registration");

	snap(&a);
	p = cow_workload();
	snap(&b);
	show("after COW", &b);
	if (!live)
		tap_ok(p && b.change_pte == a.change_pte && b.inv_page == a.inv_page,
		       "COW break: no callback on a kernel that cannot notify");
	else if (has_cp)
		tap_ok(p && b.change_pte - a.change_pte >= NPAGES,
		       "COW break: change_pte for every page (HAS_CHANGE_PTE)");
	else
		tap_ok(p && b.inv_page - a.inv_page >= NPAGES && b.change_pte == a.change_pte,
		       "COW break: invalidate_page for every page (no change_pte)");

	if (p)
		munmap(p, NPAGES * pg);
	snap(&c);
	show("after munmap", &c);
	if (live)
		tap_ok(c.start > b.start && c.end - b.end == c.start - b.start,
		       "munmap: balanced invalidate_range_start/end");
	else
		tap_ok(c.start == b.start && c.end == b.end,
		       "munmap: no callback on a kernel that cannot notify");

	attach("0");
	snap(&d);
	tap_ok(d.release - c.release == (live ? 1 : 0),
	       "unregister runs ->release %s", live ? "exactly once" : "never");

	p = cow_workload();
	if (p)
		munmap(p, NPAGES * pg);
	snap(&c);
	show("after unregister + COW + munmap", &c);
	tap_ok(p && c.change_pte == d.change_pte && c.inv_page == d.inv_page &&
	       c.start == d.start && c.release == d.release,
	       "no callback after unregister");

	attach("2");
	rc = param("register_rc");
	tap_ok(no_notify ? rc == -ENOSYS : rc == 0,
	       "__mmu_notifier_register() returns %s as the macros predict",
	       no_notify ? "-ENOSYS" : "0");
	tap_ok(param("has_notifiers") == (rc == 0) && attach("0") == 0,
	       "__mmu_notifier_register() then unregister");
	return tap_exit();
}
