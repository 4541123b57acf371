package io.vfmigrate.workflow.capture;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import io.vfmigrate.workflow.prepare.PrepareResult;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A capture of hosts reproduces them: read back as a lab, it has what they have. */
class HostCaptureTest {
  private static final PrepareOptions DEFAULTS = new PrepareOptions("br-vf", OptionalInt.empty());

  private static LabSpec captureAndLoad(Lab lab) {
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    List<CapturedHost> hosts = fleet.all().stream().map(m -> HostCapture.read(m, false)).toList();
    String yaml = LabDescriptionWriter.write(hosts, Optional.of("192.168.3.1"), "test");
    return LabStore.parse(yaml, "captured");
  }

  @Test
  void theBuiltInLabCapturedIsTheBuiltInLab() {
    Lab lab = TestLab.defaultLab();
    // the lab emulates no /etc/os-release nor /etc/hostname, and its OVS is stopped: said
    for (var m : TestLab.fleet(lab, EventSink.none()).all()) {
      assertThat(HostCapture.read(m, false).unread())
          .isNotEmpty()
          .allMatch(
              u -> u.startsWith("os: ") || u.startsWith("hostname: ") || u.startsWith("ovs: "));
    }
    LabSpec captured = captureAndLoad(lab);
    for (String name : List.of("src", "dst")) {
      HostSpec original = lab.hostSpec(name);
      HostSpec copy = captured.hosts.get(name);
      assertThat(copy.address).isEqualTo(original.address);
      assertThat(copy.kernel).isEqualTo(original.kernel);
      assertThat(copy.services).isEqualTo(original.services);
      assertThat(copy.packages.keySet()).containsAll(original.packages.keySet());
      assertThat(copy.nics.get(0).firmware).isEqualTo(original.nics.get(0).firmware);
      assertThat(copy.nics.get(0).psid).isEqualTo(original.nics.get(0).psid);
      assertThat(copy.nics.get(0).model).isEqualTo(original.nics.get(0).model);
      assertThat(copy.nics.get(0).netdev).isEqualTo(original.nics.get(0).netdev);
      assertThat(copy.nics.get(0).totalVfs).isEqualTo(original.nics.get(0).totalVfs);
      assertThat(copy.nics.get(0).eswitch).isEqualTo(original.nics.get(0).eswitch);
      assertThat(copy.vms).hasSameSizeAs(original.vms);
    }
    var vm = captured.hosts.get("src").vms.get(0);
    var original = lab.hostSpec("src").vms.get(0);
    assertThat(vm.name).isEqualTo(original.name);
    assertThat(ByteSize.parse(vm.memory)).isEqualTo(ByteSize.parse(original.memory));
    assertThat(vm.vcpus).isEqualTo(original.vcpus);
    assertThat(vm.interfaces.get(0).mac).isEqualTo(original.interfaces.get(0).mac);
  }

  @Test
  void aPreparedHostCapturedPlansNothingAndAFreshOnePlansTheSameSteps() {
    Lab lab = TestLab.defaultLab();
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    new Prepare(EventSink.none()).run(fleet.get("src"), DEFAULTS, false);
    Lab replica = new Lab(captureAndLoad(lab));
    Fleet replicaFleet = TestLab.fleet(replica, EventSink.none());

    assertThat(replica.hostSpec("src").nics.get(0).vfs.get(0).driver).isEqualTo("pci-stub");
    assertThat(replica.hostSpec("src").ovs.bridges.get("br-vf"))
        .containsExactlyInAnyOrder("enp225s0np0", "enp225s0npf0vf0");
    assertThat(new Prepare(EventSink.none()).run(replicaFleet.get("src"), DEFAULTS, true).steps())
        .isEmpty();
    PrepareResult original = new Prepare(EventSink.none()).run(fleet.get("dst"), DEFAULTS, true);
    PrepareResult copy = new Prepare(EventSink.none()).run(replicaFleet.get("dst"), DEFAULTS, true);
    assertThat(copy.steps()).isEqualTo(original.steps()).isNotEmpty();
  }
}
