#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The third fix of the trace format's "profile v5.13", from v5.14 "KVM: arm64:
# Fix off-by-one in range_is_memory": writes a build copy of mem_protect.c
# (SRC) to DEST in which range_is_memory looks up end - 1, the last byte of
# the range, instead of end. The tree itself is never changed.
set -eu
src=$1
dest=$2
old='find_mem_range(end, &r2)'
new='find_mem_range(end - 1, &r2)'
n_old=$(grep -oF "$old" "$src" | wc -l)
n_new=$(grep -oF "$new" "$src" | wc -l)
mkdir -p "$(dirname "$dest")"
if [ "$n_old" -eq 1 ] && [ "$n_new" -eq 0 ]; then
	sed 's/find_mem_range(end, &r2)/find_mem_range(end - 1, \&r2)/' "$src" >"$dest.tmp"
	if [ "$(grep -oF "$new" "$dest.tmp" | wc -l)" -ne 1 ] || grep -qF "$old" "$dest.tmp"; then
		rm -f "$dest.tmp"
		echo "harness: the range_is_memory substitution did not apply exactly once to $src" >&2
		exit 1
	fi
	mv "$dest.tmp" "$dest"
elif [ "$n_old" -eq 0 ] && [ "$n_new" -eq 1 ]; then
	echo "harness: note: $src already looks up end - 1 in range_is_memory; using it unchanged" >&2
	cp "$src" "$dest"
else
	echo "harness: cannot apply the range_is_memory fix to $src: expected one '$old', found $n_old (and $n_new of '$new')" >&2
	exit 1
fi
