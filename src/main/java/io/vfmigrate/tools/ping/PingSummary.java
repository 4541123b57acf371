package io.vfmigrate.tools.ping;

import io.vfmigrate.tools.ToolOutputException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The statistics block at the end of {@code ping}, in both forms vfmigrate meets in guests
 * (tool-formats.md §8):
 *
 * <pre>
 * iputils (ping_common.c finish()):
 * 10 packets transmitted, 10 received, +2 duplicates, 0% packet loss, time 9012ms
 * rtt min/avg/max/mdev = 0.106/0.149/0.259/0.048 ms[, pipe 2][, ipg/ewma ...]
 *
 * BusyBox (networking/ping.c):
 * 3 packets transmitted, 3 packets received, 1 duplicates, 0% packet loss
 * round-trip min/avg/max = 0.070/0.080/0.090 ms
 * </pre>
 *
 * iputils prints the loss with {@code %g} ({@code 33.3333%}), may add {@code +N corrupted} and
 * {@code +N errors}, and omits the rtt line when nothing came back; BusyBox has no {@code time}.
 *
 * @param transmitted echo requests sent
 * @param received distinct replies received
 * @param duplicates duplicate replies
 * @param errors ICMP errors reported ({@code +N errors})
 * @param lossPercent the packet loss as printed
 * @param time the total time (iputils only)
 * @param rtt round-trip statistics, absent when nothing was received
 */
public record PingSummary(
    long transmitted,
    long received,
    long duplicates,
    long errors,
    BigDecimal lossPercent,
    Optional<Duration> time,
    Optional<RoundTrip> rtt) {
  private static final Pattern COUNTS =
      Pattern.compile("(\\d+) packets transmitted, (\\d+) (?:packets )?received((?:, [^,\\n]+)*)");
  private static final Pattern LOSS =
      Pattern.compile("([0-9]+(?:\\.[0-9]+)?(?:e[-+]?[0-9]+)?)% packet loss");
  private static final Pattern TIME = Pattern.compile("time (\\d+)ms");
  private static final Pattern EXTRA = Pattern.compile("\\+?(\\d+) (duplicates|corrupted|errors)");
  private static final Pattern RTT =
      Pattern.compile(
          "(?:rtt|round-trip) min/avg/max(/mdev)? = ([0-9.]+)/([0-9.]+)/([0-9.]+)(?:/([0-9.]+))? ms");

  /**
   * Round-trip times in milliseconds.
   *
   * @param mdev the mean deviation (iputils only)
   */
  public record RoundTrip(double min, double avg, double max, Optional<Double> mdev) {}

  public PingSummary {
    Objects.requireNonNull(lossPercent, "lossPercent");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(rtt, "rtt");
  }

  /** Parses the whole output of ping; the reply lines before the statistics are skipped. */
  public static PingSummary parse(String output) {
    String text = output == null ? "" : output;
    Matcher counts = COUNTS.matcher(text);
    if (!counts.find()) {
      throw new ToolOutputException("ping", "no 'packets transmitted' summary", text);
    }
    long duplicates = 0;
    long errors = 0;
    BigDecimal loss = null;
    Optional<Duration> time = Optional.empty();
    for (String part : counts.group(3).split(", ")) {
      String p = part.strip();
      Matcher m;
      if ((m = LOSS.matcher(p)).matches()) {
        loss = new BigDecimal(m.group(1));
      } else if ((m = TIME.matcher(p)).matches()) {
        time = Optional.of(Duration.ofMillis(Long.parseLong(m.group(1))));
      } else if ((m = EXTRA.matcher(p)).matches()) {
        long n = Long.parseLong(m.group(1));
        if (m.group(2).equals("duplicates")) {
          duplicates = n;
        } else if (m.group(2).equals("errors")) {
          errors = n;
        }
      }
    }
    if (loss == null) {
      throw new ToolOutputException("ping", "no packet loss in the summary", text);
    }
    Matcher r = RTT.matcher(text);
    Optional<RoundTrip> rtt = Optional.empty();
    if (r.find()) {
      rtt =
          Optional.of(
              new RoundTrip(
                  Double.parseDouble(r.group(2)),
                  Double.parseDouble(r.group(3)),
                  Double.parseDouble(r.group(4)),
                  Optional.ofNullable(r.group(5)).map(Double::parseDouble)));
    }
    return new PingSummary(
        Long.parseLong(counts.group(1)),
        Long.parseLong(counts.group(2)),
        duplicates,
        errors,
        loss,
        time,
        rtt);
  }

  /** True when every request was answered: {@code 0% packet loss}. */
  public boolean noLoss() {
    return transmitted > 0 && lossPercent.signum() == 0;
  }

  /** True when at least one reply came back (ping's exit code 0). */
  public boolean anyReceived() {
    return received > 0;
  }
}
