package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchScenariosTest {
  private static final long GIB = 1L << 30;
  private static final long B = 12_500_000_000L; // 100 Gbit/s

  @Test
  void totalBoundSendsRamAndInitialStateThenLoadsThenStopCopies() {
    // 8 GiB, one VF: 300 MB initial, 30 MB final, save 300 ms, load 1480 ms, switchover-ack.
    BenchScenarios.Bounds b =
        BenchScenarios.Bounds.of(8 * GIB, 300_000_000L, 30_000_000L, B, 300, 1480, true);

    assertThat(b.downtimeMs()).isEqualTo(2 + 300);
    assertThat(b.totalMs()).isEqualTo(711 + 1480 + 302);
    // Were the initial state sent before RAM, its load would overlap RAM's first pass.
    assertThat(b.totalAnyOrderMs()).isEqualTo(Math.max(714, 24 + 1480) + 302);
  }

  @Test
  void withoutSwitchoverAckTheLoadFallsInsideTheDowntime() {
    BenchScenarios.Bounds b =
        BenchScenarios.Bounds.of(8 * GIB, 300_000_000L, 30_000_000L, B, 300, 1480, false);

    assertThat(b.downtimeMs()).isEqualTo(2 + 300 + 1480);
    assertThat(b.totalMs()).isEqualTo(711 + 1782);
    assertThat(b.totalAnyOrderMs()).isEqualTo(714 + 1782);
  }

  @Test
  void theScenariosOfFourVfsCarryBothBoundsAndStayAboveThem() {
    BenchScenarios.Scenario sc = BenchScenarios.run("t", 4, "8GiB");

    assertThat(sc.totalBoundAnyOrderMs()).isLessThanOrEqualTo(sc.totalBoundMs());
    assertThat(sc.totalMs()).isGreaterThanOrEqualTo(sc.totalBoundMs());
    assertThat(sc.downtimeMs()).isGreaterThanOrEqualTo(sc.downtimeBoundMs());
    assertThat(sc.json())
        .containsKeys(
            "total_bound_ms", "downtime_bound_ms", "total_bound_any_order_ms", "total_ratio");
  }
}
