package io.vfmigrate.cli;

import io.vfmigrate.workflow.event.Event;
import io.vfmigrate.workflow.event.EventSink;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code --json} for long operations: one compact JSON object per progress event. */
final class JsonLinesRenderer implements EventSink {
  private final PrintWriter out;

  JsonLinesRenderer(PrintWriter out) {
    this.out = out;
  }

  @Override
  public void emit(Event event) {
    if (event instanceof Event.Progress p) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("event", "progress");
      m.put("phase", p.phase());
      m.put("bytes_done", p.bytesDone());
      m.put("bytes_total", p.bytesTotal());
      m.put("device_state_bytes", p.deviceStateBytes());
      m.put("bytes_per_second", p.bytesPerSecond());
      m.put("elapsed_ms", p.elapsed().toMillis());
      out.println(Json.compact(m));
      out.flush();
    }
  }
}
