/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness: a smoke test of the kernel backend through its C ABI only. It
 * replays the trace format's worked example (section 3), a host-layer fault
 * and donation, the three stock v5.13 defects against the profile, each
 * per-instance fix, fail_alloc, batching and two live instances. The same
 * program runs against every granule, profile and stock: it asks the library
 * which one it is and derives the expected values from the geometry.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness_abi.h"

#define EPERM_ 1
#define EAGAIN_ 11
#define ENOMEM_ 12
#define EEXIST_ 17
#define EINVAL_ 22

#define PROT_X 1u
#define PROT_W 2u
#define PROT_R 4u
#define RWX (PROT_R | PROT_W | PROT_X)

#define ANNOTATION_HYP 0x0100000000000000ull
#define S2_XN (1ull << 54)

static int failures;
static unsigned int shift;	/* PAGE_SHIFT of the library */
static int stock;

#define CHECK(cond, ...) do {							\
		if (!(cond)) {							\
			fprintf(stderr, "smoke %uk%s:%d: %s: ", 1u << (shift - 10), \
				stock ? "-stock" : "", __LINE__, #cond);	\
			fprintf(stderr, __VA_ARGS__);				\
			fputc('\n', stderr);					\
			failures++;						\
		}								\
	} while (0)
#define EQ(a, b) do {								\
		uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b);		\
		CHECK(a_ == b_, "%s is 0x%" PRIx64 ", expected 0x%" PRIx64, #a, a_, b_); \
	} while (0)

/* Everything the sink delivered since the last reset. */
struct log {
	struct harness_event ev[4096];
	size_t n;
	size_t total;
	size_t batches;
	size_t max_batch;
};

static void sink(void *user, const struct harness_event *events, uint32_t count)
{
	struct log *l = user;
	uint32_t i;

	l->batches++;
	if (count > l->max_batch)
		l->max_batch = count;
	for (i = 0; i < count; i++) {
		if (l->n < sizeof(l->ev) / sizeof(l->ev[0]))
			l->ev[l->n++] = events[i];
		l->total++;
	}
}

static void reset(struct log *l)
{
	l->n = l->total = l->batches = l->max_batch = 0;
}

static uint64_t page_size(void)
{
	return 1ull << shift;
}

static unsigned int level_shift(int level)
{
	return (shift - 3) * (4 - level) + 3;
}

static uint64_t level_size(int level)
{
	return 1ull << level_shift(level);
}

static int start_level_for(unsigned int ia)
{
	int levels = (int)(ia - 8) / (int)(shift - 3);

	return 4 - (levels < 2 ? 2 : levels);
}

/* An IPA size whose root fits a 16-page v5.13 pool (16K at 40 bits needs a 16-page root). */
static unsigned int ia_small(void)
{
	return shift == 14 ? 48 : 40;
}

static uint64_t block_desc(uint64_t pa, int level)
{
	return pa | (level == 3 ? 0x7ffull : 0x7fdull);
}

static void *stage2(struct log *l, unsigned int ia, uint64_t pool, uint32_t fixes, int32_t *init)
{
	struct harness_config cfg = {
		.layer = HARNESS_LAYER_STAGE2, .ia_bits = ia, .pool_pages = pool, .fixes = fixes,
	};
	int32_t r = 12345;
	void *inst = harness_create(&cfg, sink, l, &r);

	if (init)
		*init = r;
	else
		EQ(r, 0);
	CHECK(inst != NULL, "stage2 ia %u pool %" PRIu64 " not created (%d)", ia, pool, r);
	if (l)
		reset(l);
	return inst;
}

static const struct harness_region one_gib = { 0x40000000, 0x80000000 };

static void *host(struct log *l, uint32_t fixes)
{
	struct harness_config cfg = {
		.layer = HARNESS_LAYER_HOST, .ia_bits = 40, .fixes = fixes,
		.nr_regions = 1, .regions = &one_gib,
	};
	int32_t r = 12345;
	void *inst = harness_create(&cfg, sink, l, &r);

	EQ(r, 0);
	CHECK(inst != NULL, "host not created");
	reset(l);
	return inst;
}

