package io.vfmigrate.workflow.recover;

import java.util.List;

/** Every unfinished operation recover looked at, and the stale claims it cleared. */
public record RecoverReport(List<Recovery> operations, List<String> claimsCleared, boolean dryRun) {
  public RecoverReport {
    operations = List.copyOf(operations);
    claimsCleared = List.copyOf(claimsCleared);
  }

  /** True when nothing needs a person. */
  public boolean consistent() {
    return operations.stream().noneMatch(Recovery::needsAttention);
  }
}
