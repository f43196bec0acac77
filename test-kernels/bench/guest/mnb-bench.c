// SPDX-License-Identifier: GPL-2.0
/*
 * mnb-bench: the benchmark's guest program (scripts/bench boots it alone,
 * with test-kernels/bench/module, under QEMU -icount shift=0,sleep=off on
 * one vCPU).  There the TSC advances by exactly one per executed guest
 * instruction, so an rdtsc delta is an instruction count; "calib" checks
 * that on a loop of known length before anything is measured.
 *
 * Workloads, each measured in two batches after a warm-up:
 *   fault1      mmap, write and munmap one anonymous page
 *   mmap1m      mmap, write every page of and munmap 1 MiB
 *   mprotect1m  mprotect 1 MiB of written memory, RW and RO in turn
 *   fork64m     fork + _exit + waitpid with 64 MiB written
 *   mremap1m    move 1 MiB of written memory back and forth (MREMAP_FIXED)
 *   reclaim     with 64 MiB written, write as much again as is free: ~64
 *               MiB are aged and swapped out (to the module's RAM device:
 *               no interrupt to wait for, so the count is deterministic)
 *   register-N / unregister-N  mmu_notifier_register / _unregister on an
 *               mm with N more single-page anonymous VMAs, each written
 *
 * Each batch runs once with nothing registered ("disarmed") and once with one
 * notifier registered whose callbacks do nothing ("armed"), in turn, so
 * that both see the same state of the machine; the registration
 * workloads come last.  Where the kernel cannot register (-ENOSYS from
 * the compat header) the armed batches still run, unmeasured (every
 * kernel runs the same sequence), and are reported "na".
 *
 * Output, for scripts/bench (one line per measurement):
 *   # bench calib rdtsc_per_insn=R clock_ns_per_insn=C irq_share=I
 *   # bench wl=NAME cfg=disarmed|armed batch=B reps=N insns=T per_op=P idle=J [swapped=S] [vmas=V] [spun=I]
 *   # bench wl=NAME cfg=armed na=ERRNO-NAME
 * (the registration workloads are reported as cfg=armed).
 * idle is the idle+iowait jiffies the window saw (non-zero: the count
 * includes time the CPU slept, not only instructions); spun, in the
 * windows that run the spinner (reclaim, registration), the spinner's
 * instructions, already subtracted from insns.
 *
 * Kernel command line: mnb.bench_scale=K divides every repeat count by K
 * (quick trial runs; the numbers are then noisier).
 */
#define _GNU_SOURCE		/* mremap */
#include <stdint.h>
#include <signal.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/swap.h>
#include <sys/sysmacros.h>
#include <sys/types.h>
#include <sys/wait.h>
#include "../../guest/tap.h"
#include "../module/mnb_bench.h"

#define MIB		(1024UL * 1024)
#define BENCH_DEV	"/dev/" MNB_BENCH_NAME
#define SWAP_DEV	"/dev/" MNB_BENCH_SWAP_NAME
#define BATCHES		2

static long pg;
static long scale = 1;
static int bench_fd = -1;
static const char *na;		/* why there is no "armed": NULL if there is */
static size_t reclaim_free;	/* bytes written beyond the 64 MiB */

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static uint64_t clock_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* idle + iowait jiffies of /proc/stat's "cpu" line. */
static long long idle_jiffies(void)
{
	long long v[5] = { 0 };
	char line[256];
	FILE *f = fopen("/proc/stat", "r");

	if (!f)
		return -1;
	if (!fgets(line, sizeof(line), f) ||
	    sscanf(line, "cpu %lld %lld %lld %lld %lld", &v[0], &v[1], &v[2],
		   &v[3], &v[4]) < 4)
		v[3] = -1;
	fclose(f);
	return v[3] + v[4];
}

static void *map_anon(size_t len)
{
	void *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		tap_bail("mmap %zu bytes", len);
	return p;
}

static void touch(char *p, size_t len)
{
	size_t off;

	for (off = 0; off < len; off += pg)
		p[off] = 1;
}

/* Two instructions per round: dec, jnz. */
static void spin(unsigned long rounds)
{
	__asm__ __volatile__("1: dec %0\n\tjnz 1b" : "+r"(rounds) : : "cc");
}

