/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mnb_shadow.h - ioctl interface of the software secondary MMU test module
 * (mnb_shadow.ko, misc device /dev/mnb_shadow).  Shared by the module and
 * the guest test programs: fixed-size fields only, so that one layout
 * serves every kernel and both word sizes.
 *
 * One open file is one shadow MMU.  ATTACH registers an MMU notifier on the
 * caller's mm; MAP fills the shadow table from the primary page tables with
 * get_user_pages() and keeps no page reference; the notifier callbacks drop
 * or downgrade entries; CHECK compares every entry with the primary page
 * tables as they are now and reports the stale ones.
 *
 * Bump MNB_SHADOW_ABI on any change: the guest build checks it at compile
 * time (its cache key does not see this file) and INFO at run time.
 */
#ifndef MNB_SHADOW_H
#define MNB_SHADOW_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/ioctl.h>
#else
#include <stdint.h>
#include <sys/ioctl.h>
typedef int32_t __s32;
typedef uint32_t __u32;
typedef uint64_t __u64;
#endif

#define MNB_SHADOW_ABI		4
#define MNB_SHADOW_NAME		"mnb_shadow"

/* Callback types, in the trace and as indexes of the counters. */
enum {
	MNB_CB_RELEASE = 1,
	MNB_CB_CLEAR_FLUSH_YOUNG,
	MNB_CB_CHANGE_PTE,
	MNB_CB_INVALIDATE_PAGE,
	MNB_CB_RANGE_START,
	MNB_CB_RANGE_END,
	MNB_CB_MAX
};

/* INFO: what the module was built against. */
#define MNB_INFO_HAS_CHANGE_PTE		0x01	/* MMU_NOTIFIER_HAS_CHANGE_PTE */
#define MNB_INFO_BACKPORT		0x02	/* MMU_NOTIFIER_BACKPORT_VERSION */
#define MNB_INFO_NO_NOTIFY		0x04	/* MMU_NOTIFIER_COMPAT_NO_NOTIFY */
#define MNB_INFO_CONFIG_MMU_NOTIFIER	0x08	/* CONFIG_MMU_NOTIFIER */

struct mnb_shadow_info {
	__u32 abi;
	__u32 flags;			/* MNB_INFO_* */
	__u32 linux_version_code;	/* LINUX_VERSION_CODE */
	__u32 backport_version;		/* 0 unless MNB_INFO_BACKPORT */
	__u32 compat_version;		/* MMU_NOTIFIER_COMPAT_VERSION */
	__u32 max_entries;
	__u32 trace_size;
	__u32 page_size;
};

/* ATTACH flags. */
#define MNB_ATTACH_NO_NOTIFY	0x01	/* test only: do not register */
#define MNB_ATTACH_SIGNAL	0x02	/* send 'sig' to current first */

struct mnb_shadow_attach {
	__u32 flags;
	__u32 sig;
};

struct mnb_shadow_map {
	__u64 start;
	__u64 len;
	__u32 write;		/* get_user_pages(write=1), entry writable */
	__u32 pad;
	__u64 mapped;		/* out: pages entered */
	__u64 retries;		/* out: retries after a racing invalidation */
};

/* CHECK: one record per stale entry. */
#define MNB_STALE_NOT_MAPPED	0x01	/* no present pte there now */
#define MNB_STALE_PFN		0x02	/* pte maps another pfn */
#define MNB_STALE_WRITABLE	0x04	/* entry writable, pte is not */

#define MNB_PTE_PRESENT		0x01
#define MNB_PTE_WRITE		0x02
#define MNB_PTE_YOUNG		0x04
#define MNB_PTE_HUGE		0x08

struct mnb_shadow_stale {
	__u64 addr;
	__u64 shadow_pfn;
	__u64 pte_pfn;		/* ~0 when not present */
	__u64 map_seq;		/* trace sequence when the entry was made */
	__u32 reason;		/* MNB_STALE_* */
	__u32 pte_flags;	/* MNB_PTE_* */
	__u32 shadow_writable;
	__u32 pad;
};

