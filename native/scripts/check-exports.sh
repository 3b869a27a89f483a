#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Checks that LIB exports exactly the functions HEADER (harness_abi.h) declares:
# every kernel and shim symbol must stay hidden.
set -eu
lib=$1
header=$2
want=$(grep -oE '\bharness_[a-z_]+\(' "$header" | tr -d '(' | sort -u)
have=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TtDdBbRr]$/ {print $3}' | grep -vE '^(_init|_fini)$' | sort -u)
if [ "$want" != "$have" ]; then
	echo "harness: $lib exports differ from $header:" >&2
	printf '%s\n' "$want" >/tmp/harness-want.$$
	printf '%s\n' "$have" | diff /tmp/harness-want.$$ - >&2 || true
	rm -f /tmp/harness-want.$$
	exit 1
fi