/* The shortest of 16 timings of spin(rounds), in TSC and clock ns. */
static void spin_min(unsigned long rounds, uint64_t *tsc, uint64_t *ns)
{
	uint64_t t, c;
	int i;

	*tsc = *ns = UINT64_MAX;
	for (i = 0; i < 16; i++) {
		c = clock_ns();
		t = rdtsc();
		spin(rounds);
		t = rdtsc() - t;
		c = clock_ns() - c;
		if (t < *tsc)
			*tsc = t;
		if (c < *ns)
			*ns = c;
	}
}

/*
 * rdtsc and clock_gettime per executed instruction: the difference of two
 * loops 200,000 instructions apart, each the shortest of 16 timings, so
 * that a window with a timer interrupt in it does not count (a tick comes
 * every 4,000,000 instructions at HZ=250).  Also the share of interrupts
 * in a long loop.
 */
static void calibrate(void)
{
	uint64_t t1, t2, c1, c2, t0;
	double r, c, irq;

	spin(1000);
	spin_min(100000, &t1, &c1);
	spin_min(200000, &t2, &c2);
	r = ((double)t2 - (double)t1) / 200000;
	c = ((double)c2 - (double)c1) / 200000;
	t0 = rdtsc();
	spin(10000000);
	irq = (double)(rdtsc() - t0) / 20000000 - 1;
	tap_diag("bench calib rdtsc_per_insn=%.5f clock_ns_per_insn=%.5f irq_share=%.5f",
		 r, c, irq);
	tap_ok(r > 0.99999 && r < 1.00001,
	       "rdtsc counts one per instruction (%.5f)", r);
}

/* ---- the workloads ----------------------------------------------------- */

struct workload {
	const char *name;
	long reps;		/* per batch, before mnb.bench_scale */
	long warm;
	void (*setup)(void);
	void (*op)(long i);
	void (*teardown)(void);
};

static char *area;		/* the workload's memory */
static char *area2;

static void fault1_op(long i)
{
	char *p = map_anon(pg);

	p[0] = (char)i;
	munmap(p, pg);
}

static void mmap1m_op(long i __attribute__((unused)))
{
	char *p = map_anon(MIB);

	touch(p, MIB);
	munmap(p, MIB);
}

static void area1m_setup(void)
{
	area = map_anon(MIB);
	touch(area, MIB);
}

static void area_teardown_1m(void)
{
	munmap(area, MIB);
}

static void mprotect1m_op(long i)
{
	if (mprotect(area, MIB, i & 1 ? PROT_READ | PROT_WRITE : PROT_READ))
		tap_bail("mprotect");
}

static void area64m_setup(void)
{
	area = map_anon(64 * MIB);
	touch(area, 64 * MIB);
}

static void area_teardown_64m(void)
{
	munmap(area, 64 * MIB);
}

static void fork64m_op(long i __attribute__((unused)))
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		tap_bail("fork");
	if (!pid)
		_exit(0);
	if (waitpid(pid, &status, 0) != pid)
		tap_bail("waitpid");
}

/* Two 1 MiB slots, the first written, the second free. */
static void mremap_setup(void)
{
	area = map_anon(2 * MIB);
	area2 = area + MIB;
	munmap(area2, MIB);
	touch(area, MIB);
}

static void mremap_op(long i)
{
	char *from = i & 1 ? area2 : area, *to = i & 1 ? area : area2;

	if (mremap(from, MIB, MIB, MREMAP_MAYMOVE | MREMAP_FIXED, to) != to)
		tap_bail("mremap");
}

static void mremap_teardown(void)
{
	munmap(area, 2 * MIB);
}

static const struct workload workloads[] = {
	{ "fault1", 2000, 100, NULL, fault1_op, NULL },
	{ "mmap1m", 40, 4, NULL, mmap1m_op, NULL },
	{ "mprotect1m", 2000, 2, area1m_setup, mprotect1m_op,
	  area_teardown_1m },
	{ "fork64m", 6, 1, area64m_setup, fork64m_op, area_teardown_64m },
	{ "mremap1m", 1000, 2, mremap_setup, mremap_op, mremap_teardown },
};

