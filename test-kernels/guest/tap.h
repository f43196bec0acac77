/* SPDX-License-Identifier: GPL-2.0 */
/*
 * tap.h - minimal TAP 13 producer for the guest test programs.
 *
 * A test program prints its plan, then one "ok"/"not ok" line per case,
 * and exits through tap_exit():
 *
 *	tap_plan(2);
 *	tap_ok(fd >= 0, "open %s", path);
 *	tap_skip("hugetlbfs", "no huge pages");
 *	return tap_exit();
 *
 * Exit status follows kselftest: 0 all passed, 1 a case failed or the
 * count did not match the plan, 4 every case was skipped.  The guest init
 * turns that into the program's own top-level TAP line.
 *
 * Header-only on purpose: every test is a single static binary.
 */
#ifndef MNB_TAP_H
#define MNB_TAP_H

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define TAP_EXIT_PASS	0
#define TAP_EXIT_FAIL	1
#define TAP_EXIT_SKIP	4

static int tap_planned, tap_done, tap_failed, tap_skipped;

static void tap_vline(const char *prefix, const char *fmt, va_list ap,
		      const char *suffix)
{
	fputs(prefix, stdout);
	vprintf(fmt, ap);
	if (suffix)
		printf(": %s", suffix);
	putchar('\n');
	fflush(stdout);
}

/* Diagnostic line; never counted as a result. */
static void tap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline("# ", fmt, ap, NULL);
	va_end(ap);
}

static void tap_plan(int n)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

/* Report one case; returns cond so callers can chain on it. */
static int tap_ok(int cond, const char *fmt, ...)
{
	char prefix[32];
	va_list ap;

	tap_done++;
	if (!cond)
		tap_failed++;
	snprintf(prefix, sizeof(prefix), "%sok %d ", cond ? "" : "not ",
		 tap_done);
	va_start(ap, fmt);
	tap_vline(prefix, fmt, ap, NULL);
	va_end(ap);
	return cond;
}

static void tap_skip(const char *name, const char *fmt, ...)
{
	char prefix[160];
	va_list ap;

	tap_done++;
	tap_skipped++;
	snprintf(prefix, sizeof(prefix), "ok %d %s # SKIP ", tap_done, name);
	va_start(ap, fmt);
	tap_vline(prefix, fmt, ap, NULL);
	va_end(ap);
}

static int tap_exit(void)
{
	if (tap_done != tap_planned) {
		tap_diag("planned %d cases, reported %d", tap_planned,
			 tap_done);
		return TAP_EXIT_FAIL;
	}
	if (tap_failed)
		return TAP_EXIT_FAIL;
	if (tap_planned && tap_skipped == tap_planned)
		return TAP_EXIT_SKIP;
	return TAP_EXIT_PASS;
}

/* Abort the program: the remaining cases are reported as failed. */
static void tap_bail(const char *fmt, ...)
{
	const char *why = errno ? strerror(errno) : NULL;
	va_list ap;

	va_start(ap, fmt);
	tap_vline("# bail out: ", fmt, ap, why);
	va_end(ap);
	while (tap_done < tap_planned)
		tap_ok(0, "not reached");
	exit(TAP_EXIT_FAIL);
}

/*
 * The value of "key=value" on the kernel command line, copied into buf;
 * NULL when absent.  Options with a dot are not passed to init by old
 * kernels, so every program reads /proc/cmdline itself.
 */
static const char *tap_cmdline(const char *key, char *buf, size_t len)
{
	char line[1024], *p, *tok;
	size_t klen = strlen(key);
	FILE *f = fopen("/proc/cmdline", "r");

	if (!f)
		return NULL;
	p = fgets(line, sizeof(line), f);
	fclose(f);
	if (!p)
		return NULL;
	for (tok = strtok(line, " \n"); tok; tok = strtok(NULL, " \n")) {
		if (strncmp(tok, key, klen) || tok[klen] != '=')
			continue;
		snprintf(buf, len, "%s", tok + klen + 1);
		return buf;
	}
	return NULL;
}

static long tap_cmdline_long(const char *key, long def)
{
	char buf[64];

	return tap_cmdline(key, buf, sizeof(buf)) ? strtol(buf, NULL, 0) : def;
}

/* First line of a file starting with key, value parsed as a number. */
static long long tap_file_value(const char *path, const char *key)
{
	char line[256];
	size_t klen = strlen(key);
	long long val = -1;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, key, klen))
			continue;
		val = strtoll(line + klen + strspn(line + klen, ": \t"),
			      NULL, 10);
		break;
	}
	fclose(f);
	return val;
}

static int tap_write_file(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -1;
}

#endif /* MNB_TAP_H */