static uint64_t leaf(void *inst, uint64_t addr, uint32_t *level)
{
	uint64_t pte = ~0ull;
	uint32_t lvl = 99;

	EQ(harness_get_leaf(inst, addr, &pte, &lvl), 0);
	if (level)
		*level = lvl;
	return pte;
}

/* The descriptor at pa, read from the arena the library exposes. */
static uint64_t mem_at(void *inst, uint64_t pa)
{
	uint64_t base, bytes;
	const uint64_t *m = harness_memory(inst, &base, &bytes);

	CHECK(pa >= base && pa - base < bytes, "pa 0x%" PRIx64 " outside the arena", pa);
	return m[(pa - base) / 8];
}

static uint64_t used_pages(void *inst)
{
	struct harness_pool_info info;
	uint64_t used = 0;
	uint32_t i;

	for (i = 0; i < harness_nr_pools(inst); i++) {
		harness_pool_info(inst, i, &info);
		used += info.used_pages;
	}
	return used;
}

static size_t count_kind(const struct log *l, uint32_t kind)
{
	size_t i, n = 0;

	for (i = 0; i < l->n; i++)
		n += l->ev[i].kind == kind;
	return n;
}

static void expect_kinds(const struct log *l, const uint32_t *kinds, size_t n, const char *what)
{
	size_t i;

	CHECK(l->n == n, "%s: %zu events, expected %zu", what, l->n, n);
	for (i = 0; i < n && i < l->n; i++)
		CHECK(l->ev[i].kind == kinds[i], "%s: event %zu is kind %u, expected %u", what, i,
		      l->ev[i].kind, kinds[i]);
}

/*
 * Trace format section 3 (exact for 4K: ia 40, pool 16): map one level-2 block,
 * then annotate one page inside it. Other granules run the same shape.
 */
static void trace_example(void)
{
	static struct log l;
	uint64_t pool = shift == 14 ? 64 : 16, page = page_size();
	uint64_t addr = 0x40000000, l2 = level_size(2), root, table2, table3;
	int start = start_level_for(40);
	uint32_t level, i, root_pages;
	void *inst = stage2(&l, 40, pool, 0, NULL);
	static const uint32_t map_kinds_4k[] = {
		HARNESS_EV_ALLOC, HARNESS_EV_PTE_WRITE, HARNESS_EV_GET, HARNESS_EV_PTE_WRITE, HARNESS_EV_GET,
	};
	static const uint32_t owner_kinds[] = {
		HARNESS_EV_ALLOC, HARNESS_EV_PTE_WRITE, HARNESS_EV_TLBI_IPA, HARNESS_EV_PUT,
		HARNESS_EV_PTE_WRITE, HARNESS_EV_GET, HARNESS_EV_PTE_WRITE, HARNESS_EV_GET,
	};

	root = harness_root_pa(inst);
	root_pages = harness_root_pages(inst);
	EQ(harness_start_level(inst), start);
	if (shift == 12) {
		EQ(root_pages, 2);
		EQ(used_pages(inst), 2);
	}

	EQ(harness_map(inst, addr, l2, addr, RWX), 0);
	EQ(leaf(inst, addr, &level), block_desc(addr, 2));
	EQ(level, 2);
	EQ(used_pages(inst), root_pages + (start < 2 ? 2 - start : 0));
	if (shift == 12) {
		expect_kinds(&l, map_kinds_4k, 5, "map");
		table2 = l.ev[0].pa;
		EQ(l.ev[1].pa, root + 8);	/* root 0, index 1 */
		EQ(l.ev[1].b, table2 | 3);
		EQ(l.ev[3].pa, table2);
		EQ(l.ev[3].b, 0x00000000400007fdull);
		EQ(mem_at(inst, table2), 0x00000000400007fdull);
		EQ(harness_page_count(inst, root), 2);
		EQ(harness_page_count(inst, root + page), stock ? 0 : 1);
		EQ(harness_page_count(inst, table2), 2);
		EQ(used_pages(inst), 3);
	} else {
		table2 = root + (((addr & ((1ull << 40) - 1)) >> level_shift(start - 1)) << shift);
	}
	for (i = 1; i < root_pages; i++)
		if (root + ((uint64_t)i << shift) != table2)
			EQ(harness_page_count(inst, root + ((uint64_t)i << shift)), stock ? 0 : 1);
	reset(&l);

	EQ(harness_set_owner(inst, addr + page, page, 1), 0);
	expect_kinds(&l, owner_kinds, 8, "set_owner");
	if (l.n == 8) {
		table3 = l.ev[0].pa;
		EQ(l.ev[1].a, block_desc(addr, 2));
		EQ(l.ev[1].b, 0);
		EQ(l.ev[2].ipa, addr + page);
		EQ(l.ev[2].level, 2);	/* tlbi ipa 0x40001000 level 2 */
		EQ(l.ev[3].a, 2);
		EQ(l.ev[3].b, 1);
		EQ(l.ev[4].b, table3 | 3);
		EQ(l.ev[6].pa, table3 + 8);
		EQ(l.ev[6].b, ANNOTATION_HYP);
		EQ(mem_at(inst, table3 + 8), ANNOTATION_HYP);
		EQ(harness_page_count(inst, table3), 2);
		EQ(harness_page_allocated(inst, table3), 1);
	}
	EQ(leaf(inst, addr + page, &level), ANNOTATION_HYP);
	EQ(level, 3);
	EQ(leaf(inst, addr, &level), 0);	/* the rest of the old block is now zero */
	EQ(level, 3);
	EQ(used_pages(inst), root_pages + (start < 2 ? 2 - start : 0) + 1);
	if (shift == 12) {
		EQ(harness_page_count(inst, root), 2);
		EQ(used_pages(inst), 4);
	}
	EQ(harness_set_owner(inst, addr, page, 256), -EINVAL_);
	EQ(harness_fault(inst, addr), -EINVAL_);	/* a host command on the stage2 layer */
	harness_destroy(inst);
}

