/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <nvhe/spinlock.h>: a checked single-threaded lock. */
#ifndef HARNESS_NVHE_SPINLOCK_H
#define HARNESS_NVHE_SPINLOCK_H

#include <harness/kenv.h>

/*
 * Calls into one instance never overlap, so a lock is a flag. Taking a held
 * lock (a deadlock on real hardware) or releasing a free one is a KERNEL_BUG.
 */
typedef struct {
	u32 held;
} hyp_spinlock_t;

void harness_spin_lock(hyp_spinlock_t *lock, const char *where);
void harness_spin_unlock(hyp_spinlock_t *lock, const char *where);

#define hyp_spin_lock_init(l) do { (l)->held = 0; } while (0)
#define hyp_spin_lock(l) harness_spin_lock((l), HARNESS_WHERE)
#define hyp_spin_unlock(l) harness_spin_unlock((l), HARNESS_WHERE)
#endif
