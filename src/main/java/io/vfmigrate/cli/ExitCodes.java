package io.vfmigrate.cli;

/** The exit codes of every vfmigrate command (README, "Exit codes"). */
public final class ExitCodes {
  public static final int OK = 0;
  public static final int USAGE = 2;
  public static final int NOT_READY = 3;
  public static final int ROLLED_BACK = 4;
  public static final int NEEDS_ATTENTION = 5;

  private ExitCodes() {}

  /** The word for an exit code in {@code --json} errors: usage, not-ready, rolled-back, ... */
  static String kind(int code) {
    return switch (code) {
      case OK -> "ok";
      case USAGE -> "usage";
      case NOT_READY -> "not-ready";
      case ROLLED_BACK -> "rolled-back";
      default -> "needs-attention";
    };
  }
}
