// SPDX-License-Identifier: GPL-2.0
/*
 * smoke-fork: fork, exec and wait work, alone and with many children.
 */
#include <sys/wait.h>
#include "../tap.h"

#define NCHILD 16

static int exit_code_of(pid_t pid)
{
	int status;

	if (pid < 0 || waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

static pid_t exec_self(const char *self, const char *code)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl(self, self, "--exit", code, (char *)NULL);
		_exit(127);
	}
	return pid;
}

static int many_children(void)
{
	pid_t pid[NCHILD];
	int i, good = 0;

	for (i = 0; i < NCHILD; i++) {
		pid[i] = fork();
		if (pid[i] == 0)
			_exit(i);
	}
	for (i = 0; i < NCHILD; i++)
		good += exit_code_of(pid[i]) == i;
	return good == NCHILD;
}

int main(int argc, char **argv)
{
	pid_t pid;

	if (argc == 3 && !strcmp(argv[1], "--exit"))
		return atoi(argv[2]);
	tap_plan(3);
	pid = fork();
	if (pid == 0)
		_exit(42);
	tap_ok(exit_code_of(pid) == 42, "fork and wait for the exit status");
	tap_ok(exit_code_of(exec_self(argv[0], "7")) == 7, "fork, exec, wait");
	tap_ok(many_children(), "%d concurrent children", NCHILD);
	return tap_exit();
}
