/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <linux/types.h>: basic types, from the harness environment. */
#ifndef HARNESS_LINUX_TYPES_H
#define HARNESS_LINUX_TYPES_H

#include <harness/kenv.h>
#include <linux/list.h>
#endif
