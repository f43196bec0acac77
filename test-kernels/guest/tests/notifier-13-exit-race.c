// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-13-exit-race: unregister from one process while the process
 * whose mm it is exits.  Whoever wins, ->release runs exactly once per
 * registration and nothing crashes or leaks.  Then the threaded form: one
 * thread registers and unregisters in a loop while another calls
 * exit_group(); the last unregister comes from the file release after
 * exit_mmap() has run ->release.
 */
#include <pthread.h>
#include "shadow.h"

#define ROUNDS 40
#define NPAGES 32

static void *attach_loop(void *arg)
{
	char *p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	int fd = *(int *)arg;

	sh_touch(p, NPAGES, 3);
	for (;;) {
		if (!sh_attach_flags(fd, 0, 0))
			sh_map(fd, p, NPAGES * pg, 1);
		sh_ioctl(fd, MNB_SHADOW_DETACH, NULL);
	}
	return NULL;
}

/* A child whose second thread is in the loop when exit_group() comes. */
static void threaded_exit(int r)
{
	pthread_t t;
	int fd = sh_open();

	if (fd < 0 || pthread_create(&t, NULL, attach_loop, &fd))
		_exit(1);
	usleep(2000 + r * 500);
	exit(0);
}

int main(void)
{
	struct mnb_shadow_global g0, g1;
	struct mnb_shadow_stats st;
	int fd, ready[2], status, r, once = 0, failed = 0;
	pid_t pid;
	char b;

	sh_suite_or_skip();
	tap_plan(6);
	fd = sh_open();
	if (fd < 0)
		tap_bail("open " SHADOW_DEV);
	g0 = sh_global(fd);
	close(fd);
	for (r = 0; r < ROUNDS; r++) {
		fd = sh_open();
		if (fd < 0 || pipe(ready))
			tap_bail("open/pipe");
		pid = fork();
		if (pid == 0) {
			char *p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);

			sh_touch(p, NPAGES, r);
			b = sh_attach_flags(fd, 0, 0) ||
			    sh_map(fd, p, NPAGES * pg, 1) ? 'E' : 'R';
			if (write(ready[1], &b, 1) != 1)
				_exit(2);
			/* Vary who wins: exit at once or a little later. */
			if (r & 1)
				usleep(r * 50);
			_exit(0);
		}
		close(ready[1]);
		if (read(ready[0], &b, 1) != 1 || b != 'R')
			failed++;
		close(ready[0]);
		if (r & 2)
			usleep(r * 30);
		if (sh_ioctl(fd, MNB_SHADOW_DETACH, NULL))
			failed++;
		waitpid(pid, &status, 0);
		st = sh_stats(fd);
		once += st.calls[MNB_CB_RELEASE] == 1;
		close(fd);
	}
	fd = sh_open();
	g1 = sh_global(fd);
	close(fd);
	tap_ok(!failed, "%d rounds: attach in child, DETACH in parent (%d failures)",
	       ROUNDS, failed);
	tap_ok(once == ROUNDS, "->release exactly once in %d of %d rounds",
	       once, ROUNDS);
	tap_ok(g1.registered - g0.registered == ROUNDS &&
	       g1.unregistered - g0.unregistered == ROUNDS &&
	       g1.released - g0.released == ROUNDS,
	       "global: %llu registered, %llu unregistered, %llu released",
	       (unsigned long long)(g1.registered - g0.registered),
	       (unsigned long long)(g1.unregistered - g0.unregistered),
	       (unsigned long long)(g1.released - g0.released));
	tap_ok(g1.instances == g0.instances, "no shadow instance leaked");

	for (r = 0, failed = 0; r < ROUNDS / 2; r++) {
		pid = fork();
		if (pid == 0)
			threaded_exit(r);
		waitpid(pid, &status, 0);
		failed += !WIFEXITED(status) || WEXITSTATUS(status);
	}
	fd = sh_open();
	g0 = g1;
	g1 = sh_global(fd);
	close(fd);
	tap_ok(!failed && g1.registered > g0.registered,
	       "%d processes exited while a thread (un)registered: %llu registrations",
	       ROUNDS / 2, (unsigned long long)(g1.registered - g0.registered));
	tap_ok(g1.registered - g0.registered == g1.unregistered - g0.unregistered &&
	       g1.registered - g0.registered == g1.released - g0.released &&
	       g1.instances == g0.instances,
	       "each registration unregistered and released exactly once (%llu/%llu/%llu)",
	       (unsigned long long)(g1.registered - g0.registered),
	       (unsigned long long)(g1.unregistered - g0.unregistered),
	       (unsigned long long)(g1.released - g0.released));
	return tap_exit();
}
