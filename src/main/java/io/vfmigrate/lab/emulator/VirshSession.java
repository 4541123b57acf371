package io.vfmigrate.lab.emulator;

import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolOutput;

/**
 * What one virsh command printed: {@code vshPrint} text, {@code vshPrintExtra} text that {@code -q}
 * suppresses, and {@code error: } lines on stderr. A failed command still ends with virsh's empty
 * line on stdout (tools/vsh.c vshCommandRun prints it after every command, failed or not).
 */
final class VirshSession {
  private final LabContext context;
  private final boolean quiet;
  private final StringBuilder stdout = new StringBuilder();
  private final StringBuilder stderr = new StringBuilder();
  private boolean failed;

  VirshSession(LabContext context, boolean quiet) {
    this.context = context;
    this.quiet = quiet;
  }

  LabContext context() {
    return context;
  }

  boolean quiet() {
    return quiet;
  }

  void print(String text) {
    stdout.append(text);
  }

  void printExtra(String text) {
    if (!quiet) {
      stdout.append(text);
    }
  }

  /** One {@code error: MESSAGE} line; the command fails. */
  void error(String message) {
    stderr.append("error: ").append(message).append('\n');
    failed = true;
  }

  boolean failed() {
    return failed;
  }

  ToolOutput finish() {
    printExtra("\n");
    return ToolOutput.of(failed ? 1 : 0, stdout.toString(), stderr.toString());
  }
}
