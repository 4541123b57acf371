package io.vfmigrate.tools.agent;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * A finished {@code guest-exec}, from {@code guest-exec-status} (qga/qapi-schema.json {@code
 * GuestExecStatus}) with the base64 output decoded.
 *
 * @param exitCode {@code exitcode}; empty when the process was killed by a signal
 * @param signal {@code signal} that ended the process, if any
 * @param stdout decoded {@code out-data}
 * @param stderr decoded {@code err-data}
 * @param outputTruncated {@code out-truncated} or {@code err-truncated}: the agent dropped output
 */
public record GuestExecResult(
    OptionalInt exitCode,
    OptionalInt signal,
    String stdout,
    String stderr,
    boolean outputTruncated) {
  public GuestExecResult {
    Objects.requireNonNull(exitCode, "exitCode");
    Objects.requireNonNull(signal, "signal");
    Objects.requireNonNull(stdout, "stdout");
    Objects.requireNonNull(stderr, "stderr");
  }

  public boolean succeeded() {
    return exitCode.isPresent() && exitCode.getAsInt() == 0;
  }
}
