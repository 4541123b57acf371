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
import io.vfmigrate.workflow.claims.Acquisition;
import io.vfmigrate.workflow.claims.ClaimLiveness;
import io.vfmigrate.workflow.claims.ClaimOwner;
import io.vfmigrate.workflow.claims.ClaimRequest;
import io.vfmigrate.workflow.claims.Claimant;
import io.vfmigrate.workflow.claims.Claims;
import io.vfmigrate.workflow.claims.ControlProcess;
import io.vfmigrate.workflow.claims.ProcessTable;
import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.event.RecordingEventSink;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
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
  void onLibvirt10TheAttachWarnsOfNothing() {
    prepare("src");
    RecordingEventSink events = new RecordingEventSink();
    new Attach(fleet, events).run("vm1", "src", Optional.empty(), Optional.empty(), false);
    assertThat(events.eventsOf(Event.Warning.class))
        .as("libvirt 10.10 binds mlx5_vfio_pci itself")
        .isEmpty();
  }

  @Test
  void onALibvirtBefore10TheAttachWorksAndSaysTheVfWillNotMigrate() {
    lab.exclusive(() -> lab.spec().hosts.get("src").packages.put("libvirt", "9.10.0"));
    prepare("src");
    RecordingEventSink events = new RecordingEventSink();

    AttachResult r =
        new Attach(fleet, events).run("vm1", "src", Optional.empty(), Optional.empty(), false);

    assertThat(new Virsh(fleet.get("src").host()).dumpxml("vm1").hostdevInterfaces())
        .extracting(h -> h.source())
        .containsExactly(r.vf());
    assertThat(events.eventsOf(Event.Warning.class))
        .containsExactly(
            new Event.Warning(
                "src",
                "libvirt 9.10.0 binds plain vfio-pci to a managed VF, which QEMU cannot migrate:"
                    + " the VM will not migrate with this VF until libvirt is 10.0 or later"
                    + " (vfmigrate check --host src gives the upgrade command)"));
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

  /** pid 7 runs on ctl-test; any other pid of ctl-test does not. */
  private static final Claims CLAIMS =
      new Claims(
          new ClaimLiveness(
              "ctl-test",
              pid ->
                  pid == 7
                      ? Optional.of(new ProcessTable.RunningProcess(pid, Optional.empty()))
                      : Optional.empty(),
              op -> false));

  private static final Claimant ME =
      new Claimant(CLAIMS, new ControlProcess("ctl-test", 7, Clock.systemUTC()), "attach-7-1");

  private void reserve(MacAddress mac, String operation, long pid) {
    assertThat(
            CLAIMS.acquire(
                fleet,
                ClaimRequest.macOnEvery(fleet.names(), mac),
                new ClaimOwner(operation, "ctl-test", pid, Instant.now())))
        .isInstanceOf(Acquisition.Acquired.class);
  }

  private static final MacAddress RESERVED = MacAddress.parse("52:54:00:aa:bb:cc");

  @Test
  void aMacReservedByAnotherLiveRunIsRefusedNamingItsHolder() {
    prepare("src");
    reserve(RESERVED, "attach-7-0", 7);

    assertThatThrownBy(
            () ->
                new Attach(fleet, EventSink.none(), ME)
                    .run("vm1", "src", Optional.empty(), Optional.of(RESERVED), false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("MAC 52:54:00:aa:bb:cc is reserved on dst")
        .hasMessageContaining("/run/vfmigrate/macs/52-54-00-aa-bb-cc")
        .hasMessageContaining("attach-7-0 on ctl-test, pid 7")
        .hasMessageContaining("(live)")
        .satisfies(
            e ->
                assertThat(((NotReadyException) e).fix())
                    .contains("wait for attach-7-0 (pid 7) to finish", "--mac auto"));
    assertThat(lab.hostSpec("src").vms.get(0).interfaces).as("nothing attached").hasSize(1);
    assertThat(Claims.list(fleet.get("src").host()))
        .as("the other run keeps its reservation; this run leaves none")
        .singleElement()
        .satisfies(c -> assertThat(c.owner().get().operation()).isEqualTo("attach-7-0"));
  }

  @Test
  void aMacReservedByADeadRunIsRefusedWithTheRecoverFix() {
    prepare("src");
    reserve(RESERVED, "attach-99-0", 99);

    assertThatThrownBy(
            () ->
                new Attach(fleet, EventSink.none(), ME)
                    .run("vm1", "src", Optional.empty(), Optional.of(RESERVED), false))
        .isInstanceOf(NotReadyException.class)
        .hasMessageContaining("(stale)")
        .satisfies(e -> assertThat(((NotReadyException) e).fix()).startsWith("vfmigrate recover"));
  }

  @Test
  void anAutoMacThatIsReservedIsSkipped() {
    prepare("src");
    MacAddress first = new MacAllocator(new Random(42)).allocate(Set.of());
    reserve(first, "attach-7-0", 7);

    AttachResult r =
        new Attach(fleet, EventSink.none(), ME, new MacAllocator(new Random(42)))
            .run("vm1", "src", Optional.empty(), Optional.empty(), false);
    assertThat(r.mac()).isNotEqualTo(first);
    assertThat(new Virsh(fleet.get("src").host()).dumpxml("vm1").macs()).contains(r.mac());
    assertThat(Claims.list(fleet.get("dst").host()))
        .extracting(c -> c.key())
        .containsExactly(ClaimRequest.macKey(first));
  }

  @Test
  void theMacIsReservedOnEveryHostAndTheVfClaimedWhileAttachingAndReleasedAfter() {
    prepare("src");
    AttachResult r = attach(Optional.empty(), Optional.of(RESERVED), false);
    assertThat(r.applied()).isTrue();
    assertThat(Claims.list(fleet.get("src").host())).isEmpty();
    assertThat(Claims.list(fleet.get("dst").host())).isEmpty();
    assertThat(lab.hostSpec("src").vms.get(0).interfaces.stream().map(i -> i.mac).toList())
        .contains("52:54:00:aa:bb:cc");
  }

  @Test
  void aFailedAttachReleasesItsReservations() {
    prepare("src");
    io.vfmigrate.lab.state.FaultSpec fault = new io.vfmigrate.lab.state.FaultSpec();
    fault.command = "virsh attach-device vm1";
    fault.exitCode = 1;
    fault.stderr = "error: Failed to attach device\n";
    lab.hostSpec("src").faults.add(fault);

    assertThatThrownBy(() -> attach(Optional.empty(), Optional.of(RESERVED), false))
        .hasMessageContaining("Failed to attach device");
    assertThat(Claims.list(fleet.get("src").host())).isEmpty();
    assertThat(Claims.list(fleet.get("dst").host())).isEmpty();
  }
}
