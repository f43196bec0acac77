// SPDX-License-Identifier: GPL-2.0
/*
 * broken-noreport: for the runner's own tests only.  Announces two cases
 * and exits successfully without reporting either.
 */
#include <stdio.h>

int main(void)
{
	printf("1..2\n");
	printf("# broken-noreport: leaving without results\n");
	return 0;
}