struct mnb_shadow_check {
	__u64 buf;		/* struct mnb_shadow_stale[max], may be 0 */
	__u32 max;
	__u32 pad;
	__u64 checked;		/* out: entries checked */
	__u64 stale;		/* out: stale entries (may exceed max) */
	__u64 trace_seq;	/* out: trace sequence now */
};

struct mnb_shadow_event {
	__u64 seq;		/* 1, 2, ...: global order in this shadow */
	__u64 start;
	__u64 end;		/* start + PAGE_SIZE for single-page events */
	__u64 arg;		/* change_pte: new pfn; clear_flush_young:
				 * young result; release: entries dropped */
	__u32 type;		/* MNB_CB_* */
	__u32 pad;
};

struct mnb_shadow_trace {
	__u64 buf;		/* struct mnb_shadow_event[max] */
	__u32 max;
	__u32 n;		/* out: events copied */
	__u64 since;		/* events with seq > since */
	__u64 last;		/* out: newest seq */
	__u64 lost;		/* out: requested events already overwritten */
};

#define MNB_ST_ATTACHED		0x01
#define MNB_ST_REGISTERED	0x02
#define MNB_ST_RELEASED		0x04
#define MNB_ST_NO_NOTIFY	0x08

struct mnb_shadow_stats {
	__u64 calls[MNB_CB_MAX];	/* per MNB_CB_* */
	__u64 entries;			/* entries now */
	__u64 mapped;			/* pages entered by MAP, total */
	__u64 retries;			/* MAP retries, total */
	__u64 dropped;			/* entries removed by callbacks */
	__u64 downgraded;		/* entries made read-only */
	__u64 young;			/* clear_flush_young answered 1 */
	__u64 release_entries;		/* entries dropped by ->release */
	__u64 release_unmapped;		/* of those, page already unmapped */
	__u64 seq;			/* invalidation sequence */
	__u64 inv_count;		/* range invalidations in progress */
	__u32 state;			/* MNB_ST_* */
	__s32 attach_error;		/* last ATTACH result */
};

struct mnb_shadow_global {
	__u64 registered;	/* successful registrations */
	__u64 register_failed;
	__u64 unregistered;
	__u64 released;		/* ->release callbacks */
	__u64 instances;	/* open files now */
};

struct mnb_shadow_count {
	__u64 start;
	__u64 len;
	__u64 entries;		/* out */
	__u64 writable;		/* out */
	__u64 young;		/* out */
	__u64 first_pfn;	/* out: pfn of the entry at start, ~0 if none */
};

#define MNB_SHADOW_IOC		0xB7
#define MNB_SHADOW_INFO		_IOR(MNB_SHADOW_IOC, 0, struct mnb_shadow_info)
#define MNB_SHADOW_ATTACH	_IOW(MNB_SHADOW_IOC, 1, struct mnb_shadow_attach)
#define MNB_SHADOW_DETACH	_IO(MNB_SHADOW_IOC, 2)
#define MNB_SHADOW_MAP		_IOWR(MNB_SHADOW_IOC, 3, struct mnb_shadow_map)
#define MNB_SHADOW_CHECK	_IOWR(MNB_SHADOW_IOC, 4, struct mnb_shadow_check)
#define MNB_SHADOW_TRACE	_IOWR(MNB_SHADOW_IOC, 5, struct mnb_shadow_trace)
#define MNB_SHADOW_STATS	_IOR(MNB_SHADOW_IOC, 6, struct mnb_shadow_stats)
#define MNB_SHADOW_GLOBAL	_IOR(MNB_SHADOW_IOC, 7, struct mnb_shadow_global)
#define MNB_SHADOW_COUNT	_IOWR(MNB_SHADOW_IOC, 8, struct mnb_shadow_count)
#define MNB_SHADOW_CLEAR	_IO(MNB_SHADOW_IOC, 9)	/* drop all entries */
/*
 * Test only: write-protect the present ptes of a range the way a driver
 * would, with apply_to_page_range() (2.6.22+; ENOSYS before), so that the
 * suite can see that call site notify.
 */
#define MNB_SHADOW_WRPROTECT	_IOW(MNB_SHADOW_IOC, 10, struct mnb_shadow_count)

#endif /* MNB_SHADOW_H */