/* Host layer: a memory fault maps the largest block, MMIO gets XN, donation annotates. */
static void host_fault_and_donate(void)
{
	static struct log l;
	void *inst = host(&l, 0);
	int block_level = shift == 12 ? 1 : 2;
	uint64_t page = page_size(), target = 0x40000000 + 4 * page;
	uint32_t level;

	EQ(harness_fault(inst, 0x40001234), 0);
	EQ(leaf(inst, 0x40001000, &level),
	   block_desc(0x40001000 & ~(level_size(block_level) - 1), block_level));
	EQ(level, block_level);
	EQ(harness_fault(inst, 0x40001000), -EAGAIN_);	/* already mapped */
	EQ(harness_fault(inst, 0x1000), 0);
	CHECK(leaf(inst, 0x1000, NULL) & S2_XN, "MMIO is mapped without XN");
	CHECK(harness_page_count(inst, harness_root_pa(inst)) >= 2, "root count");

	reset(&l);
	EQ(harness_donate(inst, target, page), 0);
	EQ(leaf(inst, target, &level), ANNOTATION_HYP);
	CHECK(count_kind(&l, HARNESS_EV_TLBI_IPA) >= 1, "no invalidation of the split block");
	EQ(harness_fault(inst, target), -EEXIST_);
	EQ(harness_donate(inst, 0x1000, page), -EINVAL_);	/* MMIO */
	EQ(harness_map(inst, 0, page, 0, RWX), -EINVAL_);	/* a stage2 command on the host layer */
	EQ(harness_hyp_root_pa(inst), 0);
	EQ(harness_nr_pools(inst), 2);
	harness_destroy(inst);
}

