package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.tools.ToolOutput;

/**
 * What one virsh command printed: text, text that {@code -q} suppresses, and {@code error: } lines
 * on stderr. Every command, failed or not, ends with virsh's empty line on stdout unless quiet
 * (tools/vsh.c vshCommandRun).
 */
public final class MigrationOutput {
  private final boolean quiet;
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();
  private boolean failed;

  public MigrationOutput(boolean quiet) {
    this.quiet = quiet;
  }

  public boolean quiet() {
    return quiet;
  }

  public MigrationOutput print(String text) {
    stdout.append(text);
    return this;
  }

  /** One {@code error: MESSAGE} line (vshError); the command fails. */
  public MigrationOutput error(String message) {
    stderr.append("error: ").append(message).append('\n');
    failed = true;
    return this;
  }

  public boolean failed() {
    return failed;
  }

  public ToolOutput finish() {
    if (!quiet) {
      stdout.append('\n');
    }
    return ToolOutput.of(failed ? 1 : 0, stdout.toString(), stderr.toString());
  }
}
