/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness: what the two translation units of the kernel backend share. The ABI
 * side (harness.c) owns instances, events and hooks; the host side
 * (host_shim.c) includes mem_protect.c and is the only code that can reach its
 * static state.
 */
#ifndef HARNESS_INTERNAL_H
#define HARNESS_INTERNAL_H

#include <setjmp.h>

#include <linux/kvm_host.h>
#include <linux/memblock.h>
#include <asm/kvm_pgtable.h>
#include <nvhe/gfp.h>
#include <nvhe/memory.h>
#include <nvhe/mem_protect.h>
#include <nvhe/mm.h>

#include "harness_abi.h"

/* Events are handed to the sink in batches of at most this many. */
#define HARNESS_EVENT_BUFFER 1024

/* No configuration may ask for more pool memory than this (the arena is real memory). */
#define HARNESS_ARENA_LIMIT (UL(1) << 30)

/* Where the arena plays physical memory: far above every IPA a trace uses (as PoolLayout in the C# port). */
#define HARNESS_ARENA_BASE_PA (UL(64) << 40)

/*
 * The kernel statics of the host layer (mem_protect.c and the memory list
 * setup.c would fill). Each call copies an instance's copy in and back out, so
 * any number of host instances can share one loaded library.
 */
struct harness_host_statics {
	struct host_kvm host_kvm;
	struct hyp_pool mem;
	struct hyp_pool dev;
	struct memblock_region memory[HYP_MEMBLOCK_REGIONS];
	unsigned int nr_memory;
	u64 mmfr0;
	u64 mmfr1;
};

struct harness_pool_slot {
	const char *name;
	u64 base_pa;
	u64 nr_pages;
};

struct harness_inst {
	u32 layer;
	u32 ia_bits;
	u32 fixes;

	harness_sink_fn sink;
	void *user;
	struct harness_event events[HARNESS_EVENT_BUFFER];
	u32 nr_events;

	/* Creation records nothing and counts no allocation attempt. */
	bool quiet;
	bool in_call;
	bool dead;
	jmp_buf bug_jmp;

	/* The arena: every pool's pages, contiguous, playing [base_pa, base_pa + bytes). */
	u8 *arena;
	u64 arena_bytes;	/* the mapping, which may be larger than bytes when it was reused */
	u64 base_pa;
	u64 bytes;
	u64 nr_pages;
	struct hyp_page *vmemmap;
	u8 *allocated;		/* one byte per arena page, kept by the allocator wrappers */
	u8 *ever_allocated;	/* pages allocated at any time: the only ones that can be dirty */
	s64 physvirt_offset;
	u64 vmemmap_sym;

	u32 nr_pools;
	struct harness_pool_slot pools[3];

	/* fail_alloc: the countdown to the failing attempt (0: none), and attempts so far. */
	u64 fail_countdown;
	u64 attempts;

	/* The last descriptor store, for the table-removal TLBI of the profile. */
	bool have_last_store;
	u64 last_old;
	u64 last_new;

	/* Stage-2 layer: one pool, one table. */
	struct hyp_pool s2_pool;
	struct kvm_arch s2_arch;
	struct kvm_pgtable s2_pgt;
	struct kvm_pgtable_mm_ops s2_ops;

	/* Host layer: the kernel's statics, and its own mm_ops before we wrapped them. */
	struct harness_host_statics *host;
	struct kvm_pgtable_mm_ops host_real_ops;

	/* Hyp stage 1 of donate-maps-hyp. */
	bool has_hyp;
	struct hyp_pool hyp_pool;
	struct kvm_pgtable hyp_pgt;
	struct kvm_pgtable_mm_ops hyp_ops;
};

/* The instance whose statics are loaded (only during an ABI call). */
extern struct harness_inst *harness_cur;

/*
 * Per-instance fixes wrapped around kernel entry points. The host translation
 * unit is compiled with hyp_pool_init and kvm_pgtable_stage2_set_owner renamed
 * to these, so mem_protect.c calls them where it called the kernel's.
 */
int harness_kvm_pool_init(struct hyp_pool *pool, u64 pfn, unsigned int nr_pages,
		      unsigned int reserved_pages);
int harness_kvm_set_owner(struct kvm_pgtable *pgt, u64 addr, u64 size, void *mc, u8 owner_id);

/* The host side (host_shim.c). */
void harness_host_reset(void);
void harness_host_load(const struct harness_host_statics *s);
void harness_host_store(struct harness_host_statics *s);
void harness_host_set_memory(const struct harness_region *regions, u32 nr);
u64 harness_host_mem_pool_pages(void);
u64 harness_host_dev_pool_pages(void);
int harness_host_prepare(void *mem_pool, void *dev_pool, u64 mmfr0);
struct kvm_pgtable *harness_host_pgt(void);
struct kvm_pgtable_mm_ops *harness_host_mm_ops(void);
int harness_host_fault(u64 addr);
bool harness_host_range_is_memory(u64 start, u64 end);
int harness_host_mark_hyp(u64 start, u64 end);

#endif /* HARNESS_INTERNAL_H */
