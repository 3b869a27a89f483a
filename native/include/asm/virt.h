/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <asm/virt.h>: everything it would bring lives in the harness's arm64 environment. */
#ifndef HARNESS_ASM_VIRT_H
#define HARNESS_ASM_VIRT_H

#include <harness/kenv.h>
#include <harness/karch.h>
#endif
