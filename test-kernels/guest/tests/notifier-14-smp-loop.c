// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-14-smp-loop: threads register and unregister shadows in a loop
 * while other threads fault pages in, zap them and munmap.  MAP must never
 * enter a page an invalidation has just taken away (the seq/count retry):
 * no CHECK may find a stale entry, and every registration is undone.
 */
#include <pthread.h>
#include <time.h>
#include "shadow.h"

#define REGISTRARS 3
#define FAULTERS 2
#define NPAGES 64
#define SECONDS 4

static char *shared;
static volatile int stop;
static long stale_total, errors, rounds, retries;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static void add(long *v, long n)
{
	pthread_mutex_lock(&lock);
	*v += n;
	pthread_mutex_unlock(&lock);
}

static void *registrar(void *arg)
{
	struct mnb_shadow_stats st;
	long s;
	int fd, ret;

	(void)arg;
	while (!stop) {
		fd = sh_open();
		if (fd < 0) {
			add(&errors, 1);
			break;
		}
		ret = sh_attach_flags(fd, 0, 0);
		if (!ret)
			ret = sh_map(fd, shared, NPAGES * pg, 1);
		if (ret && ret != -EFAULT)
			add(&errors, 1);
		s = sh_check_quiet(fd, 2);
		if (s)
			add(&stale_total, s < 0 ? 1 : s);
		st = sh_stats(fd);
		add(&retries, st.retries);
		if (sh_ioctl(fd, MNB_SHADOW_DETACH, NULL))
			add(&errors, 1);
		close(fd);
		add(&rounds, 1);
	}
	return NULL;
}

static void *faulter(void *arg)
{
	long id = (long)arg, i = 0;
	char *p;

	while (!stop) {
		/* Zap the shared range under the registrars' feet... */
		madvise(shared + (i % 4) * (NPAGES / 4) * pg,
			NPAGES / 4 * pg, MADV_DONTNEED);
		sh_touch(shared, NPAGES, (int)(id + i));
		/* ...and map, fault and unmap private ranges. */
		p = mmap(NULL, 16 * pg, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (p != MAP_FAILED) {
			sh_touch(p, 16, (int)i);
			munmap(p, 16 * pg);
		}
		i++;
	}
	return NULL;
}

int main(void)
{
	pthread_t t[REGISTRARS + FAULTERS];
	struct mnb_shadow_global g0, g1;
	int fd, i, started = 0;

	sh_suite_or_skip();
	tap_plan(4);
	fd = sh_start();		/* fail early, with the reason */
	sh_ioctl(fd, MNB_SHADOW_DETACH, NULL);
	g0 = sh_global(fd);
	shared = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(shared, NPAGES, 16);
	for (i = 0; i < REGISTRARS; i++)
		started += !pthread_create(&t[i], NULL, registrar, NULL);
	for (; i < REGISTRARS + FAULTERS; i++)
		started += !pthread_create(&t[i], NULL, faulter, (void *)(long)i);
	sleep(SECONDS);
	stop = 1;
	for (i = 0; i < REGISTRARS + FAULTERS; i++)
		pthread_join(t[i], NULL);
	g1 = sh_global(fd);
	tap_diag("%ld register/map/check/unregister rounds, %ld MAP retries",
		 rounds, retries);
	tap_ok(started == REGISTRARS + FAULTERS && rounds > REGISTRARS &&
	       !errors, "%d threads, %ld rounds, %ld errors", started,
	       rounds, errors);
	tap_ok(!stale_total, "no stale entry under concurrent invalidation (%ld)",
	       stale_total);
	tap_ok(g1.registered - g0.registered == (unsigned long long)rounds &&
	       g1.unregistered - g0.unregistered == (unsigned long long)rounds &&
	       g1.released - g0.released == (unsigned long long)rounds,
	       "every registration undone, ->release once each");
	tap_ok(g1.instances == g0.instances, "no shadow instance leaked");
	close(fd);
	return tap_exit();
}
