/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <linux/bitfield.h>: FIELD_PREP and FIELD_GET, from the harness environment. */
#ifndef HARNESS_LINUX_BITFIELD_H
#define HARNESS_LINUX_BITFIELD_H

#include <harness/kenv.h>
#endif
