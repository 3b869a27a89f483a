/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <linux/memblock.h>: a memory region as the hypervisor keeps it. */
#ifndef HARNESS_LINUX_MEMBLOCK_H
#define HARNESS_LINUX_MEMBLOCK_H

#include <harness/kenv.h>

/* One region of RAM: [base, base + size). */
struct memblock_region {
	phys_addr_t base;
	phys_addr_t size;
	unsigned long flags;
};
#endif
