package io.vfmigrate.tools.mstflint;

import io.vfmigrate.tools.ToolOutputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the configuration table of {@code mstconfig -d DEV [-e] query [PARAM...]} (mstflint {@code
 * mlxconfig/mlxcfg_ui.cpp} {@code printConfHeader}/{@code printSingleParam}).
 *
 * <p>The column widths differ between versions: v4.28 prints names in {@code %-44s} and values in
 * {@code %-20s} with a right-aligned header; 4.36 (commit 01aa3604) prints names in {@code %-48s},
 * values 33 wide and a left-aligned header. So the table is read by whitespace: the header line
 * ({@code Configurations:} then some of {@code Default}, {@code Current}, {@code Next Boot}, {@code
 * New}) names the value columns, and each row is an optional {@code *}/{@code RO} flag, the name,
 * and one value per column. The device block above, the notes below ({@code The '*' shows ...},
 * {@code The 'RO' shows ...}, {@code Device Firmware does not support reading ...}) and any unknown
 * line are ignored.
 */
public final class MstconfigQueryParser {
  private static final String TOOL = "mstconfig query";
  private static final String HEADER = "Configurations:";
  private static final Pattern HEADER_COLUMN = Pattern.compile("Next Boot|\\S+");
  private static final Pattern FLAG = Pattern.compile("\\*|RO|\\*RO");
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]*(\\[\\d+(\\.\\.\\d+)?\\])?");

  private MstconfigQueryParser() {}

  /** Every parameter row of the table. */
  public static List<MstconfigParam> parse(String stdout) {
    String[] lines = stdout.split("\n");
    int header = -1;
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(HEADER)) {
        header = i;
        break;
      }
    }
    if (header < 0) {
      throw new ToolOutputException(TOOL, "no 'Configurations:' table", stdout);
    }
    List<String> columns = columns(lines[header]);
    if (columns.isEmpty()) {
      throw new ToolOutputException(TOOL, "the table header names no columns", stdout);
    }
    List<MstconfigParam> params = new ArrayList<>();
    for (int i = header + 1; i < lines.length; i++) {
      row(lines[i], columns).ifPresent(params::add);
    }
    return params;
  }

  /** The row of {@code name}, if the table has one. */
  public static Optional<MstconfigParam> find(String stdout, String name) {
    return parse(stdout).stream().filter(p -> p.name().equals(name)).findFirst();
  }

  private static List<String> columns(String headerLine) {
    Matcher m = HEADER_COLUMN.matcher(headerLine.substring(HEADER.length()));
    List<String> columns = new ArrayList<>();
    while (m.find()) {
      columns.add(m.group());
    }
    return columns;
  }

  private static Optional<MstconfigParam> row(String line, List<String> columns) {
    List<String> tokens = new ArrayList<>(List.of(line.strip().split("\\s+")));
    if (!tokens.isEmpty() && FLAG.matcher(tokens.get(0)).matches()) {
      tokens.remove(0);
    }
    if (tokens.size() != columns.size() + 1 || !NAME.matcher(tokens.get(0)).matches()) {
      return Optional.empty();
    }
    String name = tokens.get(0);
    Optional<String> defaultValue = Optional.empty();
    Optional<String> current = Optional.empty();
    String nextBoot = null;
    boolean nextLabelledDefault = !columns.contains("Next Boot");
    for (int c = 0; c < columns.size(); c++) {
      String value = tokens.get(c + 1);
      switch (columns.get(c)) {
        case "Current" -> current = Optional.of(value);
        case "Next Boot" -> nextBoot = value;
        case "Default" -> {
          // when a set --with_default prints its table (4.36 labelNextAsDefault) the next-boot
          // column itself is labelled "Default"
          if (nextLabelledDefault) {
            nextBoot = value;
          } else {
            defaultValue = Optional.of(value);
          }
        }
        default -> {
          // "New" (the value a set is about to write) or a column a newer version added
        }
      }
    }
    if (nextBoot == null) {
      return Optional.empty();
    }
    return Optional.of(new MstconfigParam(name, defaultValue, current, nextBoot));
  }
}
