package io.vfmigrate.tools.virsh;

import io.vfmigrate.model.Bandwidth;
import io.vfmigrate.model.ByteSize;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.tools.ToolOutputException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code virsh domjobinfo VM [--completed]}, parsed as tool-formats.md §5.4 describes {@code
 * cmdDomjobinfo} (the same in libvirt 6.x and 9.x): one {@code Label: value} line per field the
 * driver returned. Labels are padded with {@code %-17s} but longer ones push the value right, so
 * each line is split on its first {@code ':'}. Numbers are {@code %-12llu} plus a unit ({@code ms},
 * {@code pages/s}, {@code bytes}); sizes are {@code %.3lf} plus a binary unit ({@code 32.196 GiB});
 * rates add {@code /s}. A job of type None prints only its {@code Job type:} line; a completed job
 * has {@code Total downtime} where a running one has {@code Expected downtime}.
 *
 * <p>Remember (RHEL's limitation 1) that these numbers count guest RAM only, not the VF's device
 * state: use {@link QueryMigrate#vfioTransferred()} for that.
 *
 * @param type the job type
 * @param fields every line as label to raw value, in output order, including labels this class does
 *     not interpret
 */
public record JobInfo(JobType type, Map<String, String> fields) {
  private static final String TOOL = "virsh domjobinfo";
  private static final Pattern NUMBER_WITH_UNIT = Pattern.compile("(\\d+)(?:\\s+(\\S.*))?");

  public JobInfo {
    fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
  }

  /** Parses the output; unknown labels are kept, known ones must have the documented form. */
  public static JobInfo parse(String stdout) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String line : VirshText.lines(stdout)) {
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      fields.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
    }
    String type = fields.get("Job type");
    if (type == null) {
      throw new ToolOutputException(TOOL, "no 'Job type:' line", stdout);
    }
    JobInfo info = new JobInfo(JobType.of(type), fields);
    info.validate(stdout);
    return info;
  }

  public Optional<String> operation() {
    return Optional.ofNullable(fields.get("Operation"));
  }

  public Optional<Duration> timeElapsed() {
    return millis("Time elapsed");
  }

  public Optional<Duration> timeElapsedWithoutNetwork() {
    return millis("Time elapsed w/o network");
  }

  public Optional<Duration> timeRemaining() {
    return millis("Time remaining");
  }

  public Optional<ByteSize> dataProcessed() {
    return size("Data processed");
  }

  public Optional<ByteSize> dataRemaining() {
    return size("Data remaining");
  }

  public Optional<ByteSize> dataTotal() {
    return size("Data total");
  }

  public Optional<ByteSize> memoryProcessed() {
    return size("Memory processed");
  }

  public Optional<ByteSize> memoryRemaining() {
    return size("Memory remaining");
  }

  public Optional<ByteSize> memoryTotal() {
    return size("Memory total");
  }

  public Optional<Bandwidth> memoryBandwidth() {
    return rate("Memory bandwidth");
  }

  /** Guest pages dirtied per second. */
  public OptionalLong dirtyRatePagesPerSecond() {
    return count("Dirty rate");
  }

  public Optional<ByteSize> pageSize() {
    OptionalLong bytes = count("Page size");
    return bytes.isPresent() ? Optional.of(ByteSize.ofBytes(bytes.getAsLong())) : Optional.empty();
  }

  /** The number of pre-copy passes over guest RAM so far. */
  public OptionalLong iteration() {
    return count("Iteration");
  }

  public OptionalLong postcopyRequests() {
    return count("Postcopy requests");
  }

  public OptionalLong constantPages() {
    return count("Constant pages");
  }

  public OptionalLong normalPages() {
    return count("Normal pages");
  }

  public Optional<ByteSize> normalData() {
    return size("Normal data");
  }

  /** Present while a pre-copy migration runs. */
  public Optional<Duration> expectedDowntime() {
    return millis("Expected downtime");
  }

  /** Present for a completed job ({@code --completed}). */
  public Optional<Duration> totalDowntime() {
    return millis("Total downtime");
  }

  public Optional<Duration> downtimeWithoutNetwork() {
    return millis("Downtime w/o network");
  }

  public Optional<Duration> setupTime() {
    return millis("Setup time");
  }

  /** The failure reason of a failed job (libvirt 9.x+). */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(fields.get("Error message"));
  }

  private Optional<Duration> millis(String label) {
    OptionalLong ms = count(label);
    return ms.isPresent() ? Optional.of(Duration.ofMillis(ms.getAsLong())) : Optional.empty();
  }

  private OptionalLong count(String label) {
    String value = fields.get(label);
    if (value == null) {
      return OptionalLong.empty();
    }
    Matcher m = NUMBER_WITH_UNIT.matcher(value);
    if (!m.matches()) {
      throw new NumberFormatException(label + ": " + value);
    }
    return OptionalLong.of(Long.parseLong(m.group(1)));
  }

  private Optional<ByteSize> size(String label) {
    return Optional.ofNullable(fields.get(label)).map(ByteSize::parse);
  }

  private Optional<Bandwidth> rate(String label) {
    return Optional.ofNullable(fields.get(label)).map(Bandwidth::parse);
  }

  private void validate(String stdout) {
    try {
      timeElapsed();
      timeElapsedWithoutNetwork();
      timeRemaining();
      dataProcessed();
      dataRemaining();
      dataTotal();
      memoryProcessed();
      memoryRemaining();
      memoryTotal();
      memoryBandwidth();
      dirtyRatePagesPerSecond();
      pageSize();
      iteration();
      postcopyRequests();
      constantPages();
      normalPages();
      normalData();
      expectedDowntime();
      totalDowntime();
      downtimeWithoutNetwork();
      setupTime();
    } catch (NumberFormatException | InvalidInputException e) {
      throw new ToolOutputException(
          TOOL, "a value is not in the known form (" + e.getMessage() + ")", stdout);
    }
  }
}
