/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <linux/bits.h>: BIT and GENMASK, from the harness environment. */
#ifndef HARNESS_LINUX_BITS_H
#define HARNESS_LINUX_BITS_H

#include <harness/kenv.h>
#endif
