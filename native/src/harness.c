/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness: the kernel backend's C ABI (harness_abi.h). The kernel's own
 * pgtable.c, page_alloc.c and mem_protect.c do the work; this file gives each
 * instance its memory, swaps its state into the kernel's statics for the
 * duration of a call, and turns the kernel's descriptor stores, maintenance,
 * allocator traffic, warnings and BUGs into events.
 *
 * Profile build (HARNESS_STOCK=0) versus stock (HARNESS_STOCK=1): the profile
 * applies the three fixes of the trace format's "profile v5.13" here and in
 * the build (see the Makefile for the third).
 */
/* Only the ABI is exported; everything else in the library stays hidden. */
#pragma GCC visibility push(default)
#include "harness_abi.h"
#pragma GCC visibility pop

#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#ifndef HARNESS_STOCK
#error "HARNESS_STOCK must be 0 or 1"
#endif

struct harness_inst *harness_cur;
s64 hyp_physvirt_offset;

#define KNOWN_FIXES (HARNESS_FIX_PAGE_SIZED_ANNOTATIONS | HARNESS_FIX_POOL_MAX_ORDER | \
		     HARNESS_FIX_DONATE_CHECKS_OWNER | HARNESS_FIX_DONATE_MAPS_HYP)

/* ------------------------------------------------------------------------ */
/* Events                                                                    */

static void flush_events(struct harness_inst *in)
{
	if (in->nr_events && in->sink)
		in->sink(in->user, in->events, in->nr_events);
	in->nr_events = 0;
}

static void record(u32 kind, s32 level, u64 pa, u64 ipa, u64 a, u64 b, const char *where)
{
	struct harness_inst *in = harness_cur;

	if (!in || in->quiet)
		return;
	if (in->nr_events == HARNESS_EVENT_BUFFER)
		flush_events(in);
	in->events[in->nr_events++] = (struct harness_event) {
		.kind = kind, .level = level, .pa = pa, .ipa = ipa, .a = a, .b = b, .where = where,
	};
}

/* ------------------------------------------------------------------------ */
/* The arena and its pages                                                   */

static bool in_arena(const struct harness_inst *in, const void *p, size_t len)
{
	uintptr_t a = (uintptr_t)p, base = (uintptr_t)in->arena;

	return a >= base && a - base <= in->bytes && len <= in->bytes - (a - base);
}

static u64 pa_of(const struct harness_inst *in, const void *va)
{
	return (u64)(uintptr_t)va + (u64)in->physvirt_offset;
}

static bool pa_in_arena(const struct harness_inst *in, u64 pa)
{
	return pa >= in->base_pa && pa - in->base_pa < in->bytes;
}

static u64 page_index(const struct harness_inst *in, u64 pa)
{
	return (pa - in->base_pa) >> PAGE_SHIFT;
}

static void set_allocated(struct harness_inst *in, u64 pa, u64 pages, u8 value)
{
	u64 first = page_index(in, pa), i;

	for (i = first; i < first + pages && i < in->nr_pages; i++) {
		in->allocated[i] = value;
		in->ever_allocated[i] |= value;
	}
}

/* ------------------------------------------------------------------------ */
/* Hooks the kernel files call                                               */

void harness_store64(u64 *ptr, u64 val)
{
	struct harness_inst *in = harness_cur;
	u64 pa, old;

	if (!in)
		abort();
	pa = pa_of(in, ptr);
	if (!in_arena(in, ptr, sizeof(*ptr)) || ((uintptr_t)ptr & 7)) {
		record(HARNESS_EV_WILD_ACCESS, 0, pa, 0, val, 0, NULL);
		return;
	}
	old = *ptr;
	record(HARNESS_EV_PTE_WRITE, 0, pa, 0, old, val, NULL);
	if (!in->allocated[page_index(in, pa)])
		record(HARNESS_EV_ACCESS_TO_FREE_PAGE, 0, pa & PAGE_MASK, 0, 0, 0, NULL);
	in->have_last_store = true;
	in->last_old = old;
	in->last_new = val;
	*ptr = val;
}

void harness_warn(const char *where)
{
	record(HARNESS_EV_WARNING, 0, 0, 0, 0, 0, where);
}

void harness_bug(const char *where)
{
	struct harness_inst *in = harness_cur;

	if (!in || !in->in_call)
		abort();
	record(HARNESS_EV_KERNEL_BUG, 0, 0, 0, 0, 0, where);
	in->dead = true;
	longjmp(in->bug_jmp, 1);
}

void harness_spin_lock(hyp_spinlock_t *lock, const char *where)
{
	if (lock->held)
		harness_bug(where);
	lock->held = 1;
}

void harness_spin_unlock(hyp_spinlock_t *lock, const char *where)
{
	if (!lock->held)
		harness_bug(where);
	lock->held = 0;
}

