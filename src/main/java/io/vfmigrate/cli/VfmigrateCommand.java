package io.vfmigrate.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command. */
@Command(
    name = "vfmigrate",
    mixinStandardHelpOptions = true,
    version = VfmigrateCommand.VERSION,
    description =
        "Live migration of KVM VMs with a ConnectX-7 SR-IOV VF: preflight, host preparation,"
            + " migration and verification, on real hosts or the built-in lab.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:success",
      "2:usage error or invalid input (nothing was run)",
      "3:not ready: checks or guards failed, nothing was changed",
      "4:the operation failed and was rolled back",
      "5:the operation failed and needs attention"
    })
final class VfmigrateCommand implements Runnable {
  static final String VERSION = "vfmigrate 0.1.0";

  /**
   * The subcommands, in the order help lists them. They are added by {@link Main#commandLine}, not
   * by the annotation, so that a run builds the picocli model of the one command it runs only.
   */
  static final List<Class<?>> SUBCOMMANDS =
      List.of(
          CheckCommand.class,
          PrepareCommand.class,
          TeardownCommand.class,
          AttachCommand.class,
          MigrateCommand.class,
          EvacuateCommand.class,
          ListCommand.class,
          VerifyCommand.class,
          RecoverCommand.class,
          HistoryCommand.class,
          ReportCommand.class,
          LabCommand.class,
          CommandLine.HelpCommand.class,
          VersionCommand.class,
          CompletionCommand.class);

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
