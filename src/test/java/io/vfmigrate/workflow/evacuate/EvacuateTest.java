package io.vfmigrate.workflow.evacuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Stuck;
import io.vfmigrate.workflow.evacuate.EvacuationResult.Outcome;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.journal.InMemoryJournal;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.Operations;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@code evacuate} in-process on the lab an operator rehearses it with
 * (examples/evacuate-six.yaml), cut to a few VMs of 1 to 3 GiB so that a whole evacuation takes
 * little simulated time.
 */
class EvacuateTest {
  private final RecordingEventSink events = new RecordingEventSink();

  /**
   * The evacuate-six lab with its first {@code vms} VMs (vmN has N GiB), src and dst prepared
   * ({@code dstVfs} VFs on dst) and a VF attached to each VM.
   */
  static Lab lab(int vms, int dstVfs) {
    return lab(vms, spec -> {}, dstVfs > 0 ? Map.of("dst", dstVfs) : Map.of());
  }

  /**
   * The same after {@code scenario} changed the description, with {@code prepared} VFs on each of
   * those hosts (6 on src).
   */
  static Lab lab(int vms, Consumer<LabSpec> scenario, Map<String, Integer> prepared) {
    LabSpec spec = LabStore.readDescription(Path.of("examples/evacuate-six.yaml"));
    List<VmSpec> all = spec.hosts.get("src").vms;
    all.removeIf(v -> number(v) > vms);
    all.forEach(v -> v.memory = number(v) + "GiB");
    scenario.accept(spec);
    Lab lab = new Lab(LabStore.parse(LabStore.toYaml(spec), "test"));
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    new Prepare(EventSink.none())
        .run(fleet.get("src"), new PrepareOptions("br-vf", OptionalInt.of(6)), false);
    prepared.forEach(
        (host, vfs) ->
            new Prepare(EventSink.none())
                .run(fleet.get(host), new PrepareOptions("br-vf", OptionalInt.of(vfs)), false));
    for (int i = 1; i <= vms; i++) {
      new Attach(fleet, EventSink.none())
          .run("vm" + i, "src", Optional.empty(), Optional.empty(), false);
    }
    return lab;
  }

  private static int number(VmSpec v) {
    return Integer.parseInt(v.name.substring(2));
  }

  private EvacuationResult evacuate(Lab lab, int maxParallel, boolean dryRun) {
    return new Evacuate(
            TestLab.fleet(lab, EventSink.none()), events, new Cancellation(), Optional.empty())
        .run(new EvacuateRequest("src", List.of("dst"), maxParallel, dryRun, true));
  }

  private static List<String> vmsOn(Lab lab, String host) {
    return lab.hostSpec(host).vms.stream()
        .filter(v -> v.state.equals("running"))
        .map(v -> v.name)
        .sorted()
        .toList();
  }

  private List<String> phases(String vm) {
    return events.eventsOf(Event.VmEvacuation.class).stream()
        .filter(e -> e.vm().equals(vm))
        .map(Event.VmEvacuation::phase)
        .toList();
  }