/* Stock v5.13: the tail pages of a concatenated root start at 0 and a free of one corrupts. */
static void tail_root_refcount(void)
{
	static struct log l;
	unsigned int ia = shift == 12 ? 42 : shift == 14 ? 40 : 44;
	int start = start_level_for(ia);
	void *inst = stage2(&l, ia, 64, 0, NULL);
	uint64_t root = harness_root_pa(inst), tail_ipa = 1ull << level_shift(start - 1);
	uint32_t pages = harness_root_pages(inst), i;

	EQ(pages, shift == 12 ? 8 : shift == 14 ? 16 : 4);
	EQ(harness_page_count(inst, root), 1);
	for (i = 1; i < pages; i++)
		EQ(harness_page_count(inst, root + ((uint64_t)i << shift)), stock ? 0 : 1);

	EQ(harness_map(inst, tail_ipa, page_size(), tail_ipa, RWX), 0);
	EQ(harness_page_count(inst, root + page_size()), stock ? 1 : 2);
	reset(&l);
	EQ(harness_unmap(inst, tail_ipa, page_size()), 0);
	EQ(count_kind(&l, HARNESS_EV_CORRUPTING_FREE), stock ? 1 : 0);
	EQ(count_kind(&l, HARNESS_EV_PUT_ON_FREE_PAGE), 0);
	EQ(harness_page_count(inst, root + page_size()), stock ? 0 : 1);
	EQ(harness_page_allocated(inst, root + page_size()), 1);
	harness_destroy(inst);
}

/* Stock v5.13 hints a removed table's level; the profile invalidates it with no hint. */
static void table_removal_tlbi(void)
{
	static struct log l;
	void *inst = stage2(&l, ia_small(), 16, 0, NULL);
	int start = start_level_for(ia_small());
	uint64_t addr = 0x40000000;
	size_t i, tlbis = 0;

	EQ(harness_map(inst, addr, page_size(), addr, PROT_R | PROT_W), 0);
	reset(&l);
	EQ(harness_unmap(inst, addr, page_size()), 0);
	for (i = 0; i < l.n; i++) {
		if (l.ev[i].kind != HARNESS_EV_TLBI_IPA)
			continue;
		EQ(l.ev[i].ipa, addr);
		if (tlbis++ == 0)
			EQ(l.ev[i].level, 3);	/* the page itself */
		else	/* a table: its level (never 0 here) in stock, no hint in the profile */
			CHECK(stock ? l.ev[i].level > 0 && l.ev[i].level < 3 : l.ev[i].level == -1,
			      "table TLBI level %d", l.ev[i].level);
	}
	EQ(tlbis, 1 + (2 - start) + 1);
	EQ(count_kind(&l, HARNESS_EV_CMO), 1);
	EQ(count_kind(&l, HARNESS_EV_FREE), 2 - start + 1);
	harness_destroy(inst);
}

/* Stock v5.13 looks up end, so a donation ending at a region's end is refused. */
static void donate_at_region_end(void)
{
	static struct log l;
	void *inst = host(&l, 0);
	uint64_t page = page_size(), start = one_gib.end - 2 * page;

	EQ(harness_donate(inst, start, 2 * page), stock ? -EINVAL_ : 0);
	EQ(leaf(inst, one_gib.end - page, NULL), stock ? 0 : ANNOTATION_HYP);
	harness_destroy(inst);
}