void __kvm_tlb_flush_vmid_ipa(struct kvm_s2_mmu *mmu, phys_addr_t ipa, int level)
{
	struct harness_inst *in = harness_cur;
	/* v5.13 passes 0 for "no level hint". */
	int hint = level == 0 ? -1 : level;

	(void)mmu;
#if !HARNESS_STOCK
	/*
	 * Profile fix, from v6.9 "KVM: arm64: Don't pass a TLBI level hint when
	 * tearing down table entries": when the store just before this
	 * invalidation cleared a valid table descriptor, the hint (the table's
	 * level) would only cover leaves, so invalidate with no hint.
	 */
	if (in->have_last_store && in->last_new == 0 && (in->last_old & 3) == 3 &&
	    level < (int)KVM_PGTABLE_MAX_LEVELS - 1)
		hint = -1;
#endif
	in->have_last_store = false;
	record(HARNESS_EV_TLBI_IPA, hint, 0, ipa, 0, 0, NULL);
}

void __kvm_tlb_flush_vmid(struct kvm_s2_mmu *mmu)
{
	(void)mmu;
	harness_cur->have_last_store = false;
	record(HARNESS_EV_TLBI_VMID, 0, 0, 0, 0, 0, NULL);
}

void __flush_dcache_area(void *addr, size_t len)
{
	record(HARNESS_EV_CMO, 0, pa_of(harness_cur, addr), 0, len, 0, NULL);
}

/* ------------------------------------------------------------------------ */
/* Allocator wrappers: fault injection, events and allocation state          */

static void *alloc_from(struct hyp_pool *pool, void *(*real)(void *), void *arg)
{
	struct harness_inst *in = harness_cur;
	void *va;
	u64 pa;

	if (!in->quiet) {
		in->attempts++;
		if (in->fail_countdown && --in->fail_countdown == 0) {
			record(HARNESS_EV_ALLOC_FAILED, 0, pool->range_start, 0, 0, 1, NULL);
			return NULL;
		}
	}
	va = real(arg);
	if (!va) {
		record(HARNESS_EV_ALLOC_FAILED, 0, pool->range_start, 0, 0, 0, NULL);
		return NULL;
	}
	pa = pa_of(in, va);
	set_allocated(in, pa, 1, 1);
	record(HARNESS_EV_ALLOC, 0, pa, 0, 0, 0, NULL);
	return va;
}

static void *pool_alloc_page(void *pool)
{
	return hyp_alloc_pages(pool, 0);
}

/* Stage-2 layer: the memcache is the pool. */
static void *s2_zalloc_page(void *memcache)
{
	return alloc_from(memcache, pool_alloc_page, memcache);
}

/* The stage-2 layer's root, as v5.13's host_s2_zalloc_pages_exact takes it: one block. */
static void *s2_zalloc_pages_exact(size_t size)
{
	return hyp_alloc_pages(&harness_cur->s2_pool, get_order(size));
}

/* Hyp stage 1: table pages come from its own pool whatever the argument. */
static void *hyp_zalloc_page(void *unused)
{
	(void)unused;
	return alloc_from(&harness_cur->hyp_pool, pool_alloc_page, &harness_cur->hyp_pool);
}

/* Host layer: the kernel's own host_s2_zalloc_page, behind the same wrapper. */
static void *host_zalloc_page(void *pool)
{
	return alloc_from(pool, harness_cur->host_real_ops.zalloc_page, pool);
}

static struct hyp_page *page_of(struct harness_inst *in, void *addr, u64 *pa)
{
	if (!in_arena(in, addr, 1)) {
		record(HARNESS_EV_WILD_ACCESS, 0, pa_of(in, addr), 0, 0, 0, NULL);
		return NULL;
	}
	*pa = pa_of(in, addr) & PAGE_MASK;
	return hyp_virt_to_page(addr);
}

static void counted_get(void *addr, void (*real)(void *))
{
	struct harness_inst *in = harness_cur;
	struct hyp_page *p;
	unsigned int before;
	u64 pa;

	p = page_of(in, addr, &pa);
	if (!p)
		return;
	if (!in->allocated[page_index(in, pa)])
		record(HARNESS_EV_ACCESS_TO_FREE_PAGE, 0, pa, 0, 0, 0, NULL);
	before = p->refcount;
	real(addr);
	record(HARNESS_EV_GET, 0, pa, 0, before, p->refcount, NULL);
}

static void counted_put(void *addr, void (*real)(void *))
{
	struct harness_inst *in = harness_cur;
	struct hyp_page *p;
	unsigned int before, order;
	u64 pa;

	p = page_of(in, addr, &pa);
	if (!p)
		return;
	before = p->refcount;
	if (before == 0) {
		/* v5.13 would wrap the count and carry on. */
		record(HARNESS_EV_PUT_ON_FREE_PAGE, 0, pa, 0, 0, 0, NULL);
		return;
	}
	if (before == 1 && p->order == HYP_NO_ORDER) {
		/*
		 * A page inside an allocated block (a tail page of a stock v5.13
		 * root) reaches 0: the kernel would index its free lists with
		 * HYP_NO_ORDER and corrupt memory. Record it and free nothing.
		 */
		p->refcount = 0;
		record(HARNESS_EV_PUT, 0, pa, 0, 1, 0, NULL);
		record(HARNESS_EV_CORRUPTING_FREE, 0, pa, 0, 0, 0, NULL);
		return;
	}
	order = p->order;
	real(addr);
	record(HARNESS_EV_PUT, 0, pa, 0, before, before - 1, NULL);
	if (before == 1) {
		record(HARNESS_EV_FREE, 0, pa, 0, order, 0, NULL);
		set_allocated(in, pa, UL(1) << order, 0);
	}
}

