package io.vfmigrate.lab.state;

/**
 * A vfmigrate process (runtime): its PID and the instant it started, so that a PID the system has
 * given to another process since is not mistaken for it.
 */
public class OwnerSpec {
  public long pid;

  /** ISO-8601 start instant as the operating system reports it; null when it reports none. */
  public String started;

  public OwnerSpec() {}

  public OwnerSpec(long pid, String started) {
    this.pid = pid;
    this.started = started;
  }
}
