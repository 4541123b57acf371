package io.vfmigrate.workflow.attach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.model.DomainXml;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.model.PciAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.tools.virsh.Virsh;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class AttachTest {
  private final Lab lab = TestLab.defaultLab();
  private final Fleet fleet = TestLab.fleet(lab, EventSink.none());

  private void prepare(String host) {
    new Prepare(EventSink.none())
        .run(fleet.get(host), new PrepareOptions("br-vf", OptionalInt.empty()), false);
  }

  private AttachResult attach(Optional<PciAddress> vf, Optional<MacAddress> mac, boolean dryRun) {
    return new Attach(fleet, EventSink.none()).run("vm1", "src", vf, mac, dryRun);
  }

  @Test
  void attachGivesTheVmTheVfWithAUniqueMac() {
    prepare("src");
    prepare("dst");
    AttachResult r = attach(Optional.empty(), Optional.empty(), false);
    assertThat(r.vf()).isEqualTo(PciAddress.parse("0000:e1:00.1"));
    assertThat(r.mac().value()).startsWith("52:54:00:").isNotEqualTo("52:54:00:11:22:33");

    DomainXml xml = new Virsh(fleet.get("src").host()).dumpxml("vm1");
    assertThat(xml.hostdevInterfaces()).extracting(h -> h.source()).containsExactly(r.vf());
    assertThat(xml.macs()).contains(r.mac());
    VmSpec vm = lab.hostSpec("src").vms.get(0);
    assertThat(vm.interfaces).extracting(i -> i.type).contains("hostdev");
    assertThat(lab.hostSpec("src").files).as("the temporary XML file is removed").isEmpty();
  }

  @Test
  void aMacUsedByAnotherVmAnywhereIsRefused() {
    prepare("src");
    VmSpec other = new VmSpec();
    other.name = "vm2";
    InterfaceSpec nic = new InterfaceSpec();
    nic.mac = "52:54:00:aa:bb:cc";
    other.interfaces.add(nic);
    lab.hostSpec("dst").vms.add(other);
    assertThatThrownBy(
            () ->
                attach(Optional.empty(), Optional.of(MacAddress.parse("52:54:00:aa:bb:cc")), false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("vm2 on dst");
  }

  @Test
  void anUnpreparedHostIsRefusedWithTheFix() {
    assertThatThrownBy(() -> attach(Optional.empty(), Optional.empty(), false))
        .isInstanceOf(NotReadyException.class)
        .satisfies(
            e ->
                assertThat(((NotReadyException) e).fix()).contains("vfmigrate prepare --host src"));
  }

  @Test
  void aDryRunShowsTheProceduresXmlAndChangesNothing() {
    prepare("src");
    AttachResult r =
        attach(Optional.empty(), Optional.of(MacAddress.parse("52:54:00:56:8c:f7")), true);
    assertThat(r.applied()).isFalse();
    assertThat(r.interfaceXml())
        .contains("<interface type='hostdev' managed='yes'>")
        .contains("<mac address='52:54:00:56:8c:f7'/>")
        .contains("<address type='pci' domain='0x0000' bus='0xe1' slot='0x00' function='0x1'/>");
    assertThat(lab.hostSpec("src").vms.get(0).interfaces).hasSize(1);
  }
}
