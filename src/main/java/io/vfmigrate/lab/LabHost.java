package io.vfmigrate.lab;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.FileAccessException;
import io.vfmigrate.host.Host;
import io.vfmigrate.host.HostClock;
import io.vfmigrate.host.RunningCommand;
import io.vfmigrate.lab.emulator.Emulators;
import io.vfmigrate.lab.emulator.LabContext;
import io.vfmigrate.lab.emulator.ToolEmulator;
import io.vfmigrate.lab.emulator.ToolOutput;
import io.vfmigrate.lab.emulator.Translations;
import io.vfmigrate.lab.emulator.VirtualFilesystem;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * An emulated host. Each command is answered by the emulator of its tool, with the real tool's
 * output format; a tool whose package is not installed, or that the lab does not know, is "command
 * not found" (exit 127), as a shell would say. It never succeeds silently. A host with a {@code
 * locale} answers in its language unless the command sets another ({@code LC_ALL=C}).
 */
public final class LabHost implements Host {
  private final Lab lab;
  private final String name;
  private int tempCounter;

  LabHost(Lab lab, String name) {
    this.lab = lab;
    this.name = name;
  }

  @Override
  public String name() {
    return name;
  }

  private HostSpec spec() {
    return lab.spec().hosts.get(name);
  }

  public LabContext context() {
    return new LabContext(name, spec(), lab.spec(), lab.clock());
  }

  @Override
  public CommandResult run(Command command) {
    Instant started = lab.clock().now();
    ToolOutput output = answer(command);
    return new CommandResult(
        command,
        output.exitCode(),
        output.stdout(),
        output.stderr(),
        Duration.between(started, lab.clock().now()));
  }

  private ToolOutput answer(Command command) {
    Optional<FaultSpec> fault = takeFault(String.join(" ", command.argv()));
    if (fault.isPresent()) {
      FaultSpec f = fault.get();
      return ToolOutput.of(f.exitCode, f.stdout, f.stderr);
    }
    String program = command.program();
    Optional<ToolEmulator> emulator = Emulators.forProgram(program);
    if (emulator.isEmpty() || !Packages.provides(spec(), program)) {
      return ToolOutput.error(
          CommandResult.NOT_FOUND, "bash: line 1: " + program + ": command not found\n");
    }
    ToolOutput output = emulator.get().run(context(), command.argv(), command.stdin());
    return Translations.translate(
        program, Translations.language(spec().locale, command.env()), output);
  }

  /** Consumes one use of the first fault whose command is a prefix of {@code line}. */
  private Optional<FaultSpec> takeFault(String line) {
    Iterator<FaultSpec> it = spec().faults.iterator();
    while (it.hasNext()) {
      FaultSpec fault = it.next();
      if (fault.command != null
          && (line.equals(fault.command) || line.startsWith(fault.command + " "))) {
        fault.times--;
        if (fault.times <= 0) {
          it.remove();
        }
        return Optional.of(fault);
      }
    }
    return Optional.empty();
  }

  @Override
  public RunningCommand start(Command command) {
    Optional<ToolEmulator> emulator = Emulators.forProgram(command.program());
    if (emulator.isPresent() && Packages.provides(spec(), command.program())) {
      Optional<RunningCommand> process =
          emulator.get().start(context(), command, () -> run(command));
      if (process.isPresent()) {
        return process.get();
      }
    }
    return RunningCommand.finished(run(command));
  }

  @Override
  public String readFile(String path) {
    String temp = spec().files.get(path);
    if (temp != null) {
      return temp;
    }
    VirtualFilesystem fs = filesystemFor(path);
    return fs.read(context(), path);
  }

  @Override
  public void writeFile(String path, String content) {
    Optional<FaultSpec> fault = takeFault(path);
    if (fault.isPresent()) {
      throw new FileAccessException(name, path, fault.get().stderr.strip());
    }
    if (spec().files.containsKey(path)) {
      spec().files.put(path, content);
      return;
    }
    filesystemFor(path).write(context(), path, content);
  }

  @Override
  public List<String> listDirectory(String path) {
    if (!Emulators.filesystem().handles(path)) {
      // Plain files the lab keeps (temporary files, claims): a directory exists while it holds
      // one, directly or in a subdirectory, which it lists by name as a real directory would.
      String dir = path.endsWith("/") ? path : path + "/";
      List<String> names =
          spec().files.keySet().stream()
              .filter(f -> f.startsWith(dir) && f.length() > dir.length())
              .map(f -> f.substring(dir.length()))
              .map(rest -> rest.indexOf('/') < 0 ? rest : rest.substring(0, rest.indexOf('/')))
              .distinct()
              .sorted()
              .toList();
      if (names.isEmpty()) {
        throw new FileAccessException(name, path, "No such file or directory");
      }
      return new ArrayList<>(names);
    }
    return new ArrayList<>(filesystemFor(path).list(context(), path));
  }

  @Override
  public Optional<String> readLink(String path) {
    VirtualFilesystem fs = Emulators.filesystem();
    return fs.handles(path) ? fs.readLink(context(), path) : Optional.empty();
  }

  @Override
  public boolean exists(String path) {
    if (spec().files.containsKey(path)) {
      return true;
    }
    VirtualFilesystem fs = Emulators.filesystem();
    return fs.handles(path) && fs.exists(context(), path);
  }

  @Override
  public String createTempFile(String prefix, String content) {
    String path;
    do {
      tempCounter++;
      path = "/tmp/" + prefix + lab.spec().clockMs + "-" + tempCounter + ".xml";
    } while (spec().files.containsKey(path));
    spec().files.put(path, content);
    return path;
  }

  @Override
  public boolean createExclusive(String path, String content) {
    if (spec().files.containsKey(path)) {
      return false;
    }
    spec().files.put(path, content);
    return true;
  }

  @Override
  public void deleteFile(String path) {
    spec().files.remove(path);
  }

  @Override
  public HostClock clock() {
    return lab.clock();
  }

  private VirtualFilesystem filesystemFor(String path) {
    VirtualFilesystem fs = Emulators.filesystem();
    if (!fs.handles(path)) {
      throw new FileAccessException(name, path, "No such file or directory");
    }
    return fs;
  }
}
