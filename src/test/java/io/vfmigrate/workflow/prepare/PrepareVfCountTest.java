package io.vfmigrate.workflow.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.model.RolledBackException;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Changing the VF count and representor names the kernel gives: teardown stays complete. */
class PrepareVfCountTest {
  private static void prepare(Lab lab, int vfs) {
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    new Prepare(EventSink.none())
        .run(fleet.get("src"), new PrepareOptions("br-vf", OptionalInt.of(vfs)), false);
  }

  private static void teardown(Lab lab) {
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    new Teardown(EventSink.none()).run(fleet.get("src"), "br-vf", false);
  }

  @Test
  void fewerVfsTakeTheirRepresentorsOffTheBridgeSoTeardownIsComplete() {
    Lab lab = TestLab.defaultLab();
    prepare(lab, 4);
    assertThat(lab.hostSpec("src").ovs.bridges.get("br-vf")).hasSize(5);

    prepare(lab, 2);
    assertThat(lab.hostSpec("src").ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder("enp225s0np0", "enp225s0npf0vf0", "enp225s0npf0vf1");

    teardown(lab);
    assertThat(lab.hostSpec("src").ovs.bridges).isEmpty();
    assertThat(lab.hostSpec("src").nics.get(0).numVfs).isZero();
  }

  @Test
  void aShrinkThatFailsPutsTheRemovedPortsBack() {
    Lab lab = TestLab.defaultLab();
    prepare(lab, 4);
    FaultSpec fault = new FaultSpec();
    // A step after the ports of VFs 2 and 3 were removed: marking the new VF 1 migratable.
    fault.command = "devlink port function set pci/0000:e1:00.0/2 migratable enable";
    fault.stderr = "Error: a test fault.\n";
    lab.hostSpec("src").faults.add(fault);

    assertThatThrownBy(() -> prepare(lab, 2)).isInstanceOf(RolledBackException.class);
    assertThat(lab.hostSpec("src").nics.get(0).numVfs).isEqualTo(4);
    assertThat(lab.hostSpec("src").ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder(
            "enp225s0np0",
            "enp225s0npf0vf0",
            "enp225s0npf0vf1",
            "enp225s0npf0vf2",
            "enp225s0npf0vf3");
  }

  @Test
  void representorNamesOverFifteenCharactersAreTheKernelsEthNames() {
    Lab lab = TestLab.with(spec -> TestLab.nic(spec, "src").netdev = "enp225s0f0np0");
    prepare(lab, 2);
    assertThat(lab.hostSpec("src").ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder("enp225s0f0np0", "eth0", "eth1");

    teardown(lab);
    assertThat(lab.hostSpec("src").ovs.bridges).isEmpty();
  }
}