static int counted_page_count(void *addr, int (*real)(void *))
{
	struct harness_inst *in = harness_cur;
	u64 pa;

	if (!page_of(in, addr, &pa))
		return 0;
	return real(addr);
}

static void plain_get_page(void *addr)
{
	counted_get(addr, hyp_get_page);
}

static void plain_put_page(void *addr)
{
	counted_put(addr, hyp_put_page);
}

static int plain_page_count(void *addr)
{
	return counted_page_count(addr, hyp_page_count);
}

static void host_get_page(void *addr)
{
	counted_get(addr, harness_cur->host_real_ops.get_page);
}

static void host_put_page(void *addr)
{
	counted_put(addr, harness_cur->host_real_ops.put_page);
}

static int host_page_count(void *addr)
{
	return counted_page_count(addr, harness_cur->host_real_ops.page_count);
}

/* ------------------------------------------------------------------------ */
/* Per-instance fixes around kernel entry points                             */

/*
 * hyp_pool_init for every pool of an instance. With pool-max-order, v5.17's
 * "KVM: arm64: pkvm: Fix hyp_pool max order": the largest order is computed
 * for nr_pages + 1 pages, so a pool of 2^k pages is one order-k block. The
 * kernel's init runs with every page reserved, then the order is corrected
 * and each page is handed to the buddy allocator through a put, as the fixed
 * init attaches them.
 */
int harness_kvm_pool_init(struct hyp_pool *pool, u64 pfn, unsigned int nr_pages,
		      unsigned int reserved_pages)
{
	struct hyp_page *p;
	unsigned int i;
	int ret;

	/*
	 * v5.13 initialises only the lists below max_order; a one-page pool
	 * (max order 0) links its page into a list it never initialised. Start
	 * with every list empty so that page just sits where no alloc looks.
	 */
	for (i = 0; i < MAX_ORDER; i++)
		INIT_LIST_HEAD(&pool->free_area[i]);
	if (!(harness_cur->fixes & HARNESS_FIX_POOL_MAX_ORDER))
		return hyp_pool_init(pool, pfn, nr_pages, reserved_pages);

	ret = hyp_pool_init(pool, pfn, nr_pages, nr_pages);
	if (ret)
		return ret;
	pool->max_order = min(MAX_ORDER, get_order((unsigned long)(nr_pages + 1) << PAGE_SHIFT));
	p = hyp_phys_to_page(hyp_pfn_to_phys(pfn));
	for (i = reserved_pages; i < nr_pages; i++) {
		p[i].refcount = 1;
		hyp_put_page(hyp_page_to_virt(&p[i]));
	}
	return 0;
}

/*
 * kvm_pgtable_stage2_set_owner for both layers. With page-sized-annotations,
 * v5.15's set_owner, which forces page granularity (no annotation above the
 * last level, hence no anchor either): the kernel's v5.13 set_owner runs once
 * per page, in address order, stopping at the first error. That is the same
 * sequence of splits, stores and references as one forced walk. What the
 * single walk refuses up front (-ERANGE, an owner id or a missing root) or
 * skips (an empty or wrapped range) is left to one call of the kernel's.
 */
int harness_kvm_set_owner(struct kvm_pgtable *pgt, u64 addr, u64 size, void *mc, u8 owner_id)
{
	u64 start, end, limit;
	int ret;

	if (!(harness_cur->fixes & HARNESS_FIX_PAGE_SIZED_ANNOTATIONS))
		return kvm_pgtable_stage2_set_owner(pgt, addr, size, mc, owner_id);

	start = ALIGN_DOWN(addr, PAGE_SIZE);
	end = PAGE_ALIGN(start + size);
	limit = BIT(pgt->ia_bits);
	if (start > limit || end > limit || end <= start)
		return kvm_pgtable_stage2_set_owner(pgt, addr, size, mc, owner_id);
	for (; start < end; start += PAGE_SIZE) {
		ret = kvm_pgtable_stage2_set_owner(pgt, start, PAGE_SIZE, mc, owner_id);
		if (ret)
			return ret;
	}
	return 0;
}

/* ------------------------------------------------------------------------ */
/* Entering and leaving an instance                                          */

static void load_globals(struct harness_inst *in)
{
	harness_cur = in;
	hyp_physvirt_offset = in->physvirt_offset;
	__hyp_vmemmap = in->vmemmap_sym;
}

static void enter(struct harness_inst *in)
{
	load_globals(in);
	in->in_call = true;
	if (in->host)
		harness_host_load(in->host);
}

static void leave(struct harness_inst *in)
{
	if (in->host)
		harness_host_store(in->host);
	flush_events(in);
	in->in_call = false;
	harness_cur = NULL;
}

