package io.vfmigrate.lab.tools.agent;

/** How a program run in the guest ended: exit code and what it wrote. */
public record AgentProcessResult(int exitCode, String stdout, String stderr) {}
