package io.vfmigrate.tools.mstflint;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of {@code mstconfig -d PF [-e] query PARAM}. Values are as mstconfig prints them: {@code
 * MIGRATION_ENABLED(2)} for enums and booleans, {@code 16} for numbers, {@code N/A} when unknown.
 * {@code defaultValue} and {@code current} are present only with {@code -e} on firmware that can
 * report them; {@code nextBoot} is what the NIC uses after the next reboot or firmware reset.
 */
public record MstconfigParam(
    String name, Optional<String> defaultValue, Optional<String> current, String nextBoot) {
  private static final Pattern ENUM = Pattern.compile(".*\\((\\d+)\\)");
  private static final Pattern NUMBER = Pattern.compile("\\d+");

  public MstconfigParam {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(defaultValue, "defaultValue");
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(nextBoot, "nextBoot");
  }

  /** The number in {@code NAME(n)} (or a plain number) of the current value. */
  public OptionalInt currentValue() {
    return current.map(MstconfigParam::number).orElse(OptionalInt.empty());
  }

  /** The number in {@code NAME(n)} (or a plain number) of the next-boot value. */
  public OptionalInt nextBootValue() {
    return number(nextBoot);
  }

  /** The number in {@code NAME(n)} (or a plain number) of the default value. */
  public OptionalInt defaultNumber() {
    return defaultValue.map(MstconfigParam::number).orElse(OptionalInt.empty());
  }

  /** True when the next boot will change the value the NIC runs with now. */
  public boolean changePending() {
    return current.isPresent() && !current.get().equals(nextBoot);
  }

  /** {@code MIGRATION_ENABLED(2)} -> 2, {@code 16} -> 16, {@code N/A} -> empty. */
  static OptionalInt number(String value) {
    Matcher m = ENUM.matcher(value);
    if (m.matches()) {
      return OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    if (NUMBER.matcher(value).matches() && value.length() < 10) {
      return OptionalInt.of(Integer.parseInt(value));
    }
    return OptionalInt.empty();
  }
}