/* ------------------------------------------------------------------------ */
/* Creation                                                                  */

/*
 * Arenas of destroyed instances, zeroed, kept for the next instance that fits in
 * one: a fresh mapping costs a page fault per page the kernel's allocator clears,
 * which made creating an instance cost more than its commands. Host instances
 * size their pools from the memory layout, so an arena is taken by the smallest
 * that fits, not only by one of the same size.
 */
#define ARENA_CACHE 8
static struct {
	u8 *mem;
	u64 bytes;
} arena_cache[ARENA_CACHE];

/* An empty arena still gets a page, so that it has an address. */
static u64 arena_size(const struct harness_inst *in)
{
	return in->bytes ? in->bytes : PAGE_SIZE;
}

/* The smallest cached arena of at least bytes, or a fresh mapping; *got is its size. */
static u8 *take_arena(u64 bytes, u64 *got)
{
	void *mem;
	int i, best = -1;

	for (i = 0; i < ARENA_CACHE; i++) {
		if (arena_cache[i].mem && arena_cache[i].bytes >= bytes &&
		    (best < 0 || arena_cache[i].bytes < arena_cache[best].bytes))
			best = i;
	}
	if (best >= 0) {
		u8 *hit = arena_cache[best].mem;

		*got = arena_cache[best].bytes;
		arena_cache[best].mem = NULL;
		return hit;
	}
	/* Anonymous memory reads as zero, as the pools' free pages must. */
	mem = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	*got = bytes;
	return mem == MAP_FAILED ? NULL : mem;
}

/*
 * Gives an arena back zeroed. Only pages that were ever allocated can hold
 * anything: the kernel's stores go through harness_store64, which refuses
 * addresses outside allocated pages' arena, and its allocator clears only
 * pages it hands out or takes back. The part of a reused mapping beyond this
 * instance's pages was never reachable, so it is still zero. When the cache is
 * full, the smallest arena in it makes room if this one is larger.
 */
static void give_back_arena(struct harness_inst *in)
{
	u64 i;
	int slot, smallest = 0;

	if (!in->arena)
		return;
	for (slot = 0; slot < ARENA_CACHE && arena_cache[slot].mem; slot++)
		if (arena_cache[slot].bytes < arena_cache[smallest].bytes)
			smallest = slot;
	if (slot == ARENA_CACHE && arena_cache[smallest].bytes < in->arena_bytes && in->ever_allocated) {
		munmap(arena_cache[smallest].mem, arena_cache[smallest].bytes);
		arena_cache[smallest].mem = NULL;
		slot = smallest;
	}
	if (slot == ARENA_CACHE || !in->ever_allocated) {
		munmap(in->arena, in->arena_bytes);
		return;
	}
	for (i = 0; i < in->nr_pages; i++)
		if (in->ever_allocated[i])
			memset(in->arena + (i << PAGE_SHIFT), 0, PAGE_SIZE);
	arena_cache[slot].mem = in->arena;
	arena_cache[slot].bytes = in->arena_bytes;
}

static int alloc_arena(struct harness_inst *in, u64 pages)
{
	u8 *arena;

	in->nr_pages = pages;
	in->bytes = pages << PAGE_SHIFT;
	arena = take_arena(arena_size(in), &in->arena_bytes);
	if (!arena)
		return -ENOMEM;
	in->arena = arena;
	in->vmemmap = calloc(pages ? pages : 1, sizeof(*in->vmemmap));
	in->allocated = calloc(pages ? pages : 1, 1);
	in->ever_allocated = calloc(pages ? pages : 1, 1);
	if (!in->vmemmap || !in->allocated || !in->ever_allocated)
		return -ENOMEM;
	in->base_pa = HARNESS_ARENA_BASE_PA;
	in->physvirt_offset = (s64)(in->base_pa - (u64)(uintptr_t)in->arena);
	/* hyp_vmemmap is indexed by PFN: point it that many entries before our array. */
	in->vmemmap_sym = (u64)(uintptr_t)in->vmemmap -
			  (in->base_pa >> PAGE_SHIFT) * sizeof(struct hyp_page);
	load_globals(in);
	return 0;
}

static void *va_of_page(struct harness_inst *in, u64 page)
{
	return in->arena + (page << PAGE_SHIFT);
}

static void add_pool(struct harness_inst *in, const char *name, u64 first_page, u64 pages)
{
	in->pools[in->nr_pools++] = (struct harness_pool_slot) {
		.name = name,
		.base_pa = in->base_pa + (first_page << PAGE_SHIFT),
		.nr_pages = pages,
	};
}

/*
 * A root allocated at creation: its pages are allocated, and in the profile
 * build every page of it gets its own reference, as v5.15's hyp_split_page
 * does for the concatenated root (profile fix from v5.15 "KVM: arm64: Fix host
 * stage-2 PGD refcount"; stock v5.13 leaves the tail pages at 0).
 */
