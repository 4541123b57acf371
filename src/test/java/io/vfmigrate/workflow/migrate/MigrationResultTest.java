package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vfmigrate.model.PciAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A result says only what was measured: what the builder is not told is unknown (empty), never 0
 * posing as a measurement; what it is told lands in its own field; its lists cannot change later.
 */
class MigrationResultTest {
  private static final MigrateRequest ASKED = MigrateRequest.builder("vm1", "src", "dst").build();

  @Test
  void aResultNotToldAnythingIsAMigrationThatNeverStarted() {
    MigrationResult r = MigrationResult.builder(ASKED, MigrationOutcome.REFUSED).build();

    assertThat(r)
        .isEqualTo(
            new MigrationResult(
                "vm1",
                MigrationOutcome.REFUSED,
                "src",
                "dst",
                0,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Map.of(),
                List.of(),
                "",
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                MigrationTuning.NONE));
    assertThat(MigrationTuning.NONE)
        .isEqualTo(new MigrationTuning(Optional.empty(), 0, Optional.empty()));
  }

  @Test
  void eachFigureLandsInItsOwnField() {
    PciAddress from = PciAddress.parse("0000:e1:00.1");
    PciAddress to = PciAddress.parse("0000:e1:00.2");
    Refusal refusal = new Refusal("viommu", "vm1 has a virtual IOMMU", "remove it");
    MigrationTuning tuning = new MigrationTuning(Optional.of(true), 8, Optional.empty());
    MigrationResult r =
        MigrationResult.builder(ASKED, MigrationOutcome.MIGRATED)
            .totalTimeMs(4321)
            .downtimeMs(Optional.of(420L))
            .ramBytes(8_000)
            .deviceStateBytes(Optional.of(330L))
            .iterations(5)
            .libvirtReportedBytes(7_000)
            .verified(Optional.of(true))
            .refusals(List.of(refusal))
            .vfMapping(Map.of(from, to))
            .commands(List.of("virsh migrate vm1"))
            .rewrittenXml("<domain/>")
            .error(Optional.of("boom"))
            .unknownWhy(Optional.of("why"))
            .tuning(tuning)
            .build();

    assertThat(r)
        .isEqualTo(
            new MigrationResult(
                "vm1",
                MigrationOutcome.MIGRATED,
                "src",
                "dst",
                4321,
                Optional.of(420L),
                Optional.of(8_000L),
                Optional.of(330L),
                Optional.of(5L),
                Optional.of(7_000L),
                Optional.of(true),
                List.of(refusal),
                Map.of(from, to),
                List.of("virsh migrate vm1"),
                "<domain/>",
                Optional.of("boom"),
                Optional.empty(),
                Optional.of("why"),
                tuning));
  }

  @Test
  void itsListsAreItsOwn() {
    List<String> commands = new ArrayList<>(List.of("virsh migrate vm1"));
    List<Refusal> refusals = new ArrayList<>();
    Map<PciAddress, PciAddress> mapping = new HashMap<>();
    MigrationResult r =
        MigrationResult.builder(ASKED, MigrationOutcome.MIGRATED)
            .commands(commands)
            .refusals(refusals)
            .vfMapping(mapping)
            .build();

    commands.add("virsh undefine vm1");
    refusals.add(new Refusal("same-host", "same", "other"));
    mapping.put(PciAddress.parse("0000:e1:00.1"), PciAddress.parse("0000:e1:00.2"));

    assertThat(r.commands()).containsExactly("virsh migrate vm1");
    assertThat(r.refusals()).isEmpty();
    assertThat(r.vfMapping()).isEmpty();
    assertThatThrownBy(() -> r.commands().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
