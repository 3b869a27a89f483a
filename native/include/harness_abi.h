/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The C ABI of Harness's kernel backend: the kernel's own v5.13 pgtable.c,
 * mem_protect.c and page_alloc.c, compiled in userspace for one granule, behind
 * a small API of ours. Everything here is Harness's; nothing is kernel code.
 *
 * One library per granule (PAGE_SHIFT is compile-time) and per profile:
 * the profile build applies the three fixes of the trace format's
 * "profile v5.13"; the stock build (HARNESS_STOCK=1) compiles the tree as it is.
 *
 * Instances: any number may be alive in one process; calls into one library
 * must not run concurrently (the kernel files keep their state in statics, which
 * each call swaps in and out). Load one copy of the library per thread to run
 * instances in parallel.
 */
#ifndef HARNESS_ABI_H
#define HARNESS_ABI_H

#include <stdint.h>

#define HARNESS_ABI_VERSION 1

/* Which API the commands drive (trace format: "layer"). */
enum harness_layer {
	HARNESS_LAYER_STAGE2 = 0,	/* a raw stage-2 table, IDMAP | NOFWB, its own pool */
	HARNESS_LAYER_HOST = 1,		/* the pKVM host stage 2 of mem_protect.c */
};

/* Later upstream behaviours, opt-in per instance (trace format: "fix NAME"). */
enum harness_fix {
	HARNESS_FIX_PAGE_SIZED_ANNOTATIONS = 1u << 0,	/* v5.15: set_owner forces page granularity */
	HARNESS_FIX_POOL_MAX_ORDER = 1u << 1,		/* v5.17: max order = get_order((nr_pages + 1) pages) */
	HARNESS_FIX_DONATE_CHECKS_OWNER = 1u << 2,	/* donate: -EINVAL unaligned, -EPERM not host-owned */
	HARNESS_FIX_DONATE_MAPS_HYP = 1u << 3,		/* donate: then map at EL2 in a hyp stage 1 */
};

struct harness_region {
	uint64_t base;
	uint64_t end;		/* exclusive */
};

struct harness_config {
	uint32_t layer;		/* enum harness_layer */
	uint32_t ia_bits;	/* stage2: 32..48 (52 with 64K); host: a PARange size */
	uint64_t pool_pages;	/* stage2 layer: pages of its one pool (root included) */
	uint32_t fixes;		/* enum harness_fix bits */
	uint32_t nr_regions;	/* host layer: memory regions, sorted, disjoint, page aligned */
	const struct harness_region *regions;
};

/* Event kinds: the same numbers as Harness.Implementation.EventKind. */
enum harness_event_kind {
	HARNESS_EV_PTE_WRITE = 0,	/* pa: descriptor address; a: old value; b: new value */
	HARNESS_EV_TLBI_VMID = 1,
	HARNESS_EV_TLBI_IPA = 2,	/* ipa; level: hint 1..3, or -1 for none (v5.13's 0) */
	HARNESS_EV_CMO = 3,		/* pa: start; a: length in bytes */
	HARNESS_EV_ALLOC = 4,		/* pa: head page; a: order */
	HARNESS_EV_GET = 5,		/* pa: page; a: count before; b: count after */
	HARNESS_EV_PUT = 6,		/* pa: page; a: count before; b: count after */
	HARNESS_EV_FREE = 7,		/* pa: head page; a: order of the freed block */
	HARNESS_EV_PUT_ON_FREE_PAGE = 8,	/* pa: page whose count was 0 (the put is skipped) */
	HARNESS_EV_ACCESS_TO_FREE_PAGE = 9,	/* pa: page not allocated, got or written */
	HARNESS_EV_WILD_ACCESS = 10,	/* pa: address outside every pool (a write there is skipped) */
	HARNESS_EV_WARNING = 11,	/* a WARN_ON fired; where: "file:line" */
	HARNESS_EV_ALLOC_FAILED = 12,	/* pa: pool base; a: order; b: 1 if injected by fail_alloc */
	HARNESS_EV_KERNEL_BUG = 13,	/* BUG()/BUG_ON() or a lock misuse; where: "file:line"; the call was abandoned */
	HARNESS_EV_CORRUPTING_FREE = 14,/* pa: a page that is not a block head dropped to count 0; the free is skipped */
};

