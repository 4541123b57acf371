package io.vfmigrate.lab.state;

/**
 * An injected failure: the next {@code times} commands whose argv, joined by single spaces, starts
 * with {@code command} fail with the given output, as the real tool would fail. A path as command
 * makes writes to that file fail with {@code stderr} as the error reason.
 */
public class FaultSpec {
  public String command;
  public int exitCode = 1;
  public String stdout = "";
  public String stderr = "";
  public int times = 1;
}
