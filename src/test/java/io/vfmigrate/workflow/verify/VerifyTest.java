package io.vfmigrate.workflow.verify;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.host.Fleet;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.model.MacAddress;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.attach.Attach;
import io.vfmigrate.workflow.event.EventSink;
import io.vfmigrate.workflow.migrate.Cancellation;
import io.vfmigrate.workflow.migrate.Migrate;
import io.vfmigrate.workflow.migrate.MigrateRequest;
import io.vfmigrate.workflow.migrate.MigrationOutcome;
import io.vfmigrate.workflow.migrate.MigrationResult;
import io.vfmigrate.workflow.prepare.Prepare;
import io.vfmigrate.workflow.prepare.PrepareOptions;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code verify} and {@code migrate}'s verification check the same interface and say which. */
class VerifyTest {
  private static MigrationResult migrate(Lab lab) {
    return new Migrate(TestLab.fleet(lab, EventSink.none()), EventSink.none(), new Cancellation())
        .run(
            new MigrateRequest(
                "vm1",
                "src",
                "dst",
                false,
                Optional.empty(),
                true,
                false,
                false,
                MigrateRequest.DEFAULT_MAX_DOWNTIME));
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
    Lab lab = TestLab.defaultLab();
    Fleet fleet = TestLab.fleet(lab, EventSink.none());
    PrepareOptions options = new PrepareOptions("br-vf", OptionalInt.empty());
    new Prepare(EventSink.none()).run(fleet.get("src"), options, false);
    new Prepare(EventSink.none()).run(fleet.get("dst"), options, false);
    new Attach(fleet, EventSink.none())
        .run("vm1", "src", Optional.empty(), Optional.empty(), false);

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
}
