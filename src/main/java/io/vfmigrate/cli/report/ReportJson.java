package io.vfmigrate.cli.report;

import io.vfmigrate.workflow.journal.DowntimeLimit;
import io.vfmigrate.workflow.journal.PredictionRecord;
import io.vfmigrate.workflow.report.EvacuationFacts;
import io.vfmigrate.workflow.report.Figure;
import io.vfmigrate.workflow.report.Lane;
import io.vfmigrate.workflow.report.MigrationFacts;
import io.vfmigrate.workflow.report.Occupancy;
import io.vfmigrate.workflow.report.OperationReport;
import io.vfmigrate.workflow.report.Pass;
import io.vfmigrate.workflow.report.Point;
import io.vfmigrate.workflow.report.StepLine;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vfmigrate report ID --json}: the report's facts as maps in the documented key order (times
 * ISO-8601 UTC with milliseconds; an unknown figure is null and its reason is under {@code
 * unknown}).
 */
public final class ReportJson {
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private ReportJson() {}

  public static Map<String, Object> of(OperationReport r) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("kind", r.kind());
    m.put("vm", r.vm().orElse(null));
    m.put("hosts", r.hosts());
    m.put("started", time(r.started()));
    m.put("ended", r.ended().map(ReportJson::time).orElse(null));
    m.put("outcome", r.outcome());
    m.put("detail", r.detail());
    m.put("total_time_ms", figure(r.totalTimeMs(), "total_time_ms", unknown));
    m.put("migrations", r.migrations().stream().map(ReportJson::migration).toList());
    m.put("evacuation", r.evacuation().map(ReportJson::evacuation).orElse(null));
    m.put("unknown", unknown);
    return m;
  }

  private static Map<String, Object> migration(MigrationFacts f) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    m.put("id", f.id());
    m.put("vm", f.vm());
    m.put("source", f.source());
    m.put("destination", f.destination());
    m.put("outcome", f.outcome());
    m.put("started", time(f.started()));
    m.put("ended", f.ended().map(ReportJson::time).orElse(null));
    m.put("detail", f.detail());
    m.put("total_time_ms", figure(f.totalTimeMs(), "total_time_ms", unknown));
    m.put("downtime_ms", figure(f.switchover().downtimeMs(), "downtime_ms", unknown));
    m.put("switchover_ms", f.switchover().atMs().orElse(null));
    m.put("ram_bytes", figure(f.ramBytes(), "ram_bytes", unknown));
    m.put("device_state_bytes", figure(f.deviceStateBytes(), "device_state_bytes", unknown));
    List<Map<String, Object>> samples = new ArrayList<>();
    for (Point p : f.points()) {
      Map<String, Object> s = new LinkedHashMap<>();
      s.put("elapsed_ms", p.elapsedMs());
      s.put("phase", p.phase());
      s.put("ram_bytes", p.ramBytes());
      s.put("device_state_bytes", p.deviceStateBytes());
      s.put("iteration", p.iteration().orElse(null));
      samples.add(s);
    }
    m.put("samples", samples);
    List<Map<String, Object>> passes = new ArrayList<>();
    for (Pass p : f.passes()) {
      passes.add(ordered("iteration", p.iteration(), "start_ms", p.startMs()));
    }
    m.put("passes", passes);
    List<Map<String, Object>> limits = new ArrayList<>();
    for (DowntimeLimit l : f.downtimeLimits()) {
      Map<String, Object> x = ordered("elapsed_ms", l.elapsedMs(), "iteration", l.iteration());
      x.put("limit_ms", l.limitMs());
      limits.add(x);
    }
    m.put("downtime_limits", limits);
    Map<String, Object> verify =
        ordered("state", f.verification().state(), "host", f.verification().host());
    verify.put("duration_ms", f.verification().durationMs());
    verify.put("detail", f.verification().detail());
    m.put("verify", verify);
    m.put("prediction", f.prediction().map(ReportJson::prediction).orElse(null));
    List<Map<String, Object>> steps = new ArrayList<>();
    for (StepLine s : f.steps()) {
      Map<String, Object> x = ordered("host", s.host(), "description", s.description());
      x.put("state", s.state());
      x.put("duration_ms", s.durationMs().orElse(null));
      x.put("detail", s.detail());
      steps.add(x);
    }
    m.put("steps", steps);
    m.put("unknown", unknown);
    return m;
  }

  private static Map<String, Object> prediction(PredictionRecord p) {
    Map<String, Object> m = ordered("total_ms", p.totalMs(), "total_low_ms", p.totalLowMs());
    m.put("total_high_ms", p.totalHighMs());
    m.put("downtime_ms", p.downtimeMs());
    m.put("downtime_low_ms", p.downtimeLowMs());
    m.put("downtime_high_ms", p.downtimeHighMs());
    m.put("converges", p.converges());
    m.put("basis", p.basis());
    // The model's own figures before calibration; null in journals older than schema version 4.
    m.put("model_total_ms", p.model().map(PredictionRecord.Model::totalMs).orElse(null));
    m.put("model_downtime_ms", p.model().map(PredictionRecord.Model::downtimeMs).orElse(null));
    return m;
  }

  private static Map<String, Object> evacuation(EvacuationFacts e) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, String> unknown = new LinkedHashMap<>();
    List<Map<String, Object>> lanes = new ArrayList<>();
    for (Lane l : e.lanes()) {
      Map<String, Object> x = ordered("id", l.migration().id(), "vm", l.migration().vm());
      x.put("start_ms", l.startMs());
      x.put("end_ms", l.endMs().orElse(null));
      lanes.add(x);
    }
    m.put("lanes", lanes);
    List<Map<String, Object>> occupancy = new ArrayList<>();
    for (Occupancy o : e.occupancy()) {
      Map<String, Object> x = ordered("at_ms", o.atMs(), "count", o.count());
      x.put("where", o.where());
      occupancy.add(x);
    }
    m.put("concurrency", occupancy);
    m.put("cap", e.cap());
    m.put("peak", e.peak());
    m.put("makespan_ms", figure(e.makespanMs(), "makespan_ms", unknown));
    m.put("unknown", unknown);
    return m;
  }

  private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(k1, v1);
    m.put(k2, v2);
    return m;
  }

  private static Long figure(Figure f, String name, Map<String, String> unknown) {
    if (f.value().isEmpty()) {
      unknown.put(name, f.whyUnknown());
    }
    return f.value().orElse(null);
  }

  private static String time(Instant at) {
    return ISO.format(at.truncatedTo(ChronoUnit.MILLIS));
  }
}
