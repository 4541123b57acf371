package io.vfmigrate.lab.emulator;

/** How a program run in the guest ended: exit code and what it wrote. */
record AgentProcessResult(int exitCode, String stdout, String stderr) {}
