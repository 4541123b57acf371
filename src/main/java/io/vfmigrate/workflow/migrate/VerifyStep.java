package io.vfmigrate.workflow.migrate;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.model.VfmigrateException;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.steps.Step;
import io.vfmigrate.workflow.verify.Verify;
import io.vfmigrate.workflow.verify.VerifyReport;
import java.util.Optional;

/**
 * Verifies the migrated guest through its agent. A failure is reported, never undone: the VM has
 * already switched over. The interface is the one {@code vfmigrate verify VM} checks: the VF's, or
 * for a VM without a VF its first NIC.
 */
final class VerifyStep implements Step<MigrationContext> {
  private final Fleet fleet;
  private final EventSink events;
  private Optional<VerifyReport> report = Optional.empty();
  private Optional<String> error = Optional.empty();

  VerifyStep(Fleet fleet, EventSink events) {
    this.fleet = fleet;
    this.events = events;
  }

  @Override
  public String description() {
    return "verify the VM in the guest";
  }

  @Override
  public String command() {
    return "ping through the VF inside the guest (QEMU guest agent)";
  }

  @Override
  public void apply(MigrationContext c) {
    try {
      // The interface is chosen as verify chooses it, so that both check the same one.
      VerifyReport r =
          new Verify(fleet, events)
              .run(c.vm(), Optional.of(c.request.destination()), Optional.empty());
      report = Optional.of(r);
      if (!r.ok()) {
        throw new VfmigrateException(
            "verification failed: " + String.join("; ", r.problems()),
            "vfmigrate verify " + c.vm() + " --host " + c.request.destination());
      }
    } catch (VfmigrateException e) {
      if (report.isEmpty()) {
        error = Optional.of(e.getMessage());
      }
      throw e;
    }
  }

  @Override
  public void undo(MigrationContext c) {
    // A verification changes nothing.
  }

  Optional<VerifyReport> report() {
    return report;
  }

  Optional<String> error() {
    return error;
  }
}
