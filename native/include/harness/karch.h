/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness: the arm64 part of the userspace environment for the kernel's
 * page-table files: granule geometry, the ID-register and VTCR_EL2 fields the
 * stage-2 code derives its shape from, memory-attribute encodings, the KVM
 * structures the files touch, and the maintenance hooks where the harness
 * observes TLB and cache maintenance. Values are architecture facts (Arm ARM)
 * and v5.13 configuration facts; the code is ours.
 */
#ifndef HARNESS_KARCH_H
#define HARNESS_KARCH_H

#include <harness/kenv.h>
#include <linux/list.h>

/* Granule. */
#define PAGE_SIZE (UL(1) << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_ALIGN(addr) ALIGN(addr, PAGE_SIZE)
#define PAGE_ALIGNED(addr) IS_ALIGNED((unsigned long)(addr), PAGE_SIZE)
#define PTRS_PER_PTE (1 << (PAGE_SHIFT - 3))

/* v5.13 Kconfig defaults for arm64. */
#define MAX_ORDER 11
#if PAGE_SHIFT == 16
#define CONFIG_ARM64_PA_BITS 52
#define CONFIG_ARM64_PA_BITS_52 1
#else
#define CONFIG_ARM64_PA_BITS 48
#endif

/*
 * Translation-table geometry: each level resolves PAGE_SHIFT - 3 bits; the
 * shift of level n is what remains below it. Written so that n may be an
 * unsigned "level - 1" that wrapped (the root sizing relies on it).
 */
#define ARM64_HW_PGTABLE_LEVEL_SHIFT(n) ((PAGE_SHIFT - 3) * (4 - (n)) + 3)
#define ARM64_HW_PGTABLE_LEVELS(va_bits) (((va_bits) - 4) / (PAGE_SHIFT - 3))

/* Smallest order k such that 2^k pages hold size bytes (0 bytes: an order no pool has). */
static inline int get_order(unsigned long size)
{
	size--;
	size >>= PAGE_SHIFT;
	return size ? 64 - __builtin_clzl(size) : 0;
}

/* ID_AA64MMFR0_EL1 / ID_AA64MMFR1_EL1 fields used for the stage-2 shape. */
#define ID_AA64MMFR0_PARANGE_SHIFT 0
#define ID_AA64MMFR0_PARANGE_48 0x5
#define ID_AA64MMFR0_PARANGE_52 0x6
#ifdef CONFIG_ARM64_PA_BITS_52
#define ID_AA64MMFR0_PARANGE_MAX ID_AA64MMFR0_PARANGE_52
#else
#define ID_AA64MMFR0_PARANGE_MAX ID_AA64MMFR0_PARANGE_48
#endif
#define ID_AA64MMFR1_VMIDBITS_SHIFT 4
#define ID_AA64MMFR1_VMIDBITS_16 2

static inline unsigned int cpuid_feature_extract_unsigned_field(u64 features, int field)
{
	return (features >> field) & 0xf;
}

/* PARange encodings 0..6 are 32, 36, 40, 42, 44, 48 and 52 physical address bits. */
static inline u32 id_aa64mmfr0_parange_to_phys_shift(int parange)
{
	static const u8 bits[] = { 32, 36, 40, 42, 44, 48, 52 };

	if (parange >= 0 && parange < (int)sizeof(bits))
		return bits[parange];
	return CONFIG_ARM64_PA_BITS;
}

static inline unsigned int get_vmid_bits(u64 mmfr1)
{
	unsigned int v = cpuid_feature_extract_unsigned_field(mmfr1, ID_AA64MMFR1_VMIDBITS_SHIFT);

	return v == ID_AA64MMFR1_VMIDBITS_16 ? 16 : 8;
}

/* The modelled CPU has FWB; a table's NOFWB flag is what turns it off. */
#define ARM64_HAS_STAGE2_FWB 1
#define ARM64_WORKAROUND_SPECULATIVE_AT 2
#define cpus_have_const_cap(cap) ((cap) == ARM64_HAS_STAGE2_FWB)

/* VTCR_EL2 fields. */
#define VTCR_EL2_T0SZ_MASK 0x3fUL
#define VTCR_EL2_T0SZ(ipa) ((UL(64) - (ipa)) << 0)
#define VTCR_EL2_IPA(vtcr) (64 - ((vtcr) & VTCR_EL2_T0SZ_MASK))
#define VTCR_EL2_SL0_SHIFT 6
#define VTCR_EL2_SL0_MASK (UL(3) << VTCR_EL2_SL0_SHIFT)
#define VTCR_EL2_IRGN0_WBWA (UL(1) << 8)
#define VTCR_EL2_ORGN0_WBWA (UL(1) << 10)
#define VTCR_EL2_SH0_INNER (UL(3) << 12)
#define VTCR_EL2_TG0_4K (UL(0) << 14)
#define VTCR_EL2_TG0_64K (UL(1) << 14)
#define VTCR_EL2_TG0_16K (UL(2) << 14)
#define VTCR_EL2_PS_SHIFT 16
#define VTCR_EL2_VS_8BIT (UL(0) << 19)
#define VTCR_EL2_VS_16BIT (UL(1) << 19)
#define VTCR_EL2_HA (UL(1) << 21)
#define VTCR_EL2_RES1 (UL(1) << 31)
/*
 * SL0 counts from a granule-dependent base: the start level is
 * base - SL0 (4K: base 2; 16K and 64K: base 3).
 */