static void adopt_root(struct harness_inst *in, void *pgd)
{
	struct hyp_page *p = hyp_virt_to_page(pgd);
	unsigned int order = p->order, i;

	set_allocated(in, pa_of(in, pgd), UL(1) << order, 1);
#if !HARNESS_STOCK
	p->order = 0;
	for (i = 1; i < 1U << order; i++) {
		p[i].order = 0;
		hyp_set_page_refcounted(&p[i]);
	}
#else
	(void)i;
#endif
}

/*
 * A table whose root could not be allocated keeps its shape, as the harness's
 * contract says: walks then answer -ERANGE beyond the IA size and -EINVAL
 * (no root) otherwise. The kernel's init sets these only on success.
 */
static void keep_shape(struct kvm_pgtable *pgt, u32 ia_bits, u32 start_level,
		       struct kvm_pgtable_mm_ops *mm_ops, struct kvm_s2_mmu *mmu, u32 flags)
{
	pgt->ia_bits = ia_bits;
	pgt->start_level = start_level;
	pgt->pgd = NULL;
	pgt->mm_ops = mm_ops;
	pgt->mmu = mmu;
	pgt->flags = flags;
}

static u32 vtcr_start_level(u64 vtcr)
{
	return VTCR_EL2_TGRAN_SL0_BASE - FIELD_GET(VTCR_EL2_SL0_MASK, vtcr);
}

static bool stage2_ia_ok(u32 ia)
{
	return ia >= 32 && ia <= (PAGE_SHIFT == 16 ? 52u : 48u);
}

static int parange_of(u32 ia)
{
	static const u8 bits[] = { 32, 36, 40, 42, 44, 48, 52 };
	int i;

	for (i = 0; i < (int)sizeof(bits); i++)
		if (bits[i] == ia && (ia != 52 || PAGE_SHIFT == 16))
			return i;
	return -1;
}

static int create_stage2(struct harness_inst *in, const struct harness_config *cfg)
{
	u64 pages = cfg->pool_pages;
	int ret;

	if (!stage2_ia_ok(cfg->ia_bits) || pages > (HARNESS_ARENA_LIMIT >> PAGE_SHIFT))
		return HARNESS_EBADCONFIG;
	if (alloc_arena(in, pages))
		return HARNESS_EBADCONFIG;
	add_pool(in, "pool", 0, pages);
	harness_kvm_pool_init(&in->s2_pool, in->base_pa >> PAGE_SHIFT, pages, 0);

	in->s2_ops = (struct kvm_pgtable_mm_ops) {
		.zalloc_page = s2_zalloc_page,
		.zalloc_pages_exact = s2_zalloc_pages_exact,
		.get_page = plain_get_page,
		.put_page = plain_put_page,
		.page_count = plain_page_count,
		.phys_to_virt = hyp_phys_to_virt,
		.virt_to_phys = hyp_virt_to_phys,
	};
	in->s2_arch.vtcr = kvm_get_vtcr((u64)ID_AA64MMFR0_PARANGE_MAX << ID_AA64MMFR0_PARANGE_SHIFT,
					0, cfg->ia_bits);
	ret = kvm_pgtable_stage2_init_flags(&in->s2_pgt, &in->s2_arch, &in->s2_ops,
					    KVM_PGTABLE_S2_NOFWB | KVM_PGTABLE_S2_IDMAP);
	if (ret) {
		keep_shape(&in->s2_pgt, VTCR_EL2_IPA(in->s2_arch.vtcr), vtcr_start_level(in->s2_arch.vtcr),
			   &in->s2_ops, &in->s2_arch.mmu, KVM_PGTABLE_S2_NOFWB | KVM_PGTABLE_S2_IDMAP);
		return ret;
	}
	adopt_root(in, in->s2_pgt.pgd);
	return 0;
}

static int create_hyp(struct harness_inst *in, u64 first_page, u64 pages, u32 va_bits)
{
	int ret;

	add_pool(in, "hyp", first_page, pages);
	harness_kvm_pool_init(&in->hyp_pool, (in->base_pa >> PAGE_SHIFT) + first_page, pages, 0);
	in->hyp_ops = (struct kvm_pgtable_mm_ops) {
		.zalloc_page = hyp_zalloc_page,
		.get_page = plain_get_page,
		.put_page = plain_put_page,
		.page_count = plain_page_count,
		.phys_to_virt = hyp_phys_to_virt,
		.virt_to_phys = hyp_virt_to_phys,
	};
	in->has_hyp = true;
	ret = kvm_pgtable_hyp_init(&in->hyp_pgt, va_bits, &in->hyp_ops);
	if (ret) {
		keep_shape(&in->hyp_pgt, va_bits, KVM_PGTABLE_MAX_LEVELS - ARM64_HW_PGTABLE_LEVELS(va_bits),
			   &in->hyp_ops, NULL, 0);
	}
	return ret;
}

static bool regions_ok(const struct harness_config *cfg)
{
	u64 prev_end = 0, limit = BIT_ULL(cfg->ia_bits);
	u32 i;

	if (cfg->nr_regions > HYP_MEMBLOCK_REGIONS || (cfg->nr_regions && !cfg->regions))
		return false;
	for (i = 0; i < cfg->nr_regions; i++) {
		const struct harness_region *r = &cfg->regions[i];

		if (!PAGE_ALIGNED(r->base) || !PAGE_ALIGNED(r->end) || r->base >= r->end ||
		    r->base < prev_end || r->end > limit)
			return false;
		prev_end = r->end;
	}
	return true;
}

