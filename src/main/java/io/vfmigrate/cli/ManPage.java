package io.vfmigrate.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * vfmigrate(1), the man page, written in roff (man macros) from the same command model as the help:
 * every command and subcommand with its synopsis, description, options, parameters and examples,
 * then the exit codes, environment and files. The build writes it to {@code target/man/vfmigrate.1}
 * ({@code man -l target/man/vfmigrate.1}).
 */
public final class ManPage {
  private ManPage() {}

  /** Writes the man page to the file named by {@code args[0]}. */
  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      throw new IllegalArgumentException("usage: ManPage OUTPUT-FILE");
    }
    Path file = Path.of(args[0]);
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, render(), StandardCharsets.UTF_8);
  }

  /** The man page of vfmigrate's command tree. */
  public static String render() {
    PrintWriter quiet = new PrintWriter(new StringWriter());
    CommandLine root = Main.commandLine(new CliContext(quiet, quiet, Map.of()));
    CommandSpec spec = root.getCommandSpec();
    StringBuilder man = new StringBuilder();
    man.append(".TH VFMIGRATE 1 \"\" \"")
        .append(escape(VfmigrateCommand.VERSION))
        .append("\" \"User Commands\"\n");
    man.append(".SH NAME\nvfmigrate \\- ")
        .append(escape(text(spec.usageMessage().description())))
        .append('\n');
    man.append(".SH SYNOPSIS\n");
    synopsis(man, spec);
    man.append(".SH DESCRIPTION\n");
    paragraph(
        man,
        "vfmigrate drives the real tools (virsh, devlink, mstconfig, mstflint, ovs-vsctl, sysfs) on"
            + " the hosts of an inventory, reached locally or over SSH, or on the built-in lab that"
            + " emulates two ConnectX-7 hosts. Every command takes --help; --json prints a JSON"
            + " object on stdout for every outcome, errors included.");
    man.append(".SH OPTIONS\n");
    options(man, spec);
    man.append(".SH COMMANDS\n");
    for (CommandLine sub : commands(root)) {
      command(man, sub.getCommandSpec());
    }
    man.append(".SH EXIT STATUS\n");
    for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
      man.append(".TP\n.B ")
          .append(escape(e.getKey().strip()))
          .append('\n')
          .append(escape(e.getValue()))
          .append('\n');
    }
    man.append(".SH ENVIRONMENT\n");
    item(
        man,
        "VFMIGRATE_HOME",
        "Where the lab, the journal (journal.db) and the default inventory live; default"
            + " ~/.vfmigrate.");
    item(
        man,
        "VFMIGRATE_INVENTORY",
        "The inventory file when --inventory is not given; without either,"
            + " $VFMIGRATE_HOME/inventory.yaml when it exists, else the built-in lab.");
    item(
        man,
        "NO_COLOR",
        "When set (to anything), status words are not coloured even on a terminal.");
    man.append(".SH FILES\n");
    item(man, "$VFMIGRATE_HOME/inventory.yaml", "The default inventory, when it exists.");
    item(man, "$VFMIGRATE_HOME/lab", "The built-in lab's state.");
    item(man, "$VFMIGRATE_HOME/journal.db", "The journal of operations (vfmigrate history).");
    item(man, "/run/vfmigrate", "Claims on each host: VFs, per-PF slots and MAC addresses.");
    man.append(".SH EXAMPLES\n");
    examples(man, spec);
    man.append(".SH SEE ALSO\n.BR virsh (1),\n.BR devlink (8),\n.BR ovs\\-vsctl (8)\n");
    return man.toString();
  }

  /** Every command below {@code root}, depth first, each once (aliases are not repeated). */
  static List<CommandLine> commands(CommandLine root) {
    Set<CommandLine> seen = new LinkedHashSet<>();
    collect(root, seen);
    seen.remove(root);
    return new ArrayList<>(seen);
  }

  private static void collect(CommandLine cli, Set<CommandLine> seen) {
    if (seen.add(cli)) {
      cli.getSubcommands().values().forEach(sub -> collect(sub, seen));
    }
  }

  private static void command(StringBuilder man, CommandSpec spec) {
    man.append(".SS \"").append(escape(spec.qualifiedName())).append("\"\n");
    synopsis(man, spec);
    for (String line : spec.usageMessage().description()) {
      paragraph(man, format(line));
    }
    for (PositionalParamSpec p : spec.positionalParameters()) {
      if (!p.hidden()) {
        tagged(man, "\\fI" + escape(p.paramLabel()) + "\\fR", text(p.description()));
      }
    }
    options(man, spec);
    examples(man, spec);
  }

  private static void synopsis(StringBuilder man, CommandSpec spec) {
    String synopsis =
        new Help(spec, Help.defaultColorScheme(Help.Ansi.OFF)).synopsis(0).stripTrailing();
    man.append(".PP\n.nf\n").append(escape(synopsis)).append("\n.fi\n");
  }

  private static void options(StringBuilder man, CommandSpec spec) {
    for (OptionSpec o : spec.options()) {
      if (o.hidden()) {
        continue;
      }
      StringBuilder names = new StringBuilder();
      for (String name : o.names()) {
        if (names.length() > 0) {
          names.append(", ");
        }
        names.append("\\fB").append(escape(name)).append("\\fR");
      }
      if (o.arity().max() > 0) {
        names.append("=\\fI").append(escape(o.paramLabel())).append("\\fR");
      }
      tagged(man, names.toString(), text(o.description()));
    }
  }

  private static void examples(StringBuilder man, CommandSpec spec) {
    List<String> lines = HelpExamples.of(spec.qualifiedName());
    if (lines.isEmpty()) {
      return;
    }
    man.append(".PP\nExamples:\n");
    for (String line : lines) {
      if (line.endsWith(":")) {
        man.append(".PP\n").append(escape(line)).append('\n');
      } else {
        man.append(".RS 4\n.nf\n").append(escape(line)).append("\n.fi\n.RE\n");
      }
    }
  }

  private static void item(StringBuilder man, String tag, String body) {
    tagged(man, escape(tag), body);
  }

  /** A tagged paragraph; {@code roffTag} is roff already, {@code body} is text. */
  private static void tagged(StringBuilder man, String roffTag, String body) {
    man.append(".TP\n").append(roffTag).append('\n');
    if (!body.isEmpty()) {
      man.append(escape(body)).append('\n');
    }
  }

  private static void paragraph(StringBuilder man, String text) {
    man.append(".PP\n").append(escape(text)).append('\n');
  }

  /** The lines of a picocli description as one text. */
  private static String text(String[] lines) {
    List<String> formatted = new ArrayList<>();
    for (String line : lines) {
      formatted.add(format(line));
    }
    return String.join(" ", formatted);
  }

  /** What picocli's String.format does with the specifiers our help texts use: %n and %%. */
  private static String format(String line) {
    return line.replace("%n", "\n").replace("%%", "%");
  }

  /** Text as roff: backslashes and hyphens escaped, no line taken for a request. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder();
    for (String line : text.split("\n", -1)) {
      if (out.length() > 0) {
        out.append('\n');
      }
      String l = line.replace("\\", "\\e").replace("-", "\\-");
      if (l.startsWith(".") || l.startsWith("'")) {
        l = "\\&" + l;
      }
      out.append(l);
    }
    return out.toString();
  }
}
