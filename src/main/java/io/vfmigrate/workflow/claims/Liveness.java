package io.vfmigrate.workflow.claims;

/** Whether the owner of a claim still runs. */
public enum Liveness {
  /** The owner runs on this machine. */
  LIVE("live"),
  /** The owner is gone: its process died (or its PID belongs to a newer process), or it ended. */
  STALE("stale"),
  /**
   * The owner cannot be told from here: another machine's process, or an unreadable claim. Treated
   * as live: vfmigrate never takes over such a claim.
   */
  UNKNOWN("unknown, treated as live");

  private final String word;

  Liveness(String word) {
    this.word = word;
  }

  public String word() {
    return word;
  }
}
