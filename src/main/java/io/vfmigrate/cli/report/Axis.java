package io.vfmigrate.cli.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One axis of a chart: from 0 to a round maximum, ticks at 1, 2 or 5 times a power of ten of the
 * axis's unit (MiB or GiB for bytes, ms or s for time), each labelled with that unit.
 *
 * @param max the axis's end in raw units (bytes, ms), at least the data's maximum
 * @param step the distance between ticks in raw units
 * @param divisor raw units per display unit (1 GiB = 2^30 bytes, 1 s = 1000 ms)
 * @param unit the display unit's name
 */
public record Axis(double max, double step, double divisor, String unit) {
  static final long MIB = 1L << 20;
  static final long GIB = 1L << 30;

  /** Ticks for data up to {@code max} in {@code unit}s of {@code divisor}, about {@code target}. */
  static Axis of(double max, int target, double divisor, String unit) {
    double scaled = max <= 0 ? 1 : max / divisor;
    double rough = scaled / Math.max(1, target);
    double power = Math.pow(10, Math.floor(Math.log10(rough)));
    double step = power;
    for (double m : new double[] {1, 2, 5, 10}) {
      step = m * power;
      if (step >= rough) {
        break;
      }
    }
    double end = Math.ceil(scaled / step - 1e-9) * step;
    return new Axis(end * divisor, step * divisor, divisor, unit);
  }

  /** A byte axis: GiB from 1 GiB up, else MiB. */
  public static Axis bytes(double max, int target) {
    return max >= GIB ? of(max, target, GIB, "GiB") : of(max, target, MIB, "MiB");
  }

  /** A time axis in ms: seconds from 2 s up, else milliseconds. */
  public static Axis millis(double max, int target) {
    return max >= 2000 ? of(max, target, 1000, "s") : of(max, target, 1, "ms");
  }

  /** The tick values in raw units, from 0 to {@link #max} inclusive. */
  public List<Double> ticks() {
    List<Double> out = new ArrayList<>();
    long n = Math.round(max / step);
    for (long i = 0; i <= n; i++) {
      out.add(i * step);
    }
    return out;
  }

  /** A tick's label: the value in display units with as many decimals as the step needs. */
  public String label(double raw) {
    double v = raw / divisor;
    double s = step / divisor;
    int decimals = s >= 1 ? 0 : (int) Math.ceil(-Math.log10(s) - 1e-9);
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }
}
