package io.vfmigrate.cli;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.lab.Lab;
import io.vfmigrate.lab.LabStore;
import io.vfmigrate.model.Names;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code lab exec HOST -- COMMAND [ARGS...]}: one command on an emulated host, as a shell there
 * would run it. Its stdout and stderr are printed unchanged and its exit status is vfmigrate's (a
 * command the host does not have is the shell's "command not found", 127). The command is an argv
 * list; nothing is interpreted by a shell.
 */
@picocli.CommandLine.Command(
    name = "exec",
    mixinStandardHelpOptions = true,
    description =
        "Run one command on an emulated lab host and print its output; exits with the command's"
            + " own status. Put -- before the command.")
final class LabExec implements Callable<Integer> {
  @ParentCommand LabCommand lab;

  @Parameters(index = "0", paramLabel = "HOST", description = "The lab host, e.g. src.")
  String host;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its arguments, e.g. -- virsh list --all.")
  List<String> command;

  @Override
  public Integer call() {
    CliContext ctx = lab.context();
    Names.hostName(host);
    LabStore store = Session.labStore(ctx);
    Session.createdOnFirstUse(store);
    CommandResult result = Lab.open(store).host(host).run(Command.of(command));
    ctx.out().print(result.stdout());
    ctx.out().flush();
    ctx.err().print(result.stderr());
    ctx.err().flush();
    return result.exitCode();
  }
}
