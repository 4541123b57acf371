package io.vfmigrate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.vfmigrate.workflow.event.Event;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress of a migration, by the bytes the renderer writes. */
class ProgressBarTest {
  private static final long GIB = 1L << 30;

  private static Event.Progress sample(String phase, long done, long total, int seconds) {
    return new Event.Progress(phase, done, total, 300_000_000L, GIB, Duration.ofSeconds(seconds));
  }

  private static Event.CommandRan poll() {
    return new Event.CommandRan("src", List.of("virsh", "domjobinfo", "vm1"), 0, Duration.ZERO);
  }

  /** A migration as the workflow reports it: every sample follows a hidden poll command. */
  private static String render(boolean terminal, boolean ok) {
    StringWriter bytes = new StringWriter();
    HumanRenderer r = new HumanRenderer(new PrintWriter(bytes), false, terminal);
    r.emit(new Event.StepStarted("src", "migrate vm1 to dst"));
    r.emit(poll());
    r.emit(sample("none", 0, 300_000_000L, 0));
    for (int i = 1; i <= 9; i++) {
      r.emit(poll());
      r.emit(sample("active", i * 8 * GIB / 10 - 1, 8 * GIB, i));
    }
    if (ok) {
      r.emit(new Event.StepFinished("src", "migrate vm1 to dst", true));
    } else {
      r.emit(new Event.StepFinished("src", "migrate vm1 to dst", false));
      r.emit(new Event.StepStarted("dst", "undo: claim VF"));
      r.emit(new Event.StepFinished("dst", "undo: claim VF", true));
    }
    r.emit(new Event.StepStarted("dst", "verify the VM in the guest"));
    return bytes.toString();
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndEndsAt100Percent() {
    String out = render(true, true);
    assertThat(out).startsWith("[src] - migrate vm1 to dst\n\r");
    String bar = out.substring(out.indexOf('\r'), out.indexOf("[dst]"));
    assertThat(bar.chars().filter(c -> c == '\n').count())
        .as("one line, ended once: " + bar)
        .isEqualTo(1);
    assertThat(bar).endsWith("\n").doesNotContain("none ");
    assertThat(bar.split("\r", -1)).hasSize(11); // nine samples and the completed bar
    String lastDraw = bar.substring(bar.lastIndexOf('\r') + 1).stripTrailing();
    assertThat(lastDraw)
        .startsWith("completed [" + "#".repeat(30) + "] 100.0%")
        .contains("8.000 GiB of 8.000 GiB");
    assertThat(out).endsWith("[dst] - verify the VM in the guest\n");
  }

  @Test
  void elsewhereATenthOfTheWayIsALineAndTheLastSays100Percent() {
    String out = render(false, true);
    List<String> lines = out.lines().toList();
    assertThat(out).doesNotContain("\r");
    assertThat(lines.get(0)).isEqualTo("[src] - migrate vm1 to dst");
    assertThat(lines.subList(1, lines.size() - 1))
        .allSatisfy(l -> assertThat(l).matches("(active|completed) +\\[[#.]{30}].*"))
        .hasSizeLessThanOrEqualTo(11);
    assertThat(lines.get(lines.size() - 2)).startsWith("completed ").contains("100.0%");
  }

  @Test
  void aFailedTransferIsNotDrawnComplete() {
    String terminal = render(true, false);
    assertThat(terminal).doesNotContain("completed", "100.0%");
    assertThat(terminal)
        .contains("\n[src]   failed: migrate vm1 to dst\n[dst] - undo: claim VF\n[dst] - verify");
    assertThat(render(false, false)).doesNotContain("completed", "100.0%");
  }

  @Test
  void onlyACompletedTransferIsDrawnAt100Percent() {
    // Pages dirtied again are sent again: the bytes sent can pass the total before the end.
    String line =
        ProgressBar.line(
            sample("active", 9 * GIB, 8 * GIB, 9), ProgressBar.fraction(9 * GIB, 8 * GIB));
    assertThat(line).contains(" 99.9%").doesNotContain("100.0%");
  }

  @Test
  void aShorterLineCoversTheLongerOneBeforeIt() {
    StringWriter bytes = new StringWriter();
    ProgressBar bar = new ProgressBar(new PrintWriter(bytes), true);
    bar.show(new Event.Progress("active", GIB, 2 * GIB, 0, 123 * GIB, Duration.ofSeconds(100)));
    bar.show(new Event.Progress("active", GIB, 2 * GIB, 0, 0, Duration.ofSeconds(1)));
    String[] draws = bytes.toString().split("\r");
    assertThat(draws[2].length()).isEqualTo(draws[1].length());
  }
}