static int create_host(struct harness_inst *in, const struct harness_config *cfg)
{
	u64 mem_pages, dev_pages, hyp_pages = 0, memory_pages = 0;
	struct kvm_pgtable_mm_ops *ops;
	int parange = parange_of(cfg->ia_bits);
	int ret, hyp_ret;
	u32 i;

	if (parange < 0 || !regions_ok(cfg))
		return HARNESS_EBADCONFIG;
	harness_host_reset();
	harness_host_set_memory(cfg->regions, cfg->nr_regions);
	mem_pages = harness_host_mem_pool_pages();
	dev_pages = harness_host_dev_pool_pages();
	for (i = 0; i < cfg->nr_regions; i++)
		memory_pages += (cfg->regions[i].end - cfg->regions[i].base) >> PAGE_SHIFT;
	if (cfg->fixes & HARNESS_FIX_DONATE_MAPS_HYP)
		hyp_pages = __hyp_pgtable_max_pages(memory_pages) + 1;
	if (mem_pages + dev_pages + hyp_pages > (HARNESS_ARENA_LIMIT >> PAGE_SHIFT))
		return HARNESS_EBADCONFIG;
	if (alloc_arena(in, mem_pages + dev_pages + hyp_pages))
		return HARNESS_EBADCONFIG;
	in->host = calloc(1, sizeof(*in->host));
	if (!in->host)
		return HARNESS_EBADCONFIG;
	add_pool(in, "mem", 0, mem_pages);
	add_pool(in, "dev", mem_pages, dev_pages);

	ret = harness_host_prepare(va_of_page(in, 0), va_of_page(in, mem_pages), parange);

	/* The kernel's mm_ops, behind the harness's event and injection wrappers. */
	ops = harness_host_mm_ops();
	in->host_real_ops = *ops;
	ops->zalloc_page = host_zalloc_page;
	ops->get_page = host_get_page;
	ops->put_page = host_put_page;
	ops->page_count = host_page_count;
	if (ret)
		keep_shape(harness_host_pgt(), VTCR_EL2_IPA(host_kvm.arch.vtcr),
			   vtcr_start_level(host_kvm.arch.vtcr), ops, &host_kvm.arch.mmu,
			   KVM_PGTABLE_S2_NOFWB | KVM_PGTABLE_S2_IDMAP);
	else
		adopt_root(in, harness_host_pgt()->pgd);

	if (hyp_pages) {
		hyp_ret = create_hyp(in, mem_pages + dev_pages, hyp_pages, max(48u, cfg->ia_bits));
		if (!ret)
			ret = hyp_ret;
	}
	harness_host_store(in->host);
	return ret;
}

static void free_inst(struct harness_inst *in)
{
	if (harness_cur == in)
		harness_cur = NULL;
	free(in->host);
	give_back_arena(in);
	free(in->allocated);
	free(in->ever_allocated);
	free(in->vmemmap);
	free(in);
}

uint32_t harness_abi_version(void)
{
	return HARNESS_ABI_VERSION;
}

uint32_t harness_page_shift(void)
{
	return PAGE_SHIFT;
}

uint32_t harness_is_stock(void)
{
	return HARNESS_STOCK;
}

/* Builds the instance's layer; a kernel BUG during creation lands back here. */
static int32_t create_guarded(struct harness_inst *in, const struct harness_config *config)
{
	if (setjmp(in->bug_jmp))
		return HARNESS_EBUG;
	return config->layer == HARNESS_LAYER_STAGE2 ? create_stage2(in, config) : create_host(in, config);
}

void *harness_create(const struct harness_config *config, harness_sink_fn sink, void *user,
		     int32_t *init_result)
{
	struct harness_inst *in;
	int32_t ret;

	if (init_result)
		*init_result = HARNESS_EBADCONFIG;
	if (!config || config->layer > HARNESS_LAYER_HOST || (config->fixes & ~KNOWN_FIXES))
		return NULL;
	in = calloc(1, sizeof(*in));
	if (!in)
		return NULL;
	in->layer = config->layer;
	in->ia_bits = config->ia_bits;
	in->fixes = config->fixes;
	in->sink = sink;
	in->user = user;
	in->quiet = true;
	in->in_call = true;
	harness_cur = in;
	ret = create_guarded(in, config);
	in->in_call = false;
	in->quiet = false;
	in->attempts = 0;
	in->nr_events = 0;
	harness_cur = NULL;
	if (ret == HARNESS_EBADCONFIG || ret == HARNESS_EBUG) {
		free_inst(in);
		if (init_result)
			*init_result = ret;
		return NULL;
	}
	if (init_result)
		*init_result = ret;
	return in;
}

void harness_destroy(void *inst)
{
	if (inst)
		free_inst(inst);
}

