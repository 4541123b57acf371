package io.vfmigrate.workflow.recover;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.journal.Journal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.recover.Recovery.Action;
import java.util.ArrayList;
import java.util.List;

/**
 * An interrupted evacuation, once its migrations are settled (each is an unfinished MIGRATE
 * operation of its own, which recover finishes or undoes first): nothing to do on the hosts; its
 * outcome is {@code evacuated} when every migration ended migrated and no VM runs on the source any
 * more ({@link Action#FINISHED}), else {@code partial}, with where each VM is.
 */
final class EvacuationRecovery {
  private final Fleet fleet;
  private final Journal journal;

  EvacuationRecovery(Fleet fleet, Journal journal) {
    this.fleet = fleet;
    this.journal = journal;
  }

  Recovery settle(OperationRecord op, boolean dryRun) {
    String source = op.hosts().get(0);
    List<String> parts = new ArrayList<>();
    boolean allMigrated = true;
    List<OperationRecord> children = journal.children(op.id());
    if (children.isEmpty()) {
      parts.add("no migration had begun");
    }
    for (OperationRecord child : children) {
      String outcome =
          journal
              .operation(child.id())
              .flatMap(OperationRecord::end)
              .map(OperationEnd::outcome)
              .orElse(dryRun ? "to be settled" : "unfinished");
      allMigrated &= outcome.equals("migrated");
      parts.add(child.vm().orElse("?") + " " + outcome + " (" + child.id() + ")");
    }
    Virsh virsh = new Virsh(fleet.get(source).host());
    List<String> left = new ArrayList<>();
    for (String vm : virsh.listAllNames()) {
      if (virsh.domstate(vm).map("running"::equals).orElse(false)) {
        left.add(vm);
      }
    }
    if (!left.isEmpty()) {
      parts.add("still running on " + source + ": " + String.join(", ", left));
    }
    boolean done = allMigrated && left.isEmpty();
    return new Recovery(
        op.id(),
        op.kind().label(),
        op.vm(),
        done ? Action.FINISHED : Action.NONE,
        "interrupted evacuation of " + source + ": " + String.join("; ", parts),
        false);
  }
}