static void fixes(void)
{
	static struct log l;
	uint64_t page = page_size(), addr = 0x40000000, l2 = level_size(2);
	uint32_t level;
	int32_t init;
	void *inst;
	struct harness_pool_info info;

	/* page-sized-annotations: one annotation per page instead of one block. */
	inst = stage2(&l, 40, 64, 0, NULL);
	EQ(harness_set_owner(inst, addr, l2, 1), 0);
	EQ(leaf(inst, addr, &level), ANNOTATION_HYP);
	EQ(level, 2);
	harness_destroy(inst);
	inst = stage2(&l, 40, 64, HARNESS_FIX_PAGE_SIZED_ANNOTATIONS, NULL);
	EQ(harness_set_owner(inst, addr, 4 * page, 1), 0);
	EQ(leaf(inst, addr + 3 * page, &level), ANNOTATION_HYP);
	EQ(level, 3);
	EQ(leaf(inst, addr + 4 * page, &level), 0);
	EQ(harness_set_owner(inst, addr, page, 2), -EINVAL_);	/* v5.13 caps owner ids at 1 */
	harness_destroy(inst);

	/* pool-max-order: a pool of 2^k pages can hand out an order-k block. */
	inst = stage2(&l, ia_small(), 16, 0, NULL);
	harness_pool_info(inst, 0, &info);
	EQ(info.max_order, 4);
	EQ(info.nr_pages, 16);
	harness_destroy(inst);
	inst = stage2(&l, ia_small(), 16, HARNESS_FIX_POOL_MAX_ORDER, NULL);
	harness_pool_info(inst, 0, &info);
	EQ(info.max_order, 5);
	harness_destroy(inst);
	if (shift == 12) {
		/* 4K ia 43: a 16-page root from a 16-page pool. */
		inst = stage2(&l, 43, 16, 0, &init);
		EQ(init, -ENOMEM_);
		EQ(harness_root_pa(inst), 0);
		EQ(harness_map(inst, addr, page, addr, RWX), -EINVAL_);
		EQ(harness_map(inst, 1ull << 44, page, 1ull << 44, RWX), -34);	/* -ERANGE */
		harness_destroy(inst);
		inst = stage2(&l, 43, 16, HARNESS_FIX_POOL_MAX_ORDER, &init);
		EQ(init, 0);
		EQ(harness_root_pages(inst), 16);
		harness_destroy(inst);
	}

	/* donate-checks-owner: unaligned and foreign ranges are refused before anything changes. */
	inst = host(&l, HARNESS_FIX_DONATE_CHECKS_OWNER);
	EQ(harness_donate(inst, addr + page, page), 0);
	reset(&l);
	EQ(harness_donate(inst, addr + page, page), -EPERM_);
	EQ(harness_donate(inst, addr + 1, page), -EINVAL_);
	EQ(harness_donate(inst, addr, page + 1), -EINVAL_);
	EQ(l.n, 0);
	harness_destroy(inst);

	/* donate-maps-hyp: the range is mapped at EL2, VA = PA, as PAGE_HYP. */
	inst = host(&l, HARNESS_FIX_DONATE_MAPS_HYP);
	EQ(harness_nr_pools(inst), 3);
	EQ(harness_hyp_ia_bits(inst), 48);
	CHECK(harness_hyp_root_pa(inst) != 0, "no hyp root");
	EQ(harness_donate(inst, addr, page), 0);
	{
		uint64_t table = harness_hyp_root_pa(inst), pte = 0;
		int lvl;

		for (lvl = (int)harness_hyp_start_level(inst); lvl <= 3; lvl++) {
			pte = mem_at(inst, table + 8 * ((addr >> level_shift(lvl)) & ((1ull << (shift - 3)) - 1)));
			if (lvl == 3 || (pte & 3) != 3)
				break;
			table = pte & ((1ull << 48) - 1) & ~(page - 1);
		}
		EQ(lvl, 3);
		/* AttrIndx 0, AP read/write, SH inner, AF, XN, page. */
		EQ(pte, addr | 0x743 | S2_XN);
	}
	/* One table page for the host's annotation, then one for the hyp mapping, which fails. */
	harness_fail_alloc(inst, 2);
	reset(&l);
	EQ(harness_donate(inst, addr + level_size(2), page), -ENOMEM_);
	EQ(leaf(inst, addr + level_size(2), NULL), ANNOTATION_HYP);
	EQ(harness_alloc_attempts(inst),
	   (3 - start_level_for(40)) + (3 - harness_hyp_start_level(inst)) + 2);
	EQ(l.ev[l.n - 1].kind, HARNESS_EV_ALLOC_FAILED);
	harness_destroy(inst);
}

static void fail_alloc(void)
{
	static struct log l;
	void *inst = stage2(&l, ia_small(), 16, 0, NULL);
	uint64_t addr = 0x40000000;

	harness_fail_alloc(inst, 1);
	EQ(harness_map(inst, addr, page_size(), addr, RWX), -ENOMEM_);
	EQ(harness_alloc_attempts(inst), 1);
	EQ(l.n, 1);
	EQ(l.ev[0].kind, HARNESS_EV_ALLOC_FAILED);
	EQ(l.ev[0].b, 1);
	EQ(harness_page_count(inst, harness_root_pa(inst)), 1);
	EQ(harness_map(inst, addr, page_size(), addr, RWX), 0);
	EQ(harness_alloc_attempts(inst), 1 + 2 - start_level_for(ia_small()) + 1);
	harness_destroy(inst);
}