#define NR_WORKLOADS	(sizeof(workloads) / sizeof(workloads[0]))

static long scaled(long reps)
{
	long n = reps / scale;

	/* Even, so that the RW/RO and back/forth workloads end as begun. */
	return n < 2 ? 2 : n & ~1L;
}

static void report(const char *wl, int armed, int batch, long reps,
		   uint64_t insns, long long idle, const char *extra)
{
	if (armed && na)
		return;
	tap_diag("bench wl=%s cfg=%s batch=%d reps=%ld insns=%llu per_op=%.1f idle=%lld%s",
		 wl, armed ? "armed" : "disarmed", batch, reps,
		 (unsigned long long)insns,
		 (double)insns / reps, idle, extra ? extra : "");
}

/*
 * Arm: register the empty notifier.  Where that is not possible the armed
 * batches still run, unmeasured, so that every kernel executes the same
 * sequence and the disarmed batches start from the same state.
 */
static void arm(int on)
{
	if (na)
		return;
	if (ioctl(bench_fd, on ? MNB_BENCH_REGISTER : MNB_BENCH_UNREGISTER))
		tap_bail(on ? "REGISTER" : "UNREGISTER");
}

/* The armed results of workload wl: ok, or skipped with the reason. */
static void report_armed(const char *wl)
{
	if (!na) {
		tap_ok(1, "%s armed", wl);
		return;
	}
	tap_diag("bench wl=%s cfg=armed na=%s", wl, na);
	tap_skip(wl, "armed: %s", na);
}

/*
 * Warm up, then batches disarmed and armed in turn: the two see the same
 * state of the machine, whatever the workloads before left behind.
 */
static void run(const struct workload *w)
{
	long i, reps = scaled(w->reps), warm = w->warm;
	long long idle;
	uint64_t t0;
	int b, armed;

	if (w->setup)
		w->setup();
	for (i = 0; i < warm; i++)
		w->op(i);
	for (b = 1; b <= BATCHES; b++) {
		for (armed = 0; armed < 2; armed++) {
			if (armed)
				arm(1);
			idle = idle_jiffies();
			t0 = rdtsc();
			for (i = 0; i < reps; i++)
				w->op(i);
			t0 = rdtsc() - t0;
			idle = idle_jiffies() - idle;
			if (armed)
				arm(0);
			report(w->name, armed, b, reps, t0, idle, NULL);
		}
	}
	if (w->teardown)
		w->teardown();
	tap_ok(1, "%s disarmed", w->name);
	report_armed(w->name);
}

/*
 * The spinner: a nice 19 process that counts, two instructions per round,
 * whenever the CPU would otherwise be idle.  Windows that sleep (reclaim
 * in congestion_wait and allocation retries, unregister in
 * synchronize_rcu) would otherwise count the clock jump of -icount
 * sleep=off to the next timer deadline; with the spinner the CPU never
 * idles and its rounds are subtracted, leaving the instructions everything
 * else executed (the spinner's own context switches included).
 */
static volatile uint64_t *spun;
static pid_t spinner;

