package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolOutput;

/**
 * What one virsh command printed: {@code vshPrint} text, {@code vshPrintExtra} text that {@code -q}
 * suppresses, and {@code error: } lines on stderr. A failed command still ends with virsh's empty
 * line on stdout (tools/vsh.c vshCommandRun prints it after every command, failed or not).
 */
public final class VirshSession {
  private final LabContext context;
  private final boolean quiet;
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();
  private boolean failed;

  public VirshSession(LabContext context, boolean quiet) {
    this.context = context;
    this.quiet = quiet;
  }

  public LabContext context() {
    return context;
  }

  public boolean quiet() {
    return quiet;
  }

  public void print(String text) {
    stdout.append(text);
  }

  public void printExtra(String text) {
    if (!quiet) {
      stdout.append(text);
    }
  }

  /** One {@code error: MESSAGE} line; the command fails. */
  public void error(String message) {
    stderr.append("error: ").append(message).append('\n');
    failed = true;
  }

  public boolean failed() {
    return failed;
  }

  public ToolOutput finish() {
    printExtra("\n");
    return ToolOutput.of(failed ? 1 : 0, stdout.toString(), stderr.toString());
  }
}