/* A command that writes more events than a batch holds delivers them in several batches. */
static void batches(void)
{
	static struct log l;
	uint64_t size = 64ull << 20, addr = 0x40000000, pages = size >> shift;
	void *inst = stage2(&l, 40, 256, HARNESS_FIX_PAGE_SIZED_ANNOTATIONS, NULL);
	uint32_t level;

	EQ(harness_set_owner(inst, addr, size, 1), 0);
	CHECK(l.total >= 2 * pages, "%zu events for %" PRIu64 " pages", l.total, pages);
	CHECK(l.batches > 1 || l.total <= 1024, "%zu batches for %zu events", l.batches, l.total);
	CHECK(l.max_batch <= 1024, "a batch of %zu events", l.max_batch);
	EQ(leaf(inst, addr + size - page_size(), &level), ANNOTATION_HYP);
	EQ(level, 3);
	EQ(leaf(inst, addr + size, NULL), 0);
	harness_destroy(inst);
}

/* Two instances alive at once keep their own tables, pools and statics. */
static void two_instances(void)
{
	static struct log la, lb;
	void *a = stage2(&la, ia_small(), 16, 0, NULL);
	void *b = host(&lb, 0);
	void *c = host(&lb, HARNESS_FIX_DONATE_CHECKS_OWNER);
	uint64_t addr = 0x40000000;

	EQ(harness_map(a, addr, page_size(), addr, RWX), 0);
	EQ(harness_fault(b, addr), 0);
	EQ(harness_donate(c, addr, page_size()), 0);
	EQ(leaf(a, addr, NULL), block_desc(addr, 3));
	CHECK(leaf(b, addr, NULL) & 1, "host b lost its mapping");
	EQ(leaf(c, addr, NULL), ANNOTATION_HYP);
	EQ(harness_fault(c, addr), -EEXIST_);
	EQ(harness_fault(b, addr), -EAGAIN_);
	harness_destroy(b);
	EQ(leaf(c, addr, NULL), ANNOTATION_HYP);
	harness_destroy(c);
	harness_destroy(a);
}

static void bad_configs(void)
{
	struct harness_config cfg = { .layer = HARNESS_LAYER_STAGE2, .ia_bits = 40,
				      .pool_pages = ((1ull << 30) >> shift) + 1 };
	int32_t r = 0;
	struct harness_region overlap[2] = { { 0x40000000, 0x80000000 }, { 0x70000000, 0x90000000 } };

	CHECK(harness_create(&cfg, NULL, NULL, &r) == NULL, "an arena over 1 GiB");
	EQ(r, HARNESS_EBADCONFIG);
	cfg.pool_pages = 16;
	cfg.ia_bits = 31;
	CHECK(harness_create(&cfg, NULL, NULL, &r) == NULL, "ia 31");
	cfg = (struct harness_config) { .layer = HARNESS_LAYER_HOST, .ia_bits = 41 };
	CHECK(harness_create(&cfg, NULL, NULL, &r) == NULL, "host ia 41");
	cfg.ia_bits = 40;
	cfg.nr_regions = 2;
	cfg.regions = overlap;
	CHECK(harness_create(&cfg, NULL, NULL, &r) == NULL, "overlapping regions");
	cfg.nr_regions = 0;
	cfg.fixes = 1u << 7;
	CHECK(harness_create(&cfg, NULL, NULL, &r) == NULL, "an unknown fix");
}

int main(void)
{
	shift = harness_page_shift();
	stock = (int)harness_is_stock();
	EQ(harness_abi_version(), HARNESS_ABI_VERSION);

	trace_example();
	host_fault_and_donate();
	tail_root_refcount();
	table_removal_tlbi();
	donate_at_region_end();
	fixes();
	fail_alloc();
	batches();
	two_instances();
	bad_configs();

	if (failures) {
		fprintf(stderr, "smoke %uk%s: %d check(s) failed\n", 1u << (shift - 10),
			stock ? "-stock" : "", failures);
		return 1;
	}
	printf("smoke %uk%s: ok\n", 1u << (shift - 10), stock ? "-stock" : "");
	return 0;
}
