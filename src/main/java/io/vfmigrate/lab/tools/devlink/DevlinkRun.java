package io.vfmigrate.lab.tools.devlink;

import io.vfmigrate.lab.machine.Packages;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.tools.IprouteJson;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolOutput;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One devlink invocation: its options, the words left to parse, the output being built; and the
 * argument parsers and the JSON section every command shares (devlink/devlink.c dl_argv_*).
 */
final class DevlinkRun {
  final LabContext context;
  final HostSpec host;
  final String iproute;
  boolean json;
  boolean pretty;
  List<String> words = new ArrayList<>();
  int pos;
  final StringBuilder out = new StringBuilder();
  final StringBuilder err = new StringBuilder();

  DevlinkRun(LabContext context) {
    this.context = context;
    this.host = context.host();
    this.iproute = Packages.version(host, "iproute").orElse("6.2.0");
  }

  boolean hasArg() {
    return pos < words.size();
  }

  String arg() {
    return words.get(pos);
  }

  /** {@code dl_argv_match}: the word is a prefix of the pattern. */
  boolean match(String pattern) {
    return hasArg() && pattern.startsWith(arg());
  }

  String next() {
    return hasArg() ? words.get(pos++) : null;
  }

  ToolOutput result(int code) {
    return ToolOutput.of(code, out.toString(), err.toString());
  }

  ToolOutput fail(String message) {
    err.append(message);
    return result(1);
  }

  static final String ENODEV = "kernel answers: No such device\n";

  static final String EOPNOTSUPP = "kernel answers: Operation not supported\n";

  /** {@code dl_argv_handle}: exactly {@code bus/device}; empty after printing the error. */
  static Optional<String> devHandle(DevlinkRun r) {
    String h = r.next();
    if (h == null) {
      r.err.append("Devlink identification (\"bus_name/dev_name\") expected\n");
      return Optional.empty();
    }
    if (h.chars().filter(c -> c == '/').count() != 1) {
      r.err.append("Wrong identification string format.\n");
      r.err.append("Devlink identification (\"bus_name/dev_name\") expected\n");
      return Optional.empty();
    }
    return Optional.of(h);
  }

  static Optional<ToolOutput> unknownOption(DevlinkRun r) {
    if (r.hasArg()) {
      return Optional.of(r.fail("Unknown option \"" + r.arg() + "\"\n"));
    }
    return Optional.empty();
  }

  /** Runs the kernel part of a show command inside the JSON section, as devlink does. */
  static ToolOutput section(DevlinkRun r, String name, Consumer<IprouteJson> body, String error) {
    IprouteJson json = new IprouteJson(r.pretty);
    if (r.json) {
      json.startObject().startObject(name);
    }
    body.accept(json);
    if (r.json) {
      json.endObject().endObject();
      r.out.append(json.finish());
    }
    if (error != null) {
      r.err.append(error);
      return r.result(1);
    }
    return r.result(0);
  }

  /** {@code dl_argv_bool}: true|1|enable or false|0|disable. */
  static Optional<Boolean> bool(DevlinkRun r) {
    String v = r.next();
    if (v == null) {
      r.err.append("Boolean argument expected\n");
      return Optional.empty();
    }
    switch (v) {
      case "true", "1", "enable" -> {
        return Optional.of(true);
      }
      case "false", "0", "disable" -> {
        return Optional.of(false);
      }
      default -> {
        r.err.append('"').append(v).append("\" is not a valid boolean value\n");
        return Optional.empty();
      }
    }
  }
}
