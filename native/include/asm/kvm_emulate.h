/* SPDX-License-Identifier: GPL-2.0-only */
/* Harness stand-in for <asm/kvm_emulate.h>: everything it would bring lives in the harness's arm64 environment. */
#ifndef HARNESS_ASM_KVM_EMULATE_H
#define HARNESS_ASM_KVM_EMULATE_H

#include <harness/kenv.h>
#include <harness/karch.h>
#endif
