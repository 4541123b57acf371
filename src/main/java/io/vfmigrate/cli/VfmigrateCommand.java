package io.vfmigrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command. */
@Command(
    name = "vfmigrate",
    mixinStandardHelpOptions = true,
    version = "vfmigrate 0.1.0",
    description =
        "Live migration of KVM VMs with a ConnectX-7 SR-IOV VF: preflight, host preparation,"
            + " migration and verification, on real hosts or the built-in lab.",
    subcommands = {
      CheckCommand.class,
      PrepareCommand.class,
      TeardownCommand.class,
      AttachCommand.class,
      MigrateCommand.class,
      VerifyCommand.class,
      RecoverCommand.class,
      HistoryCommand.class,
      LabCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 success, 2 usage error or invalid input, 3 not ready (nothing changed),",
      "4 failed and rolled back, 5 failed and needs attention."
    })
final class VfmigrateCommand implements Runnable {
  private final CliContext context;

  @Spec CommandSpec spec;

  VfmigrateCommand(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Override
  public void run() {
    spec.commandLine().usage(context.out());
  }
}
