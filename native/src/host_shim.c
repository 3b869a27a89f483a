/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness: the host layer's access to mem_protect.c. This translation unit
 * includes the kernel's mem_protect.c (the tree's, or the profile build's copy
 * with the range_is_memory fix) so that its static state (host_s2_mem,
 * host_s2_dev) and static functions (host_stage2_idmap, range_is_memory) can
 * be reached. It is compiled with hyp_pool_init and
 * kvm_pgtable_stage2_set_owner renamed to the harness's per-instance wrappers.
 *
 * It also defines what setup.c and the rest of the hypervisor would: the
 * memory list and the per-CPU init parameters.
 */
#include "internal.h"

#include HARNESS_MEM_PROTECT_C

struct memblock_region hyp_memory[HYP_MEMBLOCK_REGIONS];
unsigned int hyp_memblock_nr;
struct kvm_nvhe_init_params kvm_init_params;

void harness_host_reset(void)
{
	memset(&host_kvm, 0, sizeof(host_kvm));
	memset(&host_s2_mem, 0, sizeof(host_s2_mem));
	memset(&host_s2_dev, 0, sizeof(host_s2_dev));
	memset(hyp_memory, 0, sizeof(hyp_memory));
	hyp_memblock_nr = 0;
	id_aa64mmfr0_el1_sys_val = 0;
	id_aa64mmfr1_el1_sys_val = 0;
}

/*
 * The statics hold pointers to themselves (pgt->mm_ops, mmu->arch, the pools'
 * free lists); copying contents in and out of the same addresses keeps them
 * valid.
 */
void harness_host_load(const struct harness_host_statics *s)
{
	host_kvm = s->host_kvm;
	host_s2_mem = s->mem;
	host_s2_dev = s->dev;
	memcpy(hyp_memory, s->memory, sizeof(hyp_memory));
	hyp_memblock_nr = s->nr_memory;
	id_aa64mmfr0_el1_sys_val = s->mmfr0;
	id_aa64mmfr1_el1_sys_val = s->mmfr1;
}

void harness_host_store(struct harness_host_statics *s)
{
	s->host_kvm = host_kvm;
	s->mem = host_s2_mem;
	s->dev = host_s2_dev;
	memcpy(s->memory, hyp_memory, sizeof(hyp_memory));
	s->nr_memory = hyp_memblock_nr;
	s->mmfr0 = id_aa64mmfr0_el1_sys_val;
	s->mmfr1 = id_aa64mmfr1_el1_sys_val;
}

/* What setup.c copies from the host's memblock list. */
void harness_host_set_memory(const struct harness_region *regions, u32 nr)
{
	u32 i;

	for (i = 0; i < nr; i++) {
		hyp_memory[i].base = regions[i].base;
		hyp_memory[i].size = regions[i].end - regions[i].base;
		hyp_memory[i].flags = 0;
	}
	hyp_memblock_nr = nr;
}

u64 harness_host_mem_pool_pages(void)
{
	return host_s2_mem_pgtable_pages();
}

u64 harness_host_dev_pool_pages(void)
{
	return host_s2_dev_pgtable_pages();
}

int harness_host_prepare(void *mem_pool, void *dev_pool, u64 mmfr0)
{
	id_aa64mmfr0_el1_sys_val = mmfr0;
	id_aa64mmfr1_el1_sys_val = 0;
	return kvm_host_prepare_stage2(mem_pool, dev_pool);
}

struct kvm_pgtable *harness_host_pgt(void)
{
	return &host_kvm.pgt;
}

struct kvm_pgtable_mm_ops *harness_host_mm_ops(void)
{
	return &host_kvm.mm_ops;
}

/* handle_host_mem_abort without the ESR decoding and without its BUG_ON on the result. */
int harness_host_fault(u64 addr)
{
	return host_stage2_idmap(ALIGN_DOWN(addr, PAGE_SIZE));
}

bool harness_host_range_is_memory(u64 start, u64 end)
{
	return range_is_memory(start, end);
}

int harness_host_mark_hyp(u64 start, u64 end)
{
	return __pkvm_mark_hyp(start, end);
}
