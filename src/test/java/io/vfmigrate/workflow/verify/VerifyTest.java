package io.vfmigrate.workflow.verify;

import static io.vfmigrate.testing.MigrationFixture.ready;
import static io.vfmigrate.testing.MigrationFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.host.InventoryEntry;
import io.vfmigrate.host.ManagedHost;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.InterfaceSpec;
import io.vfmigrate.lab.state.VfSpec;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.model.NotReadyException;
import io.vfmigrate.testing.MigrationFixture;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code verify} and {@code migrate}'s verification check the same interface and say which. */
class VerifyTest {
  private static MigrationResult migrate(Lab lab) {
    return MigrationFixture.migrate(lab, request());
  }

  private static VerifyReport verify(Lab lab) {
    return new Verify(TestLab.fleet(lab, EventSink.none()), EventSink.none())
        .run("vm1", Optional.empty(), Optional.empty());
  }

  @Test
  void aVmWithoutAVfIsVerifiedThroughItsFirstNicByMigrateAndByVerifyAlike() {
    Lab lab = TestLab.defaultLab();

    MigrationResult migrated = migrate(lab);
    VerifyReport plain = verify(lab);

    assertThat(migrated.outcome()).isEqualTo(MigrationOutcome.MIGRATED);
    VerifyReport during = migrated.verification().orElseThrow();
    assertThat(during.checked()).contains(VerifiedInterface.FIRST_NIC);
    assertThat(plain.checked()).contains(VerifiedInterface.FIRST_NIC);
    assertThat(plain.mac()).isEqualTo(during.mac()).contains("52:54:00:11:22:33");
    assertThat(plain.guestInterface()).isEqualTo(during.guestInterface()).contains("eth0");
    // In the lab only a VF reaches the VF network's peer: both say so, in the same words.
    assertThat(migrated.verified()).contains(plain.ok());
    assertThat(plain.problems()).isEqualTo(during.problems());
    assertThat(plain.describeChecked())
        .isEqualTo("first NIC (the VM has no VF) eth0 (52:54:00:11:22:33)");
  }

  @Test
  void aVmWithAVfIsVerifiedThroughTheVfByBoth() {
    Lab lab = ready();

    MigrationResult migrated = migrate(lab);
    VerifyReport plain = verify(lab);

    assertThat(migrated.verification().orElseThrow().checked()).contains(VerifiedInterface.VF);
    assertThat(plain.checked()).contains(VerifiedInterface.VF);
    assertThat(plain.mac()).isEqualTo(migrated.verification().orElseThrow().mac());
    assertThat(plain.describeChecked()).startsWith("VF interface ");
  }