static void spinner_start(void)
{
	spun = mmap(NULL, pg, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (spun == MAP_FAILED)
		tap_bail("mmap spinner page");
	spinner = fork();
	if (spinner < 0)
		tap_bail("fork spinner");
	if (spinner)
		return;
	setpriority(PRIO_PROCESS, 0, 19);
	__asm__ __volatile__("1: incq (%0)\n\tjmp 1b" : : "r"(spun) : "memory");
	_exit(0);
}

static void spinner_stop(void)
{
	kill(spinner, SIGKILL);
	waitpid(spinner, NULL, 0);
	munmap((void *)spun, pg);
}

/* A window: rdtsc and the spinner's count at its start and end. */
struct window {
	uint64_t tsc, spun;
};

static void window_open(struct window *w)
{
	w->spun = *spun;
	w->tsc = rdtsc();
}

/* Instructions since window_open, the spinner's subtracted (into *idle). */
static uint64_t window_close(const struct window *w, uint64_t *idle)
{
	uint64_t t = rdtsc() - w->tsc;

	*idle = 2 * (*spun - w->spun);
	return t - *idle;
}

/* ---- reclaim: swap on the module's RAM device ------------------------- */

/*
 * No devtmpfs: make the node PATH of the device NAME listed in /proc/misc
 * ("minor name", major 10) or /proc/partitions ("major minor blocks name").
 */
static int make_node(const char *list, const char *name, const char *path)
{
	unsigned int maj = 10, min;
	int misc = !strcmp(list, "/proc/misc"), found = 0;
	char line[256], dev[64];
	FILE *f = fopen(list, "r");

	if (!f)
		return -1;
	while (!found && fgets(line, sizeof(line), f))
		found = (misc ? sscanf(line, "%u %63s", &min, dev) == 2 :
			 sscanf(line, " %u %u %*u %63s", &maj, &min, dev) == 3) &&
			!strcmp(dev, name);
	fclose(f);
	if (!found) {
		errno = ENODEV;
		return -1;
	}
	if (mknod(path, (misc ? S_IFCHR : S_IFBLK) | 0600, makedev(maj, min)) &&
	    errno != EEXIST)
		return -1;
	return 0;
}

/* Version 1 swap header: last page, no bad pages, the magic at the end. */
static int swap_mkswap(void)
{
	long long bytes = (long long)MNB_BENCH_SWAP_MB * MIB;
	char *h = calloc(1, pg);
	uint32_t *info = (uint32_t *)(h + 1024);
	int fd = open(SWAP_DEV, O_RDWR), ok;

	if (fd < 0 || !h)
		return -1;
	info[0] = 1;
	info[1] = bytes / pg - 1;
	memcpy(h + pg - 10, "SWAPSPACE2", 10);
	ok = write(fd, h, pg) == pg && !fsync(fd);
	close(fd);
	free(h);
	return ok ? 0 : -1;
}

/* Turn off every other swap area, turn on ours. */
static int swap_setup(void)
{
	char line[256], dev[128];
	FILE *f = fopen("/proc/swaps", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%127s", dev) == 1 && dev[0] == '/' &&
		    swapoff(dev))
			tap_diag("swapoff %s: %s", dev, strerror(errno));
	if (f)
		fclose(f);
	if (make_node("/proc/partitions", MNB_BENCH_SWAP_NAME, SWAP_DEV) ||
	    swap_mkswap() || swapon(SWAP_DEV, 0))
		return -1;
	return 0;
}

/*
 * One pass: 64 MiB written, then reclaim_free more written and timed; the
 * kernel has to age and swap out about 64 MiB to make room.
 */
static uint64_t reclaim_pass(long long *swapped, uint64_t *idle)
{
	long long out0;
	char *a = map_anon(64 * MIB), *b;
	struct window w;
	uint64_t t;

	touch(a, 64 * MIB);
	out0 = tap_file_value("/proc/vmstat", "pswpout");
	window_open(&w);
	b = map_anon(reclaim_free);
	touch(b, reclaim_free);
	t = window_close(&w, idle);
	*swapped = tap_file_value("/proc/vmstat", "pswpout") - out0;
	munmap(b, reclaim_free);
	munmap(a, 64 * MIB);
	return t;
}

static void run_reclaim(int have_swap)
{
	long long swapped, jiffies;
	uint64_t t, idle;
	char extra[64];
	int b, armed;

	if (!have_swap) {
		tap_skip("reclaim", "no swap on " SWAP_DEV);
		tap_skip("reclaim", "armed: no swap on " SWAP_DEV);
		return;
	}
	spinner_start();
	reclaim_pass(&swapped, &idle);
	for (b = 1; b <= BATCHES; b++) {
		for (armed = 0; armed < 2; armed++) {
			if (armed)
				arm(1);
			jiffies = idle_jiffies();
			t = reclaim_pass(&swapped, &idle);
			jiffies = idle_jiffies() - jiffies;
			if (armed)
				arm(0);
			snprintf(extra, sizeof(extra), " swapped=%lld spun=%llu",
				 swapped, (unsigned long long)idle);
			report("reclaim", armed, b, 1, t, jiffies, extra);
		}
	}
	spinner_stop();
	tap_ok(1, "reclaim disarmed");
	report_armed("reclaim");
}

/* ---- registration ---------------------------------------------------- */

static int bench_open(void)
{
	if (make_node("/proc/misc", MNB_BENCH_NAME, BENCH_DEV))
		return -1;
	return open(BENCH_DEV, O_RDWR);
}

static int count_vmas(void)
{
	char line[512];
	int n = 0;
	FILE *f = fopen("/proc/self/maps", "r");

	while (f && fgets(line, sizeof(line), f))
		n++;
	if (f)
		fclose(f);
	return n;
}

/* n written single-page VMAs, a page apart so that none merge. */
static char *make_vmas(long n)
{
	char *base = map_anon(2 * n * pg);
	long i;

	munmap(base, 2 * n * pg);
	for (i = 0; i < n; i++) {
		char *p = mmap(base + 2 * i * pg, pg, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);

		if (p == MAP_FAILED)
			tap_bail("mmap VMA %ld of %ld", i, n);
		p[0] = 1;
	}
	return base;
}

static void run_register(long n, long reps)
{
	uint64_t t[2], idle[2], x;
	char wl[2][32], extra[64];
	struct window w;
	char *base;
	long i;
	int b, k;

	snprintf(wl[0], sizeof(wl[0]), "register-%ld", n);
	snprintf(wl[1], sizeof(wl[1]), "unregister-%ld", n);
	if (na) {
		tap_diag("bench wl=%s cfg=armed na=%s", wl[0], na);
		tap_diag("bench wl=%s cfg=armed na=%s", wl[1], na);
		tap_skip(wl[0], "no MMU notifiers (%s)", na);
		return;
	}
	spinner_start();
	base = make_vmas(n);
	reps = scaled(reps);
	for (b = 0; b <= BATCHES; b++) {
		t[0] = t[1] = idle[0] = idle[1] = 0;
		for (i = 0; i < reps; i++) {
			for (k = 0; k < 2; k++) {
				window_open(&w);
				if (ioctl(bench_fd, k ? MNB_BENCH_UNREGISTER :
					  MNB_BENCH_REGISTER))
					tap_bail("%s", wl[k]);
				t[k] += window_close(&w, &x);
				idle[k] += x;
			}
		}
		if (!b)
			continue;	/* warm-up */
		for (k = 0; k < 2; k++) {
			snprintf(extra, sizeof(extra), " vmas=%d spun=%llu",
				 count_vmas(), (unsigned long long)idle[k]);
			report(wl[k], 1, b, reps, t[k], 0, extra);
		}
	}
	munmap(base, 2 * n * pg);
	spinner_stop();
	tap_ok(1, "%s", wl[0]);
}

int main(void)
{
	static const long vmas[] = { 10, 1000, 10000 }, vreps[] = { 40, 10, 4 };
	int have_swap;
	size_t w;

	pg = sysconf(_SC_PAGESIZE);
	scale = tap_cmdline_long("mnb.bench_scale", 1);
	if (scale < 1)
		scale = 1;
	tap_plan(2 + 2 * (NR_WORKLOADS + 1) + 3);
	calibrate();
	have_swap = !swap_setup();
	if (!tap_ok(have_swap, "swap on " SWAP_DEV))
		tap_diag("swap on %s: %s", SWAP_DEV, strerror(errno));
	/* Room for 64 MiB more than is free once the first 64 MiB are in. */
	reclaim_free = ((size_t)tap_file_value("/proc/meminfo", "MemFree") *
			1024 & ~(MIB - 1));
	tap_diag("bench setup MemFree=%zu MiB, reclaim writes 64 + %zu MiB",
		 reclaim_free / MIB, reclaim_free / MIB);

	/* Can this kernel be armed? */
	bench_fd = bench_open();
	if (bench_fd < 0)
		na = "nodev";
	else if (ioctl(bench_fd, MNB_BENCH_REGISTER))
		na = errno == ENOSYS ? "ENOSYS" : strerror(errno);
	else if (ioctl(bench_fd, MNB_BENCH_UNREGISTER))
		tap_bail("UNREGISTER");
	tap_diag("bench setup armed=%s", na ? na : "yes");

	for (w = 0; w < NR_WORKLOADS; w++)
		run(&workloads[w]);
	run_reclaim(have_swap);
	for (w = 0; w < 3; w++)
		run_register(vmas[w], vreps[w]);
	return tap_exit();
}
