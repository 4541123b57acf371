package io.vfmigrate.cli;

import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.lab.state.LabSpec;
import io.vfmigrate.model.Names;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code vfmigrate lab ...}: the built-in lab of emulated ConnectX-7 hosts. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description =
        "The built-in lab: two emulated RHEL hosts with a ConnectX-7 each, persisted under"
            + " $VFMIGRATE_HOME (default ~/.vfmigrate).",
    subcommands = {
      LabCommand.Init.class,
      LabCommand.Show.class,
      LabCommand.Reset.class,
      LabCommand.Reboot.class,
      LabDemo.class,
      LabBench.class,
      LabExec.class
    })
final class LabCommand implements Runnable {
  @ParentCommand VfmigrateCommand root;

  @Spec CommandSpec spec;

  CliContext context() {
    return root.context();
  }

  @Override
  public void run() {
    spec.commandLine().usage(context().out());
  }

  /** {@code lab init [--from FILE]}. */
  @Command(
      name = "init",
      mixinStandardHelpOptions = true,
      description = "Create the lab from a YAML description (default: the built-in one).")
  static final class Init implements Callable<Integer> {
    @ParentCommand LabCommand lab;

    @Option(
        names = "--from",
        paramLabel = "FILE",
        description = "Lab description in YAML (docs/lab-schema.md).")
    Path from;

    @Override
    public Integer call() {
      CliContext ctx = lab.context();
      if (from != null) {
        Names.path(from.toString());
      }
      LabSpec spec = from == null ? LabStore.defaultSpec() : LabStore.readDescription(from);
      LabStore store = new LabStore(ctx.home());
      try (LabStore.Lock lock = store.lock()) {
        store.init(spec);
      }
      ctx.out()
          .println(
              "Lab created under "
                  + store.directory()
                  + " with hosts "
                  + String.join(", ", spec.hosts.keySet())
                  + (from == null ? " (built-in description)." : " from " + from + "."));
      return ExitCodes.OK;
    }
  }

  /** {@code lab show [--json]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = "Show the lab's hosts, NICs, VFs, Open vSwitch and VMs.")
  static final class Show implements Callable<Integer> {
    @ParentCommand LabCommand lab;

    @Option(names = "--json", description = "Print the whole lab state as JSON.")
    boolean json;

    @Override
    public Integer call() {
      CliContext ctx = lab.context();
      // Opened as a lab, so that a migration whose vfmigrate process died is settled first.
      LabSpec spec = Lab.open(new LabStore(ctx.home())).read();
      if (json) {
        ctx.out().println(LabJson.write(spec));
      } else {
        new LabReport(ctx.out()).print(spec);
      }
      return ExitCodes.OK;
    }
  }

  /** {@code lab reset}. */
  @Command(
      name = "reset",
      mixinStandardHelpOptions = true,
      description = "Return the lab to the state it was created in.")
  static final class Reset implements Callable<Integer> {
    @ParentCommand LabCommand lab;

    @Override
    public Integer call() {
      CliContext ctx = lab.context();
      LabStore store = new LabStore(ctx.home());
      try (LabStore.Lock lock = store.lock()) {
        store.replace(store.loadInitial());
      }
      ctx.out().println("Lab reset to its initial state.");
      return ExitCodes.OK;
    }
  }

  /** {@code lab reboot HOST}. */
  @Command(
      name = "reboot",
      mixinStandardHelpOptions = true,
      description =
          "Reboot an emulated host: next-boot firmware settings take effect; VFs, switchdev mode"
              + " and driver bindings are gone. Refused while a VM runs there.")
  static final class Reboot implements Callable<Integer> {
    @ParentCommand LabCommand lab;

    @Parameters(paramLabel = "HOST", description = "The lab host to reboot.")
    String host;

    @Override
    public Integer call() {
      CliContext ctx = lab.context();
      Names.hostName(host);
      Lab.open(new LabStore(ctx.home())).reboot(host);
      ctx.out().println("Host " + host + " rebooted; next-boot firmware settings are now active.");
      return ExitCodes.OK;
    }
  }
}
