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
}
