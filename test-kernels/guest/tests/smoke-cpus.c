// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-cpus: the guest sees the CPUs QEMU gave it (mnb.cpus=N on the
 * kernel command line; without it, at least one) and can run on each.
 */
#define _GNU_SOURCE
#include <sched.h>
#include "../tap.h"

static int cpuinfo_count(void)
{
	char line[256];
	int n = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		n += !strncmp(line, "processor", 9);
	fclose(f);
	return n;
}

static int run_on(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

int main(void)
{
	long want = tap_cmdline_long("mnb.cpus", -1);
	int n = cpuinfo_count(), cpu, bad = -1;
	long onln = sysconf(_SC_NPROCESSORS_ONLN);

	tap_plan(3);
	tap_diag("mnb.cpus=%ld, /proc/cpuinfo: %d, online: %ld", want, n, onln);
	if (want > 0) {
		tap_ok(n == want, "/proc/cpuinfo lists %ld CPUs", want);
		tap_ok(onln == want, "%ld CPUs online", want);
	} else {
		tap_ok(n >= 1, "/proc/cpuinfo lists a CPU");
		tap_ok(onln >= 1, "a CPU is online");
	}
	for (cpu = 0; cpu < n && bad < 0; cpu++)
		if (run_on(cpu))
			bad = cpu;
	if (bad >= 0)
		tap_diag("sched_setaffinity(cpu %d): %s", bad, strerror(errno));
	tap_ok(n > 0 && bad < 0, "can run on every CPU");
	return tap_exit();
}