  @Test
  void anAskedMacIsCheckedAndNamedSo() {
    Lab lab = TestLab.defaultLab();
    VerifyReport r =
        new Verify(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(
                "vm1",
                Optional.empty(),
                Optional.empty(),
                Optional.of(MacAddress.parse("52:54:00:11:22:33")));
    assertThat(r.checked()).contains(VerifiedInterface.ASKED);
    assertThat(r.describeChecked()).isEqualTo("interface eth0 (52:54:00:11:22:33)");
  }

  private static InterfaceSpec vfInterface(Lab lab) {
    return lab.hostSpec("src").vms.get(0).interfaces.stream()
        .filter(i -> "hostdev".equals(i.type))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aVmWithAWorkingVfPassesWithItsAddressAndNoLoss() {
    Lab lab = ready();
    VerifyReport r = verify(lab);
    assertThat(r.problems()).isEmpty();
    assertThat(r.ok()).isTrue();
    assertThat(r.host()).isEqualTo("src");
    assertThat(r.ipv4()).contains("192.168.3.10/24");
    assertThat(r.target()).contains("192.168.3.1");
    assertThat(r.packetLoss()).contains(0.0);
    assertThat(r.guestInterface()).contains(vfInterface(lab).guestName);
  }

  @Test
  void aVfWhoseLinkIsDownFailsAndIsNotPinged() {
    Lab lab = ready();
    InterfaceSpec iface = vfInterface(lab);
    VfSpec vf =
        lab.hostSpec("src").nics.get(0).vfs.stream()
            .filter(v -> v.pci.equals(iface.pci))
            .findFirst()
            .orElseThrow();
    vf.driver = "mlx5_core"; // no longer bound to VFIO: the guest's VF has no carrier

    VerifyReport r = verify(lab);

    assertThat(r.ok()).isFalse();
    assertThat(r.problems()).containsExactly("guest interface " + iface.guestName + " is not up");
    assertThat(r.packetLoss()).as("no ping through a link that is down").isEmpty();
  }

  @Test
  void anInterfaceWithoutAnIpv4AddressFails() {
    Lab lab = TestLab.with(spec -> spec.hosts.get("src").vms.get(0).interfaces.get(0).ip = null);
    VerifyReport r =
        new Verify(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(
                "vm1",
                Optional.empty(),
                Optional.empty(),
                Optional.of(MacAddress.parse("52:54:00:11:22:33")));
    assertThat(r.ok()).isFalse();
    assertThat(r.ipv4()).isEmpty();
    assertThat(r.problems()).containsExactly("guest interface eth0 has no IPv4 address");
    assertThat(r.packetLoss()).isEmpty();
  }

  @Test
  void withoutAPingTargetVerifySaysHowToGiveOne() {
    Lab lab = ready();
    Fleet labFleet = TestLab.fleet(lab, EventSink.none());
    ManagedHost src = labFleet.get("src");
    InventoryEntry noTarget =
        InventoryEntry.basic(
            "src",
            "lab",
            "192.0.2.11",
            src.pf(),
            InventoryEntry.defaultUri("192.0.2.11"),
            InventoryEntry.DEFAULT_BRIDGE,
            Optional.empty());
    Fleet fleet = new Fleet(List.of(new ManagedHost(noTarget, src.host())));

    VerifyReport r =
        new Verify(fleet, EventSink.none()).run("vm1", Optional.of("src"), Optional.empty());

    assertThat(r.problems())
        .containsExactly("no ping target: give --target IP or set ping_target in the inventory");
    assertThat(r.target()).isEmpty();
    VerifyReport given =
        new Verify(fleet, EventSink.none())
            .run("vm1", Optional.of("src"), Optional.of("192.168.3.1"));
    assertThat(given.problems()).isEmpty();
    assertThat(given.target()).contains("192.168.3.1");
  }

  @Test
  void aMacTheGuestDoesNotShowIsAProblemNamingIt() {
    VerifyReport r =
        new Verify(TestLab.fleet(TestLab.defaultLab(), EventSink.none()), EventSink.none())
            .run(
                "vm1",
                Optional.empty(),
                Optional.empty(),
                Optional.of(MacAddress.parse("52:54:00:99:99:99")));
    assertThat(r.problems())
        .containsExactly(
            "the guest shows no interface with the MAC 52:54:00:99:99:99 of the interface");
    assertThat(r.guestInterface()).isEmpty();
  }

  @Test
  void aVmThatIsNotRunningOrNotThereIsNotReady() {
    Lab lab = TestLab.with(spec -> spec.hosts.get("src").vms.get(0).state = "shut off");
    Verify verify = new Verify(TestLab.fleet(lab, EventSink.none()), EventSink.none());
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> verify.run("vm1", Optional.of("src"), Optional.empty()))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("vm1 is shut off on src.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> verify.run("vm1", Optional.of("dst"), Optional.empty()))
        .isInstanceOf(NotReadyException.class)
        .hasMessageStartingWith("vm1 is not defined on dst.");
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> verify.run("vm1", Optional.empty(), Optional.empty()))
        .isInstanceOf(NotReadyException.class)
        .hasMessage("vm1 is not running on any host (src, dst).");
  }
}
