package io.vfmigrate.cli;

import io.vfmigrate.model.ByteSize;
import io.vfmigrate.workflow.evacuate.EvacuationSummary;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationKind;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.Sample;
import io.vfmigrate.workflow.journal.StepRecord;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code vfmigrate history} for people: a table of operations, or one operation and its steps. */
final class HistoryView {
  static final String UNFINISHED = "unfinished";
  private static final String UNKNOWN = "-";

  private final PrintWriter out;
  private final DateTimeFormatter localTime;

  HistoryView(PrintWriter out, ZoneId zone) {
    this.out = out;
    this.localTime = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss").withZone(zone);
  }

  /** The operation's own word for how it ended, or {@code unfinished}. */
  static String outcome(OperationRecord r) {
    return r.end().map(OperationEnd::outcome).orElse(UNFINISHED);
  }

  void list(List<OperationRecord> operations) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "ID", "KIND", "VM", "HOSTS", "STARTED", "DURATION", "OUTCOME", "DOWNTIME", "BYTES"
        });
    for (OperationRecord r : operations) {
      Optional<OperationEnd> end = r.end();
      rows.add(
          new String[] {
            r.id(),
            r.kind().label(),
            r.vm().orElse(UNKNOWN),
            hosts(r),
            localTime.format(r.started()),
            duration(r).map(HistoryView::duration).orElse(UNKNOWN),
            outcome(r),
            end.flatMap(OperationEnd::downtimeMs).map(HistoryView::duration).orElse(UNKNOWN),
            bytes(end)
          });
    }
    table(rows, "");
  }

  void show(
      OperationRecord r, List<StepRecord> steps, List<ClaimRecord> claims, List<Sample> samples) {
    Optional<OperationEnd> end = r.end();
    out.println("Operation " + r.id());
    field("kind", r.kind().label());
    field("vm", r.vm().orElse(UNKNOWN));
    field("hosts", hosts(r));
    field("started", localTime.format(r.started()));
    field(
        "ended",
        end.map(e -> localTime.format(e.ended()))
            .orElse(UNKNOWN + " (no end recorded: still running, or the process died)"));
    field("duration", duration(r).map(HistoryView::duration).orElse(UNKNOWN));
    field("outcome", outcome(r));
    if (end.isPresent()) {
      OperationEnd e = end.get();
      field("downtime", e.downtimeMs().map(HistoryView::duration).orElse(UNKNOWN));
      field("RAM sent", e.ramBytes().map(HistoryView::pretty).orElse(UNKNOWN));
      field("VF state", e.deviceStateBytes().map(HistoryView::pretty).orElse(UNKNOWN));
      Optional<EvacuationSummary> summary =
          r.kind() == OperationKind.EVACUATE
              ? EvacuationSummary.parse(e.detail())
              : Optional.empty();
      if (summary.isPresent()) {
        evacuation(summary.get());
      } else if (!e.detail().isBlank()) {
        field("detail", e.detail());
      }
    }
    field("arguments", r.arguments());
    field("process", r.pid() + " on " + r.machine());

    out.println();
    if (steps.isEmpty()) {
      out.println("No steps recorded.");
    } else {
      out.println("Steps");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"STATE", "DURATION", "HOST", "STEP"});
      for (StepRecord s : steps) {
        rows.add(
            new String[] {
              s.state().label(),
              s.ended().map(e -> duration(s.started(), e)).orElse(UNKNOWN),
              s.host(),
              s.description()
            });
        if (!s.command().isBlank()) {
          rows.add(new String[] {"", "", "", "$ " + s.command()});
        }
        for (String line : s.detail().strip().split("\n", -1)) {
          if (!line.isBlank()) {
            rows.add(new String[] {"", "", "", line});
          }
        }
      }
      table(rows, "  ");
    }

    if (!claims.isEmpty()) {
      out.println();
      out.println("Claims");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"HOST", "TAKEN", "RELEASED", "PATH"});
      for (ClaimRecord c : claims) {
        rows.add(
            new String[] {
              c.host(),
              localTime.format(c.taken()),
              c.released().map(localTime::format).orElse("still held"),
              c.path()
            });
      }
      table(rows, "  ");
    }

    if (!samples.isEmpty()) {
      Sample last = samples.get(samples.size() - 1);
      out.println();
      out.printf(
          "%s; the last, at %s: %s, %s of %s, VF state %s%n",
          Plural.of(samples.size(), "progress sample"),
          localTime.format(last.at()),
          last.phase(),
          pretty(last.bytesDone()),
          pretty(last.bytesTotal()),
          pretty(last.deviceStateBytes()));
    }
  }

  /** An evacuation's end in words: its figures, where each VM is, and which stayed and why. */
  private void evacuation(EvacuationSummary s) {
    field(
        "makespan",
        s.makespanMs().map(HistoryView::duration).orElse(UNKNOWN + " (no migration ran)")
            + ", lower bound "
            + duration(s.lowerBoundMs())
            + s.ratio().map(x -> String.format(Locale.ROOT, " (ratio %.2f)", x)).orElse(""));
    for (EvacuationSummary.Placement p : s.placements()) {
      field(p.vm(), "on " + p.where() + " (" + p.outcome() + ")");
    }
    for (EvacuationSummary.Stay st : s.stays()) {
      field(st.vm(), "stayed on " + st.source() + ": cannot move: " + st.reason());
    }
  }

  private void field(String name, String value) {
    out.printf("  %-10s %s%n", name, value);
  }

  /** Columns as wide as their widest cell; the last column is not padded. */
  private void table(List<String[]> rows, String indent) {
    int columns = rows.get(0).length;
    int[] width = new int[columns];
    for (String[] row : rows) {
      for (int i = 0; i < columns - 1; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder(indent);
      for (int i = 0; i < columns - 1; i++) {
        line.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
      }
      line.append(row[columns - 1]);
      out.println(line.toString().stripTrailing());
    }
  }

  private static String hosts(OperationRecord r) {
    return r.hosts().isEmpty() ? UNKNOWN : String.join(",", r.hosts());
  }

  /** The measured total time when there is one, else from the journal's own start and end. */
  private static Optional<Long> duration(OperationRecord r) {
    return r.end()
        .map(
            e ->
                e.totalTimeMs()
                    .orElseGet(() -> Duration.between(r.started(), e.ended()).toMillis()));
  }

  /** RAM and VF device state sent; {@code +?} marks a part that was not measured. */
  private static String bytes(Optional<OperationEnd> end) {
    Optional<Long> ram = end.flatMap(OperationEnd::ramBytes);
    Optional<Long> device = end.flatMap(OperationEnd::deviceStateBytes);
    if (ram.isEmpty() && device.isEmpty()) {
      return UNKNOWN;
    }
    String sum = pretty(ram.orElse(0L) + device.orElse(0L));
    return ram.isPresent() && device.isPresent() ? sum : sum + "+?";
  }

  private static String pretty(long bytes) {
    return ByteSize.ofBytes(bytes).pretty();
  }

  private static String duration(Instant from, Instant to) {
    return duration(Duration.between(from, to).toMillis());
  }

  static String duration(long ms) {
    if (ms < 1000) {
      return ms + " ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh %02dm", s / 3600, s % 3600 / 60);
  }
}