struct harness_event {
	uint32_t kind;		/* enum harness_event_kind */
	int32_t level;		/* TLBI_IPA: hint or -1; otherwise 0 */
	uint64_t pa;
	uint64_t ipa;
	uint64_t a;
	uint64_t b;
	const char *where;	/* WARNING / KERNEL_BUG: static "file:line"; else NULL */
};

/*
 * Events are delivered in program order. The instance buffers them and calls
 * the sink when its buffer is full and before every API call returns, so memory
 * stays bounded whatever one command writes.
 */
typedef void (*harness_sink_fn)(void *user, const struct harness_event *events, uint32_t count);

struct harness_pool_info {
	const char *name;	/* "pool" (stage2 layer); "mem", "dev", "hyp" (host layer) */
	uint64_t base_pa;
	uint64_t nr_pages;
	uint64_t used_pages;	/* pages of allocated blocks */
	uint32_t max_order;	/* free lists exist for orders 0 .. max_order - 1 */
};

/* Negative results that are not kernel error numbers. */
#define HARNESS_EBUG (-1000)	/* the kernel hit BUG(); the instance is dead, every later call returns this */
#define HARNESS_EBADCONFIG (-1001)	/* harness_create: a configuration this build cannot set up */

uint32_t harness_abi_version(void);
uint32_t harness_page_shift(void);	/* 12, 14 or 16 */
uint32_t harness_is_stock(void);	/* 1 for the stock build */

/*
 * Creates an instance. *init_result: 0; -ENOMEM when the pool cannot supply the
 * root (the instance exists and every walk answers -EINVAL); HARNESS_EBADCONFIG
 * (returns NULL) for a configuration that cannot be set up.
 */
void *harness_create(const struct harness_config *config, harness_sink_fn sink, void *user, int32_t *init_result);
void harness_destroy(void *inst);

/* The trace format's commands; each returns 0 or a negated kernel errno (or HARNESS_EBUG). */
int32_t harness_map(void *inst, uint64_t addr, uint64_t size, uint64_t phys, uint32_t prot);	/* prot: KVM_PGTABLE_PROT_* bits */
int32_t harness_unmap(void *inst, uint64_t addr, uint64_t size);
int32_t harness_set_owner(void *inst, uint64_t addr, uint64_t size, uint64_t owner);	/* owner > 255: -EINVAL */
int32_t harness_fault(void *inst, uint64_t addr);	/* host layer */
int32_t harness_donate(void *inst, uint64_t addr, uint64_t size);	/* host layer */
void harness_fail_alloc(void *inst, uint64_t n);	/* the n-th page allocation from now fails; 0 cancels */
/* Harness-only: the leaf covering addr (a LEAF walk of one page, as v5.15's get_leaf). */
int32_t harness_get_leaf(void *inst, uint64_t addr, uint64_t *pte, uint32_t *level);

/* What the checks read. */
uint64_t harness_root_pa(void *inst);		/* 0 when there is no root */
uint32_t harness_root_pages(void *inst);
uint32_t harness_start_level(void *inst);
uint64_t harness_hyp_root_pa(void *inst);	/* 0 unless donate-maps-hyp */
uint32_t harness_hyp_start_level(void *inst);
uint32_t harness_hyp_ia_bits(void *inst);
uint32_t harness_nr_pools(void *inst);
void harness_pool_info(void *inst, uint32_t index, struct harness_pool_info *out);
/* The pools' pages as one contiguous buffer playing physical memory [*base_pa, *base_pa + *bytes). */
const uint64_t *harness_memory(void *inst, uint64_t *base_pa, uint64_t *bytes);
int32_t harness_page_count(void *inst, uint64_t pa);		/* -1 outside every pool */
int32_t harness_page_allocated(void *inst, uint64_t pa);	/* 1, 0, or -1 outside every pool */
uint64_t harness_alloc_attempts(void *inst);	/* page allocations attempted by commands so far */

#endif /* HARNESS_ABI_H */
