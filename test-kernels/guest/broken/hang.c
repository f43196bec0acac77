// SPDX-License-Identifier: GPL-2.0
/*
 * broken-hang: for the runner's own tests only.  Announces one case and
 * never finishes; init must kill it at its timeout (mnb.timeout=).
 */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
	printf("1..1\n");
	fflush(stdout);
	for (;;)
		pause();
}