/* ------------------------------------------------------------------------ */
/* Commands                                                                  */

enum command_kind { CMD_MAP, CMD_UNMAP, CMD_SET_OWNER, CMD_FAULT, CMD_DONATE, CMD_GET_LEAF };

struct command {
	enum command_kind kind;
	u64 addr;
	u64 size;
	u64 phys;
	u64 owner;
	u32 prot;
	u64 *pte;
	u32 *level;
};

struct leaf_data {
	kvm_pte_t pte;
	u32 level;
};

static int get_leaf_cb(u64 addr, u64 end, u32 level, kvm_pte_t *ptep,
		       enum kvm_pgtable_walk_flags flag, void * const arg)
{
	struct leaf_data *data = arg;

	(void)addr;
	(void)end;
	(void)flag;
	data->pte = *ptep;
	data->level = level;
	return 0;
}

static int host_owns_cb(u64 addr, u64 end, u32 level, kvm_pte_t *ptep,
			enum kvm_pgtable_walk_flags flag, void * const arg)
{
	kvm_pte_t pte = *ptep;

	(void)addr;
	(void)end;
	(void)level;
	(void)flag;
	(void)arg;
	/* A non-zero invalid leaf is an annotation: someone else owns the page. */
	return pte && !(pte & 1) ? -EPERM : 0;
}

/*
 * Donation: v5.13's __pkvm_mark_hyp, with the per-instance fixes around it.
 * donate-checks-owner refuses, before anything changes, what later kernels'
 * host-to-hyp donation refuses; donate-maps-hyp then maps the range at EL2.
 */
static int donate(struct harness_inst *in, u64 addr, u64 size)
{
	u64 end = addr + size;
	int ret;

	if (in->fixes & HARNESS_FIX_DONATE_CHECKS_OWNER) {
		struct kvm_pgtable_walker walker = {
			.cb = host_owns_cb,
			.arg = NULL,
			.flags = KVM_PGTABLE_WALK_LEAF,
		};

		if (!PAGE_ALIGNED(addr) || !PAGE_ALIGNED(size) || end < addr)
			return -EINVAL;
		if (!harness_host_range_is_memory(addr, end))
			return -EINVAL;
		ret = kvm_pgtable_walk(harness_host_pgt(), addr, size, &walker);
		if (ret)
			return ret;
	}
	ret = harness_host_mark_hyp(addr, end);
	if (ret || !(in->fixes & HARNESS_FIX_DONATE_MAPS_HYP))
		return ret;
	return kvm_pgtable_hyp_map(&in->hyp_pgt, addr, size, addr, PAGE_HYP);
}

static int get_leaf(struct harness_inst *in, u64 addr, u64 *pte, u32 *level)
{
	struct leaf_data data = { 0 };
	struct kvm_pgtable_walker walker = {
		.cb = get_leaf_cb,
		.arg = &data,
		.flags = KVM_PGTABLE_WALK_LEAF,
	};
	struct kvm_pgtable *pgt = in->host ? harness_host_pgt() : &in->s2_pgt;
	int ret;

	ret = kvm_pgtable_walk(pgt, ALIGN_DOWN(addr, PAGE_SIZE), PAGE_SIZE, &walker);
	if (pte)
		*pte = ret ? 0 : data.pte;
	if (level)
		*level = ret ? 0 : data.level;
	return ret;
}

static int dispatch(struct harness_inst *in, const struct command *c)
{
	bool stage2 = in->layer == HARNESS_LAYER_STAGE2;

	switch (c->kind) {
	case CMD_MAP:
		if (!stage2)
			return -EINVAL;
		return kvm_pgtable_stage2_map(&in->s2_pgt, c->addr, c->size, c->phys, c->prot,
					      &in->s2_pool);
	case CMD_UNMAP:
		if (!stage2)
			return -EINVAL;
		return kvm_pgtable_stage2_unmap(&in->s2_pgt, c->addr, c->size);
	case CMD_SET_OWNER:
		/* The kernel takes a u8 owner id. */
		if (!stage2 || c->owner > 255)
			return -EINVAL;
		return harness_kvm_set_owner(&in->s2_pgt, c->addr, c->size, &in->s2_pool, (u8)c->owner);
	case CMD_FAULT:
		if (stage2)
			return -EINVAL;
		return harness_host_fault(c->addr);
	case CMD_DONATE:
		if (stage2)
			return -EINVAL;
		return donate(in, c->addr, c->size);
	case CMD_GET_LEAF:
		return get_leaf(in, c->addr, c->pte, c->level);
	}
	return -EINVAL;
}

/* Runs one command with the instance loaded; a kernel BUG lands back here. */
static int32_t run(struct harness_inst *in, const struct command *c)
{
	int32_t ret;

	if (!in)
		return -EINVAL;
	if (in->dead)
		return HARNESS_EBUG;
	enter(in);
	if (setjmp(in->bug_jmp)) {
		leave(in);
		return HARNESS_EBUG;
	}
	ret = dispatch(in, c);
	leave(in);
	return ret;
}

