package io.vfmigrate.lab.state;

/** How an emulated long-running command ended (runtime). */
public class CommandResultSpec {
  public int exitCode;
  public String stdout = "";
  public String stderr = "";

  /** Virtual time from its start to its end. */
  public long durationMs;
}
