package io.vfmigrate.workflow.preflight;

import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import java.util.List;

/** All findings of one preflight run; ready when none failed. */
public record PreflightReport(List<Finding> findings) {
  public PreflightReport {
    findings = List.copyOf(findings);
  }

  public boolean ok() {
    return findings.stream().noneMatch(Finding::failed);
  }

  public long count(FindingStatus status) {
    return findings.stream().filter(f -> f.status() == status).count();
  }
}
