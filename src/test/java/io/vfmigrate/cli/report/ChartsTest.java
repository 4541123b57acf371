package io.vfmigrate.cli.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.report.Figure;
import io.vfmigrate.workflow.report.MigrationFacts;
import io.vfmigrate.workflow.report.OperationReport;
import io.vfmigrate.workflow.report.Pass;
import io.vfmigrate.workflow.report.Point;
import io.vfmigrate.workflow.report.Switchover;
import io.vfmigrate.workflow.report.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The charts' axes, scales and labels, and how the page shows what is unknown. */
class ChartsTest {
  private static final long GIB = 1L << 30;
  private static final long MIB = 1L << 20;
  private static final Instant T0 = Instant.parse("2026-12-03T07:44:55.000Z");

  @Test
  void byteAxesTickInGibOrMibAtRoundSteps() {
    Axis ram = Axis.bytes(8.4 * GIB, 6);
    assertThat(ram.unit()).isEqualTo("GiB");
    assertThat(ram.ticks().stream().map(ram::label).toList())
        .containsExactly("0", "2", "4", "6", "8", "10");
    Axis device = Axis.bytes(286 * MIB, 4);
    assertThat(device.unit()).isEqualTo("MiB");
    assertThat(device.ticks().stream().map(device::label).toList())
        .containsExactly("0", "100", "200", "300");
    assertThat(device.max()).isEqualTo(300.0 * MIB);
  }

  @Test
  void timeAxesAreInMsBelowTwoSecondsAndSecondsWithDecimalsAbove() {
    Axis shortOne = Axis.millis(408, 4);
    assertThat(shortOne.unit()).isEqualTo("ms");
    assertThat(shortOne.ticks().stream().map(shortOne::label).toList())
        .containsExactly("0", "200", "400", "600");
    Axis longer = Axis.millis(2831, 10);
    assertThat(longer.unit()).isEqualTo("s");
    assertThat(longer.ticks().stream().map(longer::label).toList())
        .containsExactly("0.0", "0.5", "1.0", "1.5", "2.0", "2.5", "3.0");
  }

  @Test
  void anEmptyAxisStillHasATick() {
    Axis empty = Axis.bytes(0, 4);
    assertThat(empty.max()).isPositive();
    assertThat(empty.ticks()).hasSizeGreaterThan(1);
  }

  @Test
  void unitsReadAsAPersonWritesThem() {
    assertThat(Units.bytes(8 * GIB + GIB / 2)).isEqualTo("8.50 GiB");
    assertThat(Units.bytes(300 * MIB)).isEqualTo("300.0 MiB");
    assertThat(Units.millis(408)).isEqualTo("408 ms");
    assertThat(Units.millis(2831)).isEqualTo("2.83 s");
    assertThat(Units.millis(Figure.unknown("why"))).isEqualTo("unknown");
  }

  private static MigrationFacts migration(Switchover switchover, String outcome) {
    return new MigrationFacts(
        "op-1",
        "vm1",
        "src",
        "dst",
        outcome,
        T0,
        Optional.of(T0.plusSeconds(4)),
        "",
        Figure.known(3000),
        Figure.known(8 * GIB),
        Figure.known(300 * MIB),
        List.of(
            new Point(0, 0, 0, "setup", Optional.of(0L)),
            new Point(1500, 4 * GIB, 150 * MIB, "active", Optional.of(1L)),
            new Point(3000, 8 * GIB, 300 * MIB, "active", Optional.of(2L))),
        List.of(new Pass(1, 1500), new Pass(2, 3000)),
        List.of(new DowntimeLimit(T0, 0, 0, 300), new DowntimeLimit(T0, 2000, 2, 400)),
        switchover,
        new Verification("passed", "dst", 200, ""),
        Optional.of(new PredictionRecord(2800, 2500, 3300, 380, 350, 420, true, "assumed")),
        List.of());
  }

  /** The x pixel of the RAM series' last point: the plot's right edge at the axis's end. */
  @Test
  void theRamSeriesIsScaledToThePlotArea() {
    String svg =
        TransferChart.svg(
            migration(new Switchover(Optional.of(2600L), Figure.known(400)), "migrated"));
    Matcher m = Pattern.compile("<path d=\"([^\"]+)\" class=\"s-ram\"").matcher(svg);
    assertThat(m.find()).isTrue();
    String[] points = m.group(1).split(" L");
    assertThat(points[0])
        .isEqualTo(
            "M"
                + Svg.num(Plot.LEFT)
                + " "
                + Svg.num(TransferChart.RAM_TOP + TransferChart.RAM_HEIGHT));
    // 3000 ms on a 0..3 s axis is the right edge; 8 GiB on a 0..8 GiB axis is the top.
    assertThat(points[2]).isEqualTo(Svg.num(Plot.RIGHT) + " " + Svg.num(TransferChart.RAM_TOP));
    assertThat(svg).contains(">pass 1<", ">pass 2<", ">switchover<", ">downtime 400 ms<");
    assertThat(svg).contains("class=\"s-dev\"", "class=\"switch\"");
    assertThat(svg)
        .contains(
            ">RAM in sync (GiB)<", ">VF state (MiB)<", ">time since the transfer started (s)<");
  }

  @Test
  void anUnknownDowntimeIsDrawnAndWrittenAsUnknownNeverZero() {
    MigrationFacts m =
        migration(
            new Switchover(Optional.of(3000L), Figure.unknown("libvirt had no downtime")),
            "migrated");
    String svg = TransferChart.svg(m);
    assertThat(svg).contains("switch-unknown", ">downtime unknown<").doesNotContain("downtime 0");
    String prediction = PredictionChart.svg(m, m.prediction().orElseThrow());
    assertThat(prediction).contains("unknown: libvirt had no downtime");
    String page = HtmlPage.render(report(m));
    assertThat(page).contains("libvirt had no downtime").doesNotContain(">0 ms<");
  }

  @Test
  void theDowntimeLimitIsAStepLineWithEachRaiseLabelled() {
    String svg =
        LimitChart.svg(
            migration(new Switchover(Optional.of(2600L), Figure.known(400)), "migrated"));
    assertThat(svg).contains("class=\"s-limit\"", ">400 ms<", "class=\"measured\"");
  }

  @Test
  void thePageIsSelfContained() {
    String page =
        HtmlPage.render(
            report(migration(new Switchover(Optional.of(2600L), Figure.known(400)), "migrated")));
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>Migration of vm1 from src to dst</title>", "<svg", "@media print")
        .doesNotContain("<script", "http://", "https://", "@import", "url(", "<link");
  }

  @Test
  void textFromTheJournalIsEscaped() {
    MigrationFacts m =
        migration(
            new Switchover(Optional.empty(), Figure.unknown("<b>rolled</b> & back")),
            "rolled-back");
    assertThat(HtmlPage.render(report(m)))
        .contains("&lt;b&gt;rolled&lt;/b&gt; &amp; back")
        .doesNotContain("<b>rolled</b>");
  }

  private static OperationReport report(MigrationFacts m) {
    return new OperationReport(
        m.id(),
        "migrate",
        Optional.of(m.vm()),
        List.of("src", "dst"),
        T0,
        m.ended(),
        m.outcome(),
        "",
        m.totalTimeMs(),
        List.of(m),
        Optional.empty());
  }
}
