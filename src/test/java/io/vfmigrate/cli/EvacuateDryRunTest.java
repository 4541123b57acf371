package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evacuate --dry-run} on the six-VM rehearsal ({@code examples/evacuate-six.yaml}). */
class EvacuateDryRunTest {
  @TempDir Path home;

  @Test
  void eachVmIsNamedOnceInThePlanAndTheOneThatCannotMoveOnceWithItsFix() {
    CliRun init = CliRun.run(home, "lab", "init", "--from", "examples/evacuate-six.yaml");
    assertThat(init.exitCode).as(init.toString()).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "src", "--vfs", "6").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst", "--vfs", "5").exitCode).isZero();
    for (int i = 1; i <= 6; i++) {
      CliRun a = CliRun.run(home, "attach", "vm" + i, "--host", "src");
      assertThat(a.exitCode).as(a.toString()).isZero();
    }

    CliRun plan = CliRun.run(home, "evacuate", "--host", "src", "--dry-run");

    assertThat(plan.exitCode).as(plan.toString()).isEqualTo(3);
    for (int i = 1; i <= 5; i++) {
      String vm = "vm" + i;
      assertThat(plan.out.lines().filter(l -> l.contains(vm + " ")))
          .as(plan.out)
          .hasSize(1)
          .allMatch(l -> l.startsWith("  " + vm + " -> dst  1 VF, predicted "));
    }
    assertThat(plan.out.lines().filter(l -> l.contains("vm6")))
        .as(plan.out)
        .hasSize(1)
        .allMatch(l -> l.startsWith("  vm6 stays on src: cannot move: "));
    assertThat(plan.out).contains("    fix: ", "Outcome: planned").doesNotContain("plan: ");
  }
}
