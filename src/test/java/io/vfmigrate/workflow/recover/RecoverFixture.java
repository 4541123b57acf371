package io.vfmigrate.workflow.recover;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A lab, an in-memory journal and a process table of control machine {@code ctl1} in which a test
 * decides which processes run: what {@code recover} tests set up before they kill an operation.
 */
final class RecoverFixture {
  static final Instant T0 = Instant.parse("2026-12-03T08:00:00Z");
  static final String MACHINE = "ctl1";
  final InMemoryJournal journal = new InMemoryJournal();
  final Map<Long, Instant> running = new HashMap<>();
  private final ProcessTable table =
      pid ->
          Optional.ofNullable(running.get(pid))
              .map(start -> new ProcessTable.RunningProcess(pid, Optional.of(start)));
  final Lab lab;
  final Fleet fleet;

  RecoverFixture(Lab lab) {
    this.lab = lab;
    this.fleet = TestLab.fleet(lab, EventSink.none());
  }

  RecoverFixture() {
    this(TestLab.defaultLab());
  }

  /** This machine's processes, as {@code recover} and the claims judge them. */
  ClaimLiveness liveness() {
    return new ClaimLiveness(MACHINE, table, op -> false);
  }

  /** Operations of process {@code pid} of {@code ctl1}, which runs from now on. */
  Operations as(long pid) {
    running.putIfAbsent(pid, T0.minusSeconds(5));
    return new Operations(journal, Clock.fixed(T0, ZoneOffset.UTC), pid, liveness());
  }

  void prepare(String host) {
    prepare(host, OptionalInt.empty());
  }

  void prepare(String host, OptionalInt vfs) {
    new Prepare(EventSink.none()).run(fleet.get(host), new PrepareOptions("br-vf", vfs), false);
  }

  /** An operation of process {@code pid}, which then died. */
  String interrupted(
      long pid, OperationKind kind, Optional<String> vm, List<String> hosts, String arguments) {
    String id = as(pid).begin(kind, vm, hosts, arguments);
    running.remove(pid);
    return id;
  }

  RecoverReport recover(boolean dryRun) {
    return new Recover(fleet, as(200), EventSink.none()).run(dryRun);
  }

  Optional<OperationEnd> end(String id) {
    return journal.operation(id).flatMap(OperationRecord::end);
  }

  /** The operations {@code recover} journaled about itself, oldest first. */
  List<OperationRecord> recovers() {
    return journal.operations(Optional.empty(), Optional.empty(), 100).stream()
        .filter(o -> o.kind() == OperationKind.RECOVER)
        .sorted(java.util.Comparator.comparing(OperationRecord::started))
        .toList();
  }

  VmSpec vm(String host, String name) {
    return lab.hostSpec(host).vms.stream()
        .filter(v -> v.name.equals(name))
        .findFirst()
        .orElse(null);
  }
}