int32_t harness_map(void *inst, uint64_t addr, uint64_t size, uint64_t phys, uint32_t prot)
{
	struct command c = { .kind = CMD_MAP, .addr = addr, .size = size, .phys = phys, .prot = prot };

	return run(inst, &c);
}

int32_t harness_unmap(void *inst, uint64_t addr, uint64_t size)
{
	struct command c = { .kind = CMD_UNMAP, .addr = addr, .size = size };

	return run(inst, &c);
}

int32_t harness_set_owner(void *inst, uint64_t addr, uint64_t size, uint64_t owner)
{
	struct command c = { .kind = CMD_SET_OWNER, .addr = addr, .size = size, .owner = owner };

	return run(inst, &c);
}

int32_t harness_fault(void *inst, uint64_t addr)
{
	struct command c = { .kind = CMD_FAULT, .addr = addr };

	return run(inst, &c);
}

int32_t harness_donate(void *inst, uint64_t addr, uint64_t size)
{
	struct command c = { .kind = CMD_DONATE, .addr = addr, .size = size };

	return run(inst, &c);
}

void harness_fail_alloc(void *inst, uint64_t n)
{
	struct harness_inst *in = inst;

	if (in)
		in->fail_countdown = n;
}

int32_t harness_get_leaf(void *inst, uint64_t addr, uint64_t *pte, uint32_t *level)
{
	struct command c = { .kind = CMD_GET_LEAF, .addr = addr, .pte = pte, .level = level };

	return run(inst, &c);
}

/* ------------------------------------------------------------------------ */
/* Readers: the state between calls                                          */

static struct kvm_pgtable *table_of(struct harness_inst *in)
{
	return in->host ? &in->host->host_kvm.pgt : &in->s2_pgt;
}

uint64_t harness_root_pa(void *inst)
{
	struct harness_inst *in = inst;
	struct kvm_pgtable *pgt = table_of(in);

	return pgt->pgd ? pa_of(in, pgt->pgd) : 0;
}

uint32_t harness_root_pages(void *inst)
{
	struct kvm_pgtable *pgt = table_of(inst);

	if (!pgt->pgd)
		return 0;
	/* The concatenated root: one page per entry of the level above the start level. */
	return ((BIT_ULL(pgt->ia_bits) - 1) >> ARM64_HW_PGTABLE_LEVEL_SHIFT(pgt->start_level - 1)) + 1;
}

uint32_t harness_start_level(void *inst)
{
	return table_of(inst)->start_level;
}

uint64_t harness_hyp_root_pa(void *inst)
{
	struct harness_inst *in = inst;

	return in->has_hyp && in->hyp_pgt.pgd ? pa_of(in, in->hyp_pgt.pgd) : 0;
}

uint32_t harness_hyp_start_level(void *inst)
{
	struct harness_inst *in = inst;

	return in->has_hyp ? in->hyp_pgt.start_level : 0;
}

uint32_t harness_hyp_ia_bits(void *inst)
{
	struct harness_inst *in = inst;

	return in->has_hyp ? in->hyp_pgt.ia_bits : 0;
}

uint32_t harness_nr_pools(void *inst)
{
	return ((struct harness_inst *)inst)->nr_pools;
}

static const struct hyp_pool *pool_struct(struct harness_inst *in, uint32_t index)
{
	const char *name = in->pools[index].name;

	if (!strcmp(name, "pool"))
		return &in->s2_pool;
	if (!strcmp(name, "hyp"))
		return &in->hyp_pool;
	return !strcmp(name, "mem") ? &in->host->mem : &in->host->dev;
}

void harness_pool_info(void *inst, uint32_t index, struct harness_pool_info *out)
{
	struct harness_inst *in = inst;
	const struct harness_pool_slot *slot;
	u64 first, i, used = 0;

	memset(out, 0, sizeof(*out));
	if (index >= in->nr_pools)
		return;
	slot = &in->pools[index];
	first = page_index(in, slot->base_pa);
	for (i = first; i < first + slot->nr_pages; i++)
		used += in->allocated[i];
	out->name = slot->name;
	out->base_pa = slot->base_pa;
	out->nr_pages = slot->nr_pages;
	out->used_pages = used;
	out->max_order = pool_struct(in, index)->max_order;
}

const uint64_t *harness_memory(void *inst, uint64_t *base_pa, uint64_t *bytes)
{
	struct harness_inst *in = inst;

	if (base_pa)
		*base_pa = in->base_pa;
	if (bytes)
		*bytes = in->bytes;
	return (const uint64_t *)in->arena;
}

int32_t harness_page_count(void *inst, uint64_t pa)
{
	struct harness_inst *in = inst;

	if (!pa_in_arena(in, pa))
		return -1;
	return (int32_t)in->vmemmap[page_index(in, pa)].refcount;
}

int32_t harness_page_allocated(void *inst, uint64_t pa)
{
	struct harness_inst *in = inst;

	if (!pa_in_arena(in, pa))
		return -1;
	return in->allocated[page_index(in, pa)];
}

uint64_t harness_alloc_attempts(void *inst)
{
	return ((struct harness_inst *)inst)->attempts;
}
