package io.vfmigrate.workflow.migrate;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.tools.FakeHost.Fixtures;
import io.vfmigrate.tools.virsh.MigrationCapabilities;
import io.vfmigrate.tools.virsh.VirshVersion;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MultifdTest {
  private static final Optional<MigrationCapabilities> WITH_MULTIFD =
      Optional.of(
          MigrationCapabilities.parse(
              Fixtures.read("virsh/query-migrate-capabilities-8.2-migrating.json")));
  private static final List<String> VFIO_10 =
      List.of("host", "enable-migration", Multifd.VFIO_MULTIFD_PROPERTY);

  private static Optional<VirshVersion> qemu(String version) {
    return Optional.of(new VirshVersion("10.10.0", "10.10.0", "QEMU", Optional.of(version)));
  }

  @Test
  void bothQemu10WithTheVfioPropertyCarryTheVfStateOnSixChannels() {
    Multifd.Choice c =
        Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, VFIO_10, qemu("10.0.2"), true);

    assertThat(c.channels()).isEqualTo(Multifd.CHANNELS_WITH_VF);
    assertThat(c.deviceState()).isTrue();
  }

  @Test
  void aBuildWithoutTheVfioPropertyUsesMultifdForRamOnly() {
    Multifd.Choice c =
        Multifd.decide(
            Multifd.Mode.AUTO,
            WITH_MULTIFD,
            List.of("host", "enable-migration"),
            qemu("10.0.2"),
            true);

    assertThat(c.channels()).isEqualTo(Multifd.CHANNELS_WITH_VF);
    assertThat(c.deviceState()).isFalse();
    assertThat(c.why()).contains("main channel");
  }

  @Test
  void withoutAVfEightChannels() {
    assertThat(
            Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, List.of(), qemu("9.1.0"), false)
                .channels())
        .isEqualTo(Multifd.CHANNELS);
  }

  @Test
  void aSourceThatDoesNotReportMultifdGetsOneChannel() {
    Multifd.Choice c =
        Multifd.decide(Multifd.Mode.AUTO, Optional.empty(), VFIO_10, qemu("10.0.2"), true);

    assertThat(c.channels()).isZero();
    assertThat(c.why()).contains("multifd capability");
  }

  @Test
  void theOperatorDecidesOverWhatTheHostsReport() {
    assertThat(
            Multifd.decide(
                    new Multifd.Mode(true, Optional.empty()),
                    WITH_MULTIFD,
                    VFIO_10,
                    qemu("10.0.2"),
                    true)
                .channels())
        .isZero();
    assertThat(
            Multifd.decide(
                    new Multifd.Mode(false, Optional.of(3)),
                    Optional.empty(),
                    List.of(),
                    qemu("8.2.0"),
                    true)
                .channels())
        .isEqualTo(3);
  }

  /** QEMU 3.1's answer: multifd still had its {@code x-} prefix. */
  private static final Optional<MigrationCapabilities> QEMU_3_1 =
      Optional.of(
          MigrationCapabilities.parse(
              "{\"return\":[{\"state\":false,\"capability\":\"xbzrle\"},"
                  + "{\"state\":false,\"capability\":\"x-multifd\"}],\"id\":\"libvirt-9\"}"));

  @Test
  void bothQemu10WithTheVfioPropertySayWhy() {
    assertThat(Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, VFIO_10, qemu("10.0.2"), true))
        .isEqualTo(
            new Multifd.Choice(
                8, true, "both QEMUs support multifd, the VF's state included (QEMU 10.0)"));
  }

  @Test
  void aDestinationBelowQemu10KeepsTheVfStateOnTheMainChannel() {
    assertThat(Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, VFIO_10, qemu("9.2.0"), true))
        .isEqualTo(
            new Multifd.Choice(
                8,
                false,
                "both QEMUs support multifd for RAM; the VF's state stays on the main channel (no"
                    + " x-migration-multifd-transfer on both sides)"));
  }

  @Test
  void withoutAVfTheVfioPropertyDoesNotMatter() {
    assertThat(Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, VFIO_10, qemu("10.0.0"), false))
        .isEqualTo(new Multifd.Choice(8, false, "both QEMUs support multifd"));
  }

  @Test
  void aSourceThatListsOnlyTheExperimentalCapabilityGetsNoMultifd() {
    assertThat(Multifd.decide(Multifd.Mode.AUTO, QEMU_3_1, List.of(), qemu("9.1.0"), false))
        .isEqualTo(Multifd.Choice.none("the source's QEMU does not report the multifd capability"));
  }

  @Test
  void aDestinationOlderThanQemu4OrThatCannotSayGetsNoMultifd() {
    Multifd.Choice old =
        Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, List.of(), qemu("3.1.0"), false);
    assertThat(old)
        .isEqualTo(Multifd.Choice.none("the destination's QEMU is older than 4.0 (no multifd)"));
    assertThat(Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, List.of(), Optional.empty(), false))
        .isEqualTo(old);
    assertThat(
            Multifd.decide(Multifd.Mode.AUTO, WITH_MULTIFD, List.of(), qemu("4.0.0"), false)
                .channels())
        .isEqualTo(8);
  }

  @Test
  void theOperatorsChoicesSayWhoDecided() {
    assertThat(
            Multifd.decide(
                new Multifd.Mode(true, Optional.of(4)),
                WITH_MULTIFD,
                VFIO_10,
                qemu("10.0.2"),
                true))
        .isEqualTo(Multifd.Choice.none("--no-parallel"));
    // A count the operator gives still carries the VF's state when both sides can.
    assertThat(
            Multifd.decide(
                new Multifd.Mode(false, Optional.of(4)),
                Optional.empty(),
                VFIO_10,
                qemu("10.0.2"),
                true))
        .isEqualTo(new Multifd.Choice(4, true, "--parallel-connections"));
    assertThat(
            Multifd.decide(
                new Multifd.Mode(false, Optional.of(4)),
                WITH_MULTIFD,
                VFIO_10,
                qemu("10.0.2"),
                false))
        .isEqualTo(new Multifd.Choice(4, false, "--parallel-connections"));
  }

  @Test
  void versionsCompareByMajorThenMinor() {
    assertThat(Multifd.atLeast(qemu("10.0.0").orElseThrow(), 10, 0)).isTrue();
    assertThat(Multifd.atLeast(qemu("9.2.0").orElseThrow(), 10, 0)).isFalse();
    assertThat(Multifd.atLeast(qemu("11.0.0").orElseThrow(), 10, 5)).isTrue();
    assertThat(Multifd.atLeast(qemu("8.1.0").orElseThrow(), 8, 1)).isTrue();
    assertThat(Multifd.atLeast(qemu("8.0.2").orElseThrow(), 8, 1)).isFalse();
    assertThat(Multifd.atLeast(qemu("8").orElseThrow(), 8, 0)).as("no minor is .0").isTrue();
    assertThat(Multifd.atLeast(qemu("8").orElseThrow(), 8, 1)).isFalse();
    assertThat(Multifd.atLeast(qemu("x.1").orElseThrow(), 1, 0)).isFalse();
    assertThat(
            Multifd.atLeast(new VirshVersion("10.10.0", "10.10.0", "QEMU", Optional.empty()), 1, 0))
        .as("no QEMU version")
        .isFalse();
  }
}
