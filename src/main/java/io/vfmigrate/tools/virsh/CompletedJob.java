package io.vfmigrate.tools.virsh;

import io.vfmigrate.tools.ToolOutputException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The statistics of a finished migration job from {@code virsh domjobinfo VM --completed
 * --keep-completed --rawstats}: {@code Job type: N}, a blank line, then {@code field: value} lines
 * named after libvirt's typed parameters ({@code time_elapsed}, {@code downtime}, {@code
 * memory_processed}, {@code vfio_data_transferred} since libvirt 10.6, ...). Exact bytes, unlike
 * the rounded pretty form, and everything in one read.
 */
public record CompletedJob(int jobType, Map<String, String> fields) {
  private static final String TOOL = "virsh domjobinfo --rawstats";

  /** virDomainJobType COMPLETED. */
  public static final int COMPLETED = 3;

  public static CompletedJob parse(String stdout) {
    Map<String, String> fields = new LinkedHashMap<>();
    Integer type = null;
    for (String line : stdout.split("\n")) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).strip();
      String value = line.substring(colon + 1).strip();
      if (key.equals("Job type")) {
        try {
          type = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new ToolOutputException(TOOL, "the job type is not a number", stdout);
        }
      } else {
        fields.put(key, value);
      }
    }
    if (type == null) {
      throw new ToolOutputException(TOOL, "no 'Job type:' line", stdout);
    }
    return new CompletedJob(type, Map.copyOf(fields));
  }

  public boolean completed() {
    return jobType == COMPLETED;
  }

  private OptionalLong number(String field) {
    String v = fields.get(field);
    if (v == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(v));
    } catch (NumberFormatException e) {
      throw new ToolOutputException(TOOL, field + " is not a number: " + v, v);
    }
  }

  public OptionalLong timeElapsedMs() {
    return number("time_elapsed");
  }

  public OptionalLong downtimeMs() {
    return number("downtime");
  }

  public OptionalLong memoryProcessed() {
    return number("memory_processed");
  }

  /** What libvirt counts as the job's data: guest RAM only, the VF's state left out. */
  public OptionalLong dataProcessed() {
    return number("data_processed");
  }

  public OptionalLong iterations() {
    return number("memory_iteration");
  }

  /** The VF's device-state bytes (libvirt 10.6+); empty on older libvirt. */
  public OptionalLong vfioDataTransferred() {
    return number("vfio_data_transferred");
  }

  public Optional<String> field(String name) {
    return Optional.ofNullable(fields.get(name));
  }
}
