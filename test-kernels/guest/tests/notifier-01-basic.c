// SPDX-License-Identifier: GPL-2.0
/*
 * notifier-01-basic: the shadow MMU's interface.  INFO's feature macros
 * agree with the kernel version, ATTACH registers (its error is reported,
 * ENOSYS on a kernel without notifiers), MAP enters pages without a pin,
 * CHECK finds nothing stale, DETACH runs ->release exactly once.
 */
#include "shadow.h"

#define NPAGES 64

int main(void)
{
	struct mnb_shadow_stats st;
	struct mnb_shadow_count c;
	struct mnb_shadow_global g0, g1;
	unsigned int v;
	int fd, ret, want_cp;
	char *p;

	sh_suite_or_skip();
	tap_plan(13);
	fd = sh_open();
	if (!tap_ok(fd >= 0, "open " SHADOW_DEV))
		tap_bail("open " SHADOW_DEV);
	ret = sh_ioctl(fd, MNB_SHADOW_INFO, &sh_info);
	v = sh_info.linux_version_code;
	tap_diag("module: abi %u, Linux %u.%u.%u, flags %#x (change_pte %d, backport %u, no_notify %d, CONFIG_MMU_NOTIFIER %d), compat %u",
		 sh_info.abi, v >> 16, (v >> 8) & 0xff, v & 0xff,
		 sh_info.flags, sh_has_change_pte(), sh_info.backport_version,
		 !!(sh_info.flags & MNB_INFO_NO_NOTIFY),
		 !!(sh_info.flags & MNB_INFO_CONFIG_MMU_NOTIFIER),
		 sh_info.compat_version);
	tap_ok(!ret && sh_info.abi == MNB_SHADOW_ABI, "INFO, ABI %d",
	       MNB_SHADOW_ABI);
	/*
	 * change_pte is called by 2.6.32 and by kernels with the series,
	 * and only when the kernel notifies at all.
	 */
	want_cp = (sh_info.flags & MNB_INFO_CONFIG_MMU_NOTIFIER) &&
		  (v >= 0x020620 || (sh_info.flags & MNB_INFO_BACKPORT));
	tap_ok(want_cp == sh_has_change_pte() &&
	       !(sh_info.flags & MNB_INFO_NO_NOTIFY) ==
	       !!(sh_info.flags & MNB_INFO_CONFIG_MMU_NOTIFIER),
	       "feature macros agree with the kernel (change_pte %s)",
	       want_cp ? "expected" : "not expected");

	p = sh_anon(NPAGES, PROT_READ | PROT_WRITE);
	sh_touch(p, NPAGES, 1);
	tap_ok(sh_map(fd, p, NPAGES * pg, 1) == -EINVAL,
	       "MAP before ATTACH is refused (EINVAL)");

	g0 = sh_global(fd);
	ret = sh_attach_flags(fd, 0, 0);
	if (!tap_ok(!ret, "ATTACH registers a notifier on this mm%s%s",
		    ret ? ": " : "", ret ? strerror(-ret) : ""))
		tap_bail("ATTACH%s", ret == -ENOSYS ?
			 ": ENOSYS, this kernel has no MMU notifiers" : "");
	tap_ok(sh_attach_flags(fd, 0, 0) == -EBUSY,
	       "second ATTACH on the same shadow: EBUSY");

	ret = sh_map(fd, p, NPAGES * pg, 1);
	c = sh_count(fd, p, NPAGES * pg);
	tap_ok(!ret && c.entries == NPAGES && c.writable == NPAGES,
	       "MAP %d pages writable: %llu entries, %llu writable", NPAGES,
	       (unsigned long long)c.entries,
	       (unsigned long long)c.writable);
	sh_ok_clean(fd, "after MAP");
	st = sh_stats(fd);
	tap_ok(st.entries == NPAGES && st.mapped == NPAGES &&
	       (st.state & MNB_ST_REGISTERED) && !st.inv_count,
	       "STATS: %llu entries, state %#x, no invalidation in progress",
	       (unsigned long long)st.entries, st.state);

	tap_ok(!sh_ioctl(fd, MNB_SHADOW_DETACH, NULL), "DETACH");
	st = sh_stats(fd);
	g1 = sh_global(fd);
	tap_ok(st.calls[MNB_CB_RELEASE] == 1 && st.entries == 0 &&
	       g1.registered == g0.registered + 1 &&
	       g1.unregistered == g0.unregistered + 1,
	       "DETACH ran ->release once (%llu), dropped every entry",
	       (unsigned long long)st.calls[MNB_CB_RELEASE]);
	tap_ok(sh_map(fd, p, pg, 1) == -EINVAL, "MAP after DETACH refused");
	ret = sh_attach_flags(fd, 0, 0);
	tap_ok(!ret && !sh_map(fd, p, pg, 1) && !sh_check(fd) &&
	       !sh_ioctl(fd, MNB_SHADOW_DETACH, NULL) && !close(fd),
	       "ATTACH again, MAP, CHECK, DETACH, close");
	return tap_exit();
}
