/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Harness: the generic part of the userspace environment the kernel's
 * page-table files are built in. Everything here is written for Harness from
 * the documented meaning of each name; the names themselves are the ones the
 * kernel files use, so they have to match.
 *
 * The kernel files see a 64-bit little-endian machine (x86-64 plays arm64),
 * gnu11, and these definitions instead of <linux/...>.
 */
#ifndef HARNESS_KENV_H
#define HARNESS_KENV_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifndef PAGE_SHIFT
#error "PAGE_SHIFT must be given on the command line (12, 14 or 16)"
#endif

/* Fixed-width types under their kernel names. */
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;
typedef u64 phys_addr_t;

/* Compiler vocabulary. */
#ifndef __always_inline
#define __always_inline inline __attribute__((__always_inline__))
#endif
#define __maybe_unused __attribute__((__unused__))
#define __noreturn __attribute__((__noreturn__))
#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define __stringify_1(x) #x
#define __stringify(x) __stringify_1(x)
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - offsetof(type, member)))

/* Where a WARN_ON or BUG fired, as a static "file:line" string. */
#define HARNESS_WHERE __FILE__ ":" __stringify(__LINE__)

/* Error numbers: the kernel's values (asm-generic/errno-base.h numbering). */
#define EPERM 1
#define E2BIG 7
#define EAGAIN 11
#define ENOMEM 12
#define EEXIST 17
#define EINVAL 22
#define ERANGE 34

/* Bits and masks. */
#define UL(x) ((unsigned long)(x))
#define ULL(x) ((unsigned long long)(x))
#define BIT(nr) (UL(1) << (nr))
#define BIT_ULL(nr) (ULL(1) << (nr))
/* Bits h..l set (h >= l), as a 64-bit value. */
#define GENMASK(h, l) ((~UL(0) >> (63 - (h))) & (~UL(0) << (l)))
#define GENMASK_ULL(h, l) GENMASK(h, l)

/* Field helpers: the mask is a constant; the shift is its lowest set bit. */
#define __harness_mask_shift(mask) __builtin_ctzll(mask)
#define FIELD_PREP(mask, val) \
	((((u64)(val)) << __harness_mask_shift(mask)) & (u64)(mask))
#define FIELD_GET(mask, reg) \
	((__typeof__(mask))((((u64)(reg)) & (u64)(mask)) >> __harness_mask_shift(mask)))

/* Alignment (a is a power of two). */
#define __ALIGN_MASK(x, m) (((x) + (m)) & ~(m))
#define ALIGN(x, a) __ALIGN_MASK(x, (__typeof__(x))(a) - 1)
#define ALIGN_DOWN(x, a) ((x) & ~((__typeof__(x))(a) - 1))
#define IS_ALIGNED(x, a) (((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d) (((n) + (d) - 1) / (d))

#define min(a, b) ({ __auto_type __a = (a); __auto_type __b = (b); __a < __b ? __a : __b; })
#define max(a, b) ({ __auto_type __a = (a); __auto_type __b = (b); __a > __b ? __a : __b; })

#define SZ_4K 0x00001000UL
#define SZ_16K 0x00004000UL
#define SZ_64K 0x00010000UL
#define SZ_1G 0x40000000UL

/*
 * Single-copy stores of descriptors. pgtable.c writes every descriptor through
 * WRITE_ONCE or smp_store_release, so both go to the harness's store hook,
 * which records the write (old and new value) and refuses stores outside the
 * instance's memory. Only 64-bit stores are expected here.
 */
void harness_store64(u64 *ptr, u64 val);
#define WRITE_ONCE(x, val) do {						\
		_Static_assert(sizeof(x) == sizeof(u64), "64-bit stores only"); \
		harness_store64((u64 *)&(x), (u64)(val));		\
	} while (0)
#define smp_store_release(p, v) WRITE_ONCE(*(p), (v))
#define READ_ONCE(x) (*(const volatile __typeof__(x) *)&(x))

/*
 * Kernel diagnostics. WARN_ON evaluates its condition once, records a
 * WARNING event when it holds and yields it. BUG records KERNEL_BUG and
 * abandons the current API call (the instance is dead from then on).
 */
void harness_warn(const char *where);
__noreturn void harness_bug(const char *where);
#define WARN_ON(cond) ({						\
		int __harness_c = !!(cond);				\
		if (unlikely(__harness_c))				\
			harness_warn(HARNESS_WHERE);			\
		__harness_c;						\
	})
/* Recorded every time: "once" per process would hide it from later instances. */
#define WARN_ON_ONCE(cond) WARN_ON(cond)
#define BUG() harness_bug(HARNESS_WHERE)
#define BUG_ON(cond) do { if (unlikely(cond)) BUG(); } while (0)

/* Barriers order nothing in a single-threaded replay. */
#define dsb(opt) do { } while (0)
#define isb() do { } while (0)

#endif /* HARNESS_KENV_H */
