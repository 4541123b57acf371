package io.vfmigrate.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vfmigrate version}: what {@code --version} prints, as a command. */
@Command(
    name = "version",
    mixinStandardHelpOptions = true,
    description = "Print vfmigrate's version (the same as vfmigrate --version).")
final class VersionCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.root().commandLine().printVersionHelp(spec.commandLine().getOut());
  }
}
