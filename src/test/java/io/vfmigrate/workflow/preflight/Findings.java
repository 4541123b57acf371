package io.vfmigrate.workflow.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.Finding;
import io.vfmigrate.model.FindingStatus;
import io.vfmigrate.testing.TestLab;
import io.vfmigrate.workflow.event.EventSink;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Runs preflight on a lab scenario and picks findings out of its report. */
final class Findings {
  private Findings() {}

  /** Every finding of {@code check} on src and dst (without a VM) in the scenario. */
  static PreflightReport of(Consumer<LabSpec> scenario) {
    return of(TestLab.with(scenario), Optional.empty());
  }

  static PreflightReport of(Lab lab, Optional<String> vm) {
    return new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
        .run(List.of("src", "dst"), vm);
  }

  /** The finding {@code id} of dst alone, the only host checked. */
  static Finding onDst(Consumer<LabSpec> scenario, String id) {
    return onDst(TestLab.with(scenario), id);
  }

  static Finding onDst(Lab lab, String id) {
    PreflightReport r =
        new Preflight(TestLab.fleet(lab, EventSink.none()), EventSink.none())
            .run(List.of("dst"), Optional.empty());
    return find(r, id, "dst");
  }

  /** The pair finding {@code id} of src and dst. */
  static Finding onPair(Consumer<LabSpec> scenario, String id) {
    return find(of(scenario), id, "src,dst");
  }

  /** The one finding {@code id} about {@code host}. */
  static Finding find(PreflightReport r, String id, String host) {
    List<Finding> found =
        r.findings().stream().filter(f -> f.id().equals(id) && f.host().equals(host)).toList();
    assertThat(found).as("finding " + id + " on " + host + " in " + r).hasSize(1);
    return found.get(0);
  }

  /** The finding has exactly this status, detail and fix ("" for a pass). */
  static void assertFinding(Finding f, FindingStatus status, String detail, String fix) {
    assertThat(f.status()).as(f.toString()).isEqualTo(status);
    assertThat(f.detail()).as(f.toString()).isEqualTo(detail);
    assertThat(f.fix()).as(f.toString()).isEqualTo(fix);
  }

  /** A check that could not read what it needs fails, says so and gives a fix; it never passes. */
  static void assertCouldNotCheck(Finding f, String errorPart) {
    assertThat(f.status()).as(f.toString()).isEqualTo(FindingStatus.FAIL);
    assertThat(f.detail()).as(f.toString()).startsWith("could not check: ").contains(errorPart);
    assertThat(f.fix()).as(f.toString()).isNotBlank();
  }

  /** The command (an argv prefix) answers this way, as the real tool would, every time. */
  static FaultSpec answer(String command, int exitCode, String stdout, String stderr) {
    FaultSpec f = new FaultSpec();
    f.command = command;
    f.exitCode = exitCode;
    f.stdout = stdout;
    f.stderr = stderr;
    f.times = 100;
    return f;
  }
}
