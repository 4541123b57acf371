package io.vfmigrate.workflow.evacuate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Move;
import io.vfmigrate.workflow.evacuate.EvacuationPlan.Stuck;
import io.vfmigrate.workflow.evacuate.EvacuationResult.Outcome;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The evacuation's plan, by dry runs on the rehearsal lab (nothing moves, so these are quick):
 * which VM goes where, the free prepared VFs shared out in the plan's order, and why a VM that
 * stays stays.
 */
class PlannerTest {
  private final RecordingEventSink events = new RecordingEventSink();

  /** The rehearsal lab with a third host, dst2, a copy of dst. */
  private static void withDst2(LabSpec spec) {
    HostSpec copy = LabStore.parse(LabStore.toYaml(spec), "copy").hosts.get("dst");
    copy.address = "192.0.2.13";
    copy.hostname = "dst2.lab.example";
    spec.hosts.put("dst2", copy);
  }

  private EvacuationResult plan(Lab lab, List<String> to) {
    return new Evacuate(
            TestLab.fleet(lab, EventSink.none()), events, new Cancellation(), Optional.empty())
        .run(new EvacuateRequest("src", to, 4, true, true));
  }

  private List<Event.VmEvacuation> evacuationEvents() {
    return events.eventsOf(Event.VmEvacuation.class);
  }

  @Test
  void eachVmGoesWhereTheMostFreeVfsAreLeftOnceTheVmsBeforeItHaveTheirs() {
    // dst has 2 free VFs, dst2 3. vm3 (longest) takes one of dst2's (2 and 2 left), vm2 one of
    // dst's (the first named of equals: 1 and 2 left), vm1 one of dst2's.
    Lab lab = EvacuateTest.lab(3, PlannerTest::withDst2, Map.of("dst", 2, "dst2", 3));

    EvacuationResult r = plan(lab, List.of());

    assertThat(r.outcome()).as(r.toString()).isEqualTo(Outcome.PLANNED);
    assertThat(r.plan().moves())
        .extracting(Move::vm, Move::destination)
        .containsExactly(tuple("vm3", "dst2"), tuple("vm2", "dst"), tuple("vm1", "dst2"));
    assertThat(r.cannotMove()).isEmpty();
    assertThat(evacuationEvents())
        .extracting(Event.VmEvacuation::vm, Event.VmEvacuation::destination)
        .containsExactly(tuple("vm3", "dst2"), tuple("vm2", "dst"), tuple("vm1", "dst2"));
  }

  @Test
  void theToHostsAreTheOnlyDestinations() {
    Lab lab = EvacuateTest.lab(2, PlannerTest::withDst2, Map.of("dst", 2, "dst2", 3));

    EvacuationResult r = plan(lab, List.of("dst"));

    assertThat(r.plan().moves())
        .extracting(Move::vm, Move::destination)
        .containsExactly(tuple("vm2", "dst"), tuple("vm1", "dst"));
  }

  @Test
  void aVmWithTwoVfsTakesTwoOfTheDestinationsVfsAndTwoSlots() {
    Lab lab = EvacuateTest.lab(2, spec -> {}, Map.of("dst", 3));
    new Attach(TestLab.fleet(lab, EventSink.none()), EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    EvacuationResult r = plan(lab, List.of());

    Move vm1 =
        r.plan().moves().stream().filter(m -> m.vm().equals("vm1")).findFirst().orElseThrow();
    assertThat(vm1.vfs()).isEqualTo(2);
    assertThat(vm1.deviceStateBytes()).isEqualTo(660_000_000L);
    assertThat(vm1.memoryBytes()).isEqualTo(1L << 30);
    assertThat(r.plan().moves()).hasSize(2);
  }

  @Test
  void aVmLeftTooFewVfsByTheVmsBeforeItIsToldHowManyToPrepare() {
    // dst has 2 free VFs: vm2 (1 VF, 6 GiB: planned first) takes one, vm1 needs 2.
    Lab lab =
        EvacuateTest.lab(
            2, spec -> spec.hosts.get("src").vms.get(1).memory = "6GiB", Map.of("dst", 2));
    new Attach(TestLab.fleet(lab, EventSink.none()), EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);

    EvacuationResult r = plan(lab, List.of());

    assertThat(r.plan().moves()).extracting(Move::vm).containsExactly("vm2");
    assertThat(r.cannotMove())
        .containsExactly(
            new Stuck(
                "vm1",
                "to dst: [destination-vf] its free prepared VFs go to the VMs planned before vm1"
                    + " (1 left, 2 needed)",
                "vfmigrate prepare --host dst --vfs 3 (VF count changes are refused while a VM"
                    + " uses one: migrate it first)"));
    Event.VmEvacuation cannot = evacuationEvents().get(1);
    assertThat(cannot)
        .isEqualTo(
            new Event.VmEvacuation("vm1", "cannot-move", "", 0, r.cannotMove().get(0).reason()));
  }

  @Test
  void eachDestinationsRefusalIsNamedAndEachFixOnce() {
    Lab lab = EvacuateTest.lab(1, PlannerTest::withDst2, Map.of());

    EvacuationResult r = plan(lab, List.of());

    assertThat(r.plan().moves()).isEmpty();
    Stuck stuck = r.cannotMove().get(0);
    assertThat(stuck.reason())
        .isEqualTo(
            "to dst: [destination-vf] dst has 0 free prepared VFs on 0000:e1:00.0; vm1 needs 1;"
                + " to dst2: [destination-vf] dst2 has 0 free prepared VFs on 0000:e1:00.0; vm1"
                + " needs 1");
    assertThat(stuck.fix())
        .isEqualTo("vfmigrate prepare --host dst --vfs 1; vfmigrate prepare --host dst2 --vfs 1");
  }

  @Test
  void aHostAloneInTheInventoryHasNowhereToSendItsVms() {
    Lab lab = EvacuateTest.lab(1, spec -> spec.hosts.remove("dst"), Map.of());
    Fleet fleet = TestLab.fleet(lab, EventSink.none());

    EvacuationResult r = plan(lab, List.of());

    assertThat(r.cannotMove())
        .containsExactly(
            new Stuck("vm1", "no other host to go to", "add a destination host to the inventory"));
    EvacuationResult run =
        new Evacuate(fleet, events, new Cancellation(), Optional.empty())
            .run(new EvacuateRequest("src", List.of(), 4, false, true));
    assertThat(run.outcome()).isEqualTo(Outcome.REFUSED);
    assertThat(run.migrations()).isEmpty();
  }
}