#if PAGE_SHIFT == 12
#define VTCR_EL2_TGRAN VTCR_EL2_TG0_4K
#define VTCR_EL2_TGRAN_SL0_BASE 2UL
#elif PAGE_SHIFT == 14
#define VTCR_EL2_TGRAN VTCR_EL2_TG0_16K
#define VTCR_EL2_TGRAN_SL0_BASE 3UL
#else
#define VTCR_EL2_TGRAN VTCR_EL2_TG0_64K
#define VTCR_EL2_TGRAN_SL0_BASE 3UL
#endif
#define VTCR_EL2_LVLS_TO_SL0(levels) \
	((VTCR_EL2_TGRAN_SL0_BASE - (4 - (levels))) << VTCR_EL2_SL0_SHIFT)
#define VTCR_EL2_FLAGS (VTCR_EL2_SH0_INNER | VTCR_EL2_ORGN0_WBWA | \
			VTCR_EL2_IRGN0_WBWA | VTCR_EL2_TGRAN | VTCR_EL2_RES1)

/* Levels of a stage-2 table for an IPA size (the stage-2 tables resolve 4 more bits at the root). */
#define stage2_pgtable_levels(ipa) ARM64_HW_PGTABLE_LEVELS((ipa) - 4)

/* Memory types: stage-1 MAIR slots (v5.13 numbering) and stage-2 MemAttr encodings. */
#define MT_NORMAL 0
#define MT_DEVICE_nGnRE 5
#define MT_S2_NORMAL 0xf
#define MT_S2_DEVICE_nGnRE 0x1
#define MT_S2_FWB_NORMAL 6
#define MT_S2_FWB_DEVICE_nGnRE 1
#define PTE_S2_MEMATTR(t) (((u64)(t)) << 2)
#define PAGE_S2_MEMATTR(attr, has_fwb) \
	((has_fwb) ? PTE_S2_MEMATTR(MT_S2_FWB_ ## attr) : PTE_S2_MEMATTR(MT_S2_ ## attr))

/* Registers and EL2-only instructions: nothing to do in userspace. */
#define HCR_VM (UL(1) << 0)
#define HPFAR_MASK (~UL(0xf))
#define write_sysreg(v, r) do { (void)(v); } while (0)
#define read_sysreg_el2(r) (UL(0))
#define __tlbi(op, ...) do { } while (0)
#define ALTERNATIVE(oldinstr, newinstr, feature) ""
#define static_branch_likely(key) (false)

/* Symbols of the nVHE object are plain symbols here. */
#define kvm_nvhe_sym(sym) sym
#define this_cpu_ptr(ptr) (ptr)

/* The KVM structures the files touch, with the fields they use. */
struct kvm_vmid {
	u64 vmid_gen;
	u32 vmid;
};

struct kvm_arch;
struct kvm_pgtable;

struct kvm_s2_mmu {
	struct kvm_vmid vmid;
	phys_addr_t pgd_phys;
	struct kvm_pgtable *pgt;
	struct kvm_arch *arch;
};

struct kvm_arch {
	struct kvm_s2_mmu mmu;
	u64 vtcr;
};

struct kvm_cpu_context {
	u64 regs[31];
};

struct kvm_vcpu_fault_info {
	u64 esr_el2;
	u64 far_el2;
	u64 hpfar_el2;
	u64 disr_el1;
};

struct kvm_nvhe_init_params {
	u64 hcr_el2;
	u64 vttbr;
	u64 vtcr;
};
extern struct kvm_nvhe_init_params kvm_init_params;

static inline u64 kvm_get_vttbr(struct kvm_s2_mmu *mmu)
{
	return mmu->pgd_phys | ((u64)mmu->vmid.vmid << 48);
}

static inline void __load_stage2(struct kvm_s2_mmu *mmu, unsigned long vtcr)
{
	(void)mmu;
	(void)vtcr;
}

/*
 * Maintenance hooks: the harness records each call, in program order.
 * A level of 0 is v5.13's "no level hint".
 */
void __kvm_tlb_flush_vmid_ipa(struct kvm_s2_mmu *mmu, phys_addr_t ipa, int level);
void __kvm_tlb_flush_vmid(struct kvm_s2_mmu *mmu);
void __flush_dcache_area(void *addr, size_t len);
#define kvm_flush_dcache_to_poc(a, l) __flush_dcache_area((void *)(a), (size_t)(l))

/* At EL2 a hypercall is a direct call. */
#define kvm_call_hyp(f, ...) f(__VA_ARGS__)

/*
 * Hyp VAs and PAs: the harness plays a physical range with one host buffer,
 * so a PA is the buffer address plus a per-instance offset.
 */
extern s64 hyp_physvirt_offset;
#define __hyp_pa(x) ((phys_addr_t)((u64)(uintptr_t)(x) + (u64)hyp_physvirt_offset))

#endif /* HARNESS_KARCH_H */
