package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.model.Finding;
import io.vfmigrate.workflow.preflight.PreflightReport;
import io.vfmigrate.workflow.prepare.PrepareResult;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What vfmigrate says: counts, wrong names, fixes with real commands, honest summaries. */
class MessagesTest {
  @TempDir Path home;

  /** Creates the lab from the built-in description changed by {@code edit}. */
  private void labWith(java.util.function.UnaryOperator<String> edit) throws Exception {
    String lab =
        new String(
            MessagesTest.class.getResourceAsStream("/lab/default.yaml").readAllBytes(),
            StandardCharsets.UTF_8);
    Path description = Files.writeString(home.resolve("lab.yaml"), edit.apply(lab));
    CliRun init = CliRun.run(home, "lab", "init", "--from", description.toString());
    assertThat(init.exitCode).as(init.toString()).isZero();
  }

  private void prepareBothAndAttach() {
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    assertThat(CliRun.run(home, "prepare", "--host", "dst").exitCode).isZero();
    assertThat(CliRun.run(home, "attach", "vm1", "--host", "src").exitCode).isZero();
  }

  @Test
  void countsOfOneAreSingular() {
    assertThat(Plural.of(0, "step")).isEqualTo("0 steps");
    assertThat(Plural.of(1, "step")).isEqualTo("1 step");
    assertThat(Plural.of(2, "warning")).isEqualTo("2 warnings");

    StringWriter table = new StringWriter();
    new FindingsTable(new PrintWriter(table), new Style(false))
        .print(
            new PreflightReport(
                List.of(
                    Finding.pass("a", "src", "fine"),
                    Finding.warn("b", "src", "old", "update it"))));
    assertThat(table.toString()).contains("1 passed, 1 warning, 0 failed: ready");

    StringWriter out = new StringWriter();
    CliContext ctx =
        new CliContext(new PrintWriter(out), new PrintWriter(new StringWriter()), Map.of());
    PrepareResult one =
        new PrepareResult(
            "src",
            List.of(
                new PrepareResult.PlannedStep("start openvswitch", "systemctl start openvswitch")),
            true,
            false);
    PlanPrinter.print(ctx, one, false, false, "prepare");
    PlanPrinter.print(ctx, one, false, true, "prepare");
    ctx.out().flush();
    assertThat(out.toString()).contains("src: 1 step applied.", "--host src: 1 step\n");
  }

  @Test
  void aVmNoHostDefinesIsInvalidInput() {
    for (String[] args :
        List.of(
            new String[] {"attach", "nosuch", "--host", "src"},
            new String[] {"migrate", "nosuch", "--from", "src", "--to", "dst"},
            new String[] {"migrate", "nosuch", "--from", "src", "--to", "dst", "--dry-run"},
            new String[] {"verify", "nosuch"},
            new String[] {"verify", "nosuch", "--host", "dst"})) {
      CliRun r = CliRun.run(home, args);
      assertThat(r.exitCode).as(String.join(" ", args) + ": " + r).isEqualTo(2);
      assertThat(r.err)
          .contains("No host has a VM (libvirt domain) named nosuch", "virsh list --all");
    }
    CliRun history = CliRun.run(home, "history", "--json");
    assertThat(history.out).as("nothing was journaled").doesNotContain("nosuch");
  }

  @Test
  void aVmOnAnotherHostOrNotRunningIsNotReady() throws Exception {
    CliRun elsewhere = CliRun.run(home, "attach", "vm1", "--host", "dst");
    assertThat(elsewhere.exitCode).as(elsewhere.toString()).isEqualTo(3);
    assertThat(elsewhere.err)
        .contains("no domain named vm1 on dst. It is defined on src.")
        .contains("fix: vfmigrate attach vm1 --host src");
    CliRun verifyElsewhere = CliRun.run(home, "verify", "vm1", "--host", "dst");
    assertThat(verifyElsewhere.exitCode).isEqualTo(3);
    assertThat(verifyElsewhere.err).contains("It is defined on src.");

    labWith(lab -> lab.replace("state: running", "state: shut off"));
    assertThat(CliRun.run(home, "prepare", "--host", "src").exitCode).isZero();
    CliRun attach = CliRun.run(home, "attach", "vm1", "--host", "src");
    assertThat(attach.exitCode).as(attach.toString()).isEqualTo(3);
    assertThat(attach.err).contains("vm1 is shut off on src", "virsh start vm1");
    assertThat(CliRun.run(home, "verify", "vm1").exitCode).isEqualTo(3);
    assertThat(CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst").exitCode)
        .isEqualTo(3);
  }

  @Test
  void aRefusalToTakeAVfAwayNamesRealCommands() {
    prepareBothAndAttach();
    for (String[] args :
        List.of(
            new String[] {"teardown", "--host", "src"},
            new String[] {"prepare", "--host", "src", "--vfs", "2"})) {
      CliRun r = CliRun.run(home, args);
      assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
      assertThat(r.err)
          .contains("vfmigrate migrate vm1 --from src --to HOST")
          .contains("virsh dumpxml vm1")
          .contains("virsh detach-device vm1 FILE --live --config")
          .doesNotContain("detach its VF first");
    }
  }

  @Test
  void aMigrationFromTheWrongHostSaysWhichFromToGive() {
    // vm1 runs on src: --from dst names src's counterpart, dst, as where it is not.
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "dst", "--to", "src");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(3);
    assertThat(r.out)
        .contains("vm1 is not defined on dst; it is on src already")
        .contains("give --from src (vfmigrate migrate vm1 --from src --to HOST)");
  }

  @Test
  void aDryRunClaimsNothing() {
    prepareBothAndAttach();
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst", "--dry-run");
    assertThat(r.exitCode).as(r.toString()).isZero();
    assertThat(r.out)
        .contains("VF 0000:e1:00.1 on src -> would claim VF 0000:e1:00.1 on dst")
        .doesNotContain("claimed");
  }

  @Test
  void aMigrationThatNeverTransferredShowsNoStatistics() throws Exception {
    labWith(
        lab ->
            lab.replaceFirst(
                "(services: \\{libvirtd: active, openvswitch: inactive}\n)",
                "$1    faults:\n"
                    + "      - {command: \"virsh migrate\", exit_code: 1, stderr: \"error:"
                    + " unable to connect to server at 'dst.lab.example:49152': Connection"
                    + " refused\"}\n"));
    prepareBothAndAttach();
    CliRun r = CliRun.run(home, "migrate", "vm1", "--from", "src", "--to", "dst");
    assertThat(r.exitCode).as(r.toString()).isEqualTo(4);
    assertThat(r.out)
        .contains("Migration of vm1 from src to dst: rolled-back", "Connection refused")
        .doesNotContain("total time", "0 ms", "0.000 B", "pre-copy", "libvirt reported");
  }
}