  @Test
  void everyRunningVmLeavesTogetherAndIsVerifiedWhereItWent() {
    Lab lab = lab(3, 6);

    EvacuationResult r = evacuate(lab, EvacuateRequest.DEFAULT_MAX_PARALLEL, false);

    assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.EVACUATED);
    assertThat(r.outcome().word()).isEqualTo("evacuated");
    assertThat(vmsOn(lab, "dst")).containsExactly("vm1", "vm2", "vm3");
    assertThat(vmsOn(lab, "src")).isEmpty();
    assertThat(r.migrations()).hasSize(3);
    long sumOfTransfers = 0;
    for (Moved m : r.migrations()) {
      assertThat(m.outcome()).isEqualTo("migrated");
      assertThat(m.where()).isEqualTo("dst");
      assertThat(m.verified()).contains(true);
      assertThat(m.downtimeMs().orElseThrow()).isPositive();
      assertThat(m.endedMs()).isGreaterThan(m.startedMs());
      assertThat(phases(m.vm())).containsExactly("planned", "started", "migrated");
      sumOfTransfers += m.totalTimeMs().orElseThrow();
    }
    // The three fit in the per-PF cap: they ran at once, so the evacuation took less than their
    // migrations one after the other, and no less than the bound.
    long makespan = r.makespanMs().orElseThrow();
    assertThat(makespan).isLessThan(sumOfTransfers).isGreaterThanOrEqualTo(r.lowerBoundMs());
    assertThat(r.ratio().orElseThrow()).isEqualTo((double) makespan / r.lowerBoundMs());
    assertThat(r.summary())
        .startsWith("makespan_ms=" + makespan + " lower_bound_ms=" + r.lowerBoundMs() + "; ")
        .contains("vm1 on dst (migrated)", "vm2 on dst (migrated)", "vm3 on dst (migrated)");
  }

  @Test
  void withMaxParallelOneEachMigrationStartsOnlyAfterTheOneBeforeItTransferred() {
    Lab lab = lab(3, 6);

    EvacuationResult r = evacuate(lab, 1, false);

    assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.EVACUATED);
    List<Moved> byStart =
        r.migrations().stream()
            .sorted(java.util.Comparator.comparingLong(Moved::startedMs))
            .toList();
    // Longest first: vm3 (3 GiB), vm2, vm1.
    assertThat(byStart).extracting(Moved::vm).containsExactly("vm3", "vm2", "vm1");
    for (int i = 1; i < byStart.size(); i++) {
      Moved before = byStart.get(i - 1);
      assertThat(byStart.get(i).startedMs())
          .as(byStart.get(i).vm() + " after " + before.vm())
          .isGreaterThanOrEqualTo(before.startedMs() + before.totalTimeMs().orElseThrow());
    }
  }

  @Test
  void aDryRunPlansLongestFirstAndMovesNothing() {
    Lab lab = lab(3, 6);

    EvacuationResult r = evacuate(lab, 4, true);

    assertThat(r.outcome()).isEqualTo(Outcome.PLANNED);
    assertThat(r.migrations()).isEmpty();
    assertThat(r.makespanMs()).isEmpty();
    assertThat(r.ratio()).isEmpty();
    assertThat(vmsOn(lab, "src")).containsExactly("vm1", "vm2", "vm3");
    assertThat(vmsOn(lab, "dst")).isEmpty();
    List<Move> moves = r.plan().moves();
    assertThat(moves).extracting(Move::vm).containsExactly("vm3", "vm2", "vm1");
    assertThat(moves).allSatisfy(m -> assertThat(m.destination()).isEqualTo("dst"));
    assertThat(moves.get(0).memoryBytes()).isEqualTo(3L << 30);
    assertThat(moves.get(0).deviceStateBytes()).isEqualTo(Planner.DEVICE_STATE_PER_VF);
    assertThat(moves.get(0).predicted().totalMs())
        .isGreaterThan(moves.get(1).predicted().totalMs());
    assertThat(r.plan().linkBytesPerSecond()).isEqualTo(25_000_000_000L / 8);
    assertThat(r.lowerBoundMs())
        .isEqualTo(LowerBound.of(moves, java.util.Map.of(), r.plan().linkBytesPerSecond()))
        .isPositive();
    Event.VmEvacuation planned = events.eventsOf(Event.VmEvacuation.class).get(0);
    assertThat(planned.vm()).isEqualTo("vm3");
    assertThat(planned.phase()).isEqualTo("planned");
    assertThat(planned.detail())
        .isEqualTo(
            "predicted total "
                + moves.get(0).predicted().totalMs()
                + " ms, downtime "
                + moves.get(0).predicted().downtimeMs()
                + " ms");
    assertThat(events.eventsOf(Event.VmEvacuation.class))
        .extracting(Event.VmEvacuation::phase)
        .containsOnly("planned");
  }

  @Test
  void aVmWhoseMigrationFailsRollsBackAloneTheOtherMovesAndTheJournalKeepsEachAsAChild() {
    Lab lab =
        lab(
            2,
            spec -> {
              FaultSpec dies = new FaultSpec();
              dies.vm = "vm1";
              dies.migrationFault = "destination_qemu_dies";
              spec.hosts.get("src").faults.add(dies);
            },
            Map.of("dst", 6));
    InMemoryJournal journal = new InMemoryJournal();
    Operations ops =
        new Operations(
            journal,
            Clock.systemUTC(),
            ProcessHandle.current().pid(),
            ClaimLiveness.onThisMachine());
    String parent =
        ops.begin(
            OperationKind.EVACUATE, Optional.empty(), List.of("src", "dst"), "evacuate --host src");

    EvacuationResult r =
        new Evacuate(
                TestLab.fleet(lab, EventSink.none()),
                events,
                new Cancellation(),
                Optional.of(new Children(ops, parent)))
            .run(new EvacuateRequest("src", List.of("dst"), 4, false, true));

    assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.PARTIAL);
    Map<String, Moved> byVm = new java.util.HashMap<>();
    r.migrations().forEach(m -> byVm.put(m.vm(), m));
    Moved vm1 = byVm.get("vm1");
    Moved vm2 = byVm.get("vm2");
    assertThat(vm1.outcome()).isEqualTo("rolled-back");
    assertThat(vm1.where()).isEqualTo("src");
    assertThat(vm1.detail()).contains("Connection reset by peer");
    assertThat(vm1.downtimeMs()).isEmpty();
    assertThat(vm1.totalTimeMs().orElseThrow()).as("it ran until QEMU died").isPositive();
    assertThat(vm1.settled()).isFalse();
    assertThat(vm2.outcome()).isEqualTo("migrated");
    assertThat(vm2.where()).isEqualTo("dst");
    assertThat(vm2.settled()).isTrue();
    assertThat(vmsOn(lab, "src")).containsExactly("vm1");
    assertThat(vmsOn(lab, "dst")).containsExactly("vm2");
    assertThat(phases("vm1")).containsExactly("planned", "started", "rolled-back");
    assertThat(phases("vm2")).containsExactly("planned", "started", "migrated");
    // The bound counts the VM that moved, with the device state its migration reported.
    Move moved2 = r.plan().moves().stream().filter(m -> m.vm().equals("vm2")).findFirst().get();
    assertThat(r.lowerBoundMs())
        .isEqualTo(
            LowerBound.of(List.of(moved2), Map.of("vm2", vm2), r.plan().linkBytesPerSecond()));
    assertThat(r.summary()).contains("; vm2 on dst (migrated)", "; vm1 on src (rolled-back)");
    // Each migration is its own MIGRATE operation, part of the evacuation, ended as it ended.
    List<OperationRecord> children = journal.children(parent);
    assertThat(children).hasSize(2);
    for (OperationRecord child : children) {
      Moved m = byVm.get(child.vm().orElseThrow());
      assertThat(child.kind()).isEqualTo(OperationKind.MIGRATE);
      assertThat(child.parent()).contains(parent);
      assertThat(child.hosts()).containsExactly("src", "dst");
      assertThat(child.arguments()).isEqualTo("migrate " + m.vm() + " --from src --to dst");
      assertThat(m.operation()).contains(child.id());
      assertThat(child.end().orElseThrow().outcome()).isEqualTo(m.outcome());
    }
    assertThat(journal.samples(vm2.operation().orElseThrow())).isNotEmpty();
    assertThat(journal.operation(vm1.operation().orElseThrow()).orElseThrow().end().get().detail())
        .contains("Connection reset by peer");
    assertThat(journal.unfinished()).extracting(OperationRecord::id).containsExactly(parent);
  }

  @Test
  void aVmLeftWithoutAFreeVfIsNamedWithTheFixAndTheOthersMove() {
    Lab lab = lab(3, 2);

    EvacuationResult r = evacuate(lab, 4, false);

    assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.PARTIAL);
    Stuck stuck = r.cannotMove().get(0);
    assertThat(r.cannotMove()).hasSize(1);
    assertThat(stuck.vm()).isEqualTo("vm1");
    assertThat(stuck.reason())
        .isEqualTo(
            "to dst: [destination-vf] its free prepared VFs go to the VMs planned before vm1"
                + " (0 left, 1 needed)");
    assertThat(stuck.fix())
        .isEqualTo(
            "vfmigrate prepare --host dst --vfs 3 (VF count changes are refused while a VM uses"
                + " one: migrate it first)");
    assertThat(phases("vm1")).containsExactly("cannot-move");
    assertThat(vmsOn(lab, "src")).containsExactly("vm1");
    assertThat(vmsOn(lab, "dst")).containsExactly("vm2", "vm3");
    assertThat(r.summary())
        .endsWith("; vm1 stays on src (cannot move: " + stuck.reason() + ")")
        .contains("vm3 on dst (migrated)", "vm2 on dst (migrated)");
  }

  @Test
  void cancelledBeforeAnyMigrationBeganItHasNoMakespanAndSaysNoneBegan() {
    Lab lab = lab(2, 2);
    Cancellation cancelled = new Cancellation();
    cancelled.request();

    EvacuationResult r =
        new Evacuate(TestLab.fleet(lab, EventSink.none()), events, cancelled, Optional.empty())
            .run(new EvacuateRequest("src", List.of("dst"), 4, false, true));

    assertThat(r.noneBegan()).isTrue();
    assertThat(r.makespanMs()).as("no migration ran: no makespan, not 0").isEmpty();
    assertThat(r.migrations()).allSatisfy(m -> assertThat(m.began()).isFalse());
    assertThat(r.summary())
        .isEqualTo("lower_bound_ms=0; vm2 on src (not-started); vm1 on src (not-started)");
    assertThat(phases("vm1")).doesNotContain("started");
    assertThat(vmsOn(lab, "src")).containsExactly("vm1", "vm2");
  }

  @Test
  void whenNoVmCanMoveNothingChangesAndTheRefusalsAreTheGuards() {
    Lab lab = lab(2, 0);

    EvacuationResult r = evacuate(lab, 4, false);

    assertThat(r.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(r.migrations()).isEmpty();
    assertThat(r.makespanMs()).isEmpty();
    assertThat(r.lowerBoundMs()).isZero();
    assertThat(vmsOn(lab, "src")).containsExactly("vm1", "vm2");
    assertThat(r.cannotMove()).extracting(Stuck::vm).containsExactlyInAnyOrder("vm1", "vm2");
    for (Stuck s : r.cannotMove()) {
      assertThat(s.reason()).startsWith("to dst: [").doesNotContain("destination-vf] its free");
      assertThat(s.fix()).isNotBlank();
    }
  }

  @Test
  void aHostWithNothingRunningIsEvacuatedAndStoppedVmsAreListedNotMoved() {
    Lab lab = lab(2, 6);
    lab.hostSpec("src").vms.forEach(v -> v.state = "shut off");

    EvacuationResult r = evacuate(lab, 4, false);

    assertThat(r.outcome()).isEqualTo(Outcome.EVACUATED);
    assertThat(r.plan().moves()).isEmpty();
    assertThat(r.plan().notRunning()).containsExactly("vm1 (shut off)", "vm2 (shut off)");
    assertThat(r.summary()).isEqualTo("lower_bound_ms=0");
  }

  @Test
  void theRequestRefusesTheSourceAsDestinationAndAParallelismOutOfRange() {
    assertThatThrownBy(() -> new EvacuateRequest("src", List.of("dst", "src"), 4, false, true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("--to src is the host being evacuated.");
    for (int bad : new int[] {0, EvacuateRequest.MAX_PARALLEL + 1}) {
      assertThatThrownBy(() -> new EvacuateRequest("src", List.of(), bad, false, true))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("--max-parallel must be 1 to 64.")
          .satisfies(
              e ->
                  assertThat(((InvalidInputException) e).fix()).isEqualTo("e.g. --max-parallel 4"));
    }
    assertThat(new EvacuateRequest("src", List.of(), 1, false, true).maxParallel()).isEqualTo(1);
    assertThat(new EvacuateRequest("src", List.of(), 64, false, true).maxParallel()).isEqualTo(64);
  }
}
