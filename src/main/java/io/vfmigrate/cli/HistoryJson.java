package io.vfmigrate.cli;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import io.vfmigrate.workflow.journal.ClaimRecord;
import io.vfmigrate.workflow.journal.OperationEnd;
import io.vfmigrate.workflow.journal.OperationRecord;
import io.vfmigrate.workflow.journal.StepRecord;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * What {@code vfmigrate history --json} prints, as records for {@link Json}'s one mapper: times in
 * ISO-8601 UTC with milliseconds, null for whatever is unknown.
 */
final class HistoryJson {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private HistoryJson() {}

  /** {@code vfmigrate history --json}. */
  record Operations(List<Operation> operations) {
    static Operations of(List<OperationRecord> records) {
      return new Operations(records.stream().map(Operation::of).toList());
    }
  }

  record Operation(
      String id,
      String kind,
      String vm,
      List<String> hosts,
      String started,
      String ended,
      String outcome,
      Long totalTimeMs,
      Long downtimeMs,
      Long ramBytes,
      Long deviceStateBytes,
      String detail,
      String machine,
      long pid,
      String arguments) {
    static Operation of(OperationRecord r) {
      Optional<OperationEnd> end = r.end();
      return new Operation(
          r.id(),
          r.kind().label(),
          r.vm().orElse(null),
          r.hosts(),
          time(r.started()),
          end.map(e -> time(e.ended())).orElse(null),
          HistoryView.outcome(r),
          end.flatMap(OperationEnd::totalTimeMs).orElse(null),
          end.flatMap(OperationEnd::downtimeMs).orElse(null),
          end.flatMap(OperationEnd::ramBytes).orElse(null),
          end.flatMap(OperationEnd::deviceStateBytes).orElse(null),
          end.map(OperationEnd::detail).orElse(null),
          r.machine(),
          r.pid(),
          r.arguments());
    }
  }

  /** {@code vfmigrate history ID --json}: the operation's fields, then what it did. */
  record Detail(
      @JsonUnwrapped Operation operation,
      List<Step> steps,
      List<Claim> claims,
      List<Sample> samples) {
    static Detail of(
        OperationRecord r,
        List<StepRecord> steps,
        List<ClaimRecord> claims,
        List<io.vfmigrate.workflow.journal.Sample> samples) {
      return new Detail(
          Operation.of(r),
          steps.stream().map(Step::of).toList(),
          claims.stream().map(Claim::of).toList(),
          samples.stream().map(Sample::of).toList());
    }
  }

  record Step(
      long id,
      String host,
      String description,
      String command,
      String state,
      String started,
      String ended,
      String detail) {
    static Step of(StepRecord s) {
      return new Step(
          s.id(),
          s.host(),
          s.description(),
          s.command(),
          s.state().label(),
          time(s.started()),
          s.ended().map(HistoryJson::time).orElse(null),
          s.detail());
    }
  }

  record Claim(String host, String path, String taken, String released) {
    static Claim of(ClaimRecord c) {
      return new Claim(
          c.host(), c.path(), time(c.taken()), c.released().map(HistoryJson::time).orElse(null));
    }
  }

  record Sample(
      String at,
      long elapsedMs,
      String phase,
      long bytesDone,
      long bytesTotal,
      long deviceStateBytes,
      long bytesPerSecond) {
    static Sample of(io.vfmigrate.workflow.journal.Sample s) {
      return new Sample(
          time(s.at()),
          s.elapsedMs(),
          s.phase(),
          s.bytesDone(),
          s.bytesTotal(),
          s.deviceStateBytes(),
          s.bytesPerSecond());
    }
  }

  static String time(Instant at) {
    return ISO.format(at.truncatedTo(ChronoUnit.MILLIS));
  }
}
