# mmu-notifier-backport: thin entry points; the work is done by scripts/.
# `make help` lists the targets.

KVER      ?= 2.6.26
ARCH      ?= x86_64
PATCHED   ?= 0
DEBUG     ?= 0
MN        ?= y
KDIR      ?=

S := $(CURDIR)/scripts
# Never let the kernel's ARCH leak into host tools: scripts take --arch.
unexport ARCH

kopts = --arch $(ARCH) $(if $(filter 1,$(PATCHED)),--patched --mmu-notifier $(MN)) \
	$(if $(filter 1,$(DEBUG)),--debug)

.PHONY: help demo check check-quick deps kernel boot matrix prepare audit bench

help:
	@echo "mmu-notifier-backport targets:"
	@echo "  make demo                 patch, build and boot the default kernel ($(KVER)) and run the guest suite"
	@echo "  make check                run every test (host, Coccinelle, kernel matrix); ends 'N passed, N failed'"
	@echo "  make check-quick          the same without booting kernels (counted as skipped)"
	@echo "  make prepare KDIR=tree    write KDIR/patches and KDIR/series for 'quilt push -a'"
	@echo "  make audit KDIR=tree      list every user-pte change in mm/ and arch/*/mm and its notifier cover"
	@echo "  make kernel KVER=v [ARCH=x86_64|i386] [PATCHED=0|1] [MN=y|n] [DEBUG=0|1]"
	@echo "                            build one bench kernel (out of tree, ccache)"
	@echo "  make boot KVER=v [same options]   build if needed, boot under QEMU, run the suite"
	@echo "  make matrix               every release x arch x variant, as a table (Markdown too)"
	@echo "  make deps                 install the host tools (Debian, as root)"
	@echo "  make bench [KVER=v]       instruction counts per operation: unpatched, =n, disarmed, armed,"
	@echo "                            native 2.6.27 (default 2.6.18 2.6.24 2.6.26; slow, not in check)"

deps:
	$(S)/deps --install

demo: deps
	$(S)/boot --patched --mmu-notifier y --append mnb.suite=notifier --arch $(ARCH) $(KVER)

check: deps
	$(S)/check

check-quick:
	$(S)/check --quick

kernel:
	$(S)/build-kernel $(kopts) $(KVER)

boot:
	$(S)/boot $(kopts) $(KVER)

matrix:
	$(S)/matrix

# KVER= only when given: the bench's default is every release it measures.
bench: deps
	$(S)/bench $(if $(filter command line environment,$(origin KVER)),--kver $(KVER))

prepare:
	@test -n "$(KDIR)" || { echo "make prepare: KDIR=/path/to/linux is required" >&2; exit 2; }
	$(S)/prepare KDIR=$(KDIR)

audit:
	@test -n "$(KDIR)" || { echo "make audit: KDIR=/path/to/linux is required" >&2; exit 2; }
	$(S)/audit $(KDIR)
