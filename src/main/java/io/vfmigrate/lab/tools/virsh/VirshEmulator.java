package io.vfmigrate.lab.tools.virsh;

import io.vfmigrate.lab.machine.DomainLayout;
import io.vfmigrate.lab.machine.VirshVersions;
import io.vfmigrate.lab.machine.migration.MigrationDomains;
import io.vfmigrate.lab.machine.migration.MigrationTarget;
import io.vfmigrate.lab.machine.migration.RunningMigrations;
import io.vfmigrate.lab.state.FaultSpec;
import io.vfmigrate.lab.state.HostSpec;
import io.vfmigrate.lab.state.VmSpec;
import io.vfmigrate.lab.tools.CommandFaults;
import io.vfmigrate.lab.tools.LabContext;
import io.vfmigrate.lab.tools.ToolEmulator;
import io.vfmigrate.lab.tools.ToolOutput;
import io.vfmigrate.lab.tools.agent.AgentResponder;
import io.vfmigrate.lab.tools.virsh.VirshCommandLine.Opt;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code virsh} (libvirt 10, RHEL 9) against a lab host: global {@code -c/--connect URI} and {@code
 * -q}, then one command. Texts come from libvirt's tools/vsh.c, virsh-host.c,
 * virsh-domain-monitor.c, virsh-domain.c and virsh-nodedev.c; see reference/tool-formats.md §5.
 * Commands that change hosted devices live in {@link VirshDeviceCommands}.
 *
 * <p>Over 300 lines: it is virsh's command table (every command the lab emulates, with its options)
 * and the renderers of the read-only commands, which share the domain lookup and the table layout;
 * the device and migration commands have classes of their own.
 */
public final class VirshEmulator implements ToolEmulator {
  private static final Opt DOMAIN = Opt.data("domain");

  private final VirshDeviceCommands devices = new VirshDeviceCommands(new AgentResponder());

  /** One command: its options and what it does once connected. */
  private record Command(List<Opt> opts, Handler handler) {}

  @FunctionalInterface
  private interface Handler {
    void run(VirshSession session, VirshCommandLine line);
  }

  private final Map<String, Command> commands =
      Map.ofEntries(
          Map.entry("version", new Command(List.of(Opt.flag("daemon")), this::version)),
          Map.entry(
              "list",
              new Command(
                  List.of(
                      Opt.flag("all"),
                      Opt.flag("inactive"),
                      Opt.flag("name"),
                      Opt.flag("uuid"),
                      Opt.flag("id"),
                      Opt.flag("table"),
                      Opt.flag("state-running"),
                      Opt.flag("state-paused"),
                      Opt.flag("state-shutoff"),
                      Opt.flag("state-other")),
                  this::list)),
          Map.entry("domstate", new Command(List.of(DOMAIN, Opt.flag("reason")), this::domstate)),
          Map.entry(
              "resume",
              new Command(List.of(DOMAIN), (s, l) -> withDomain(s, l, vm -> resume(s, vm)))),
          Map.entry(
              "destroy",
              new Command(
                  List.of(DOMAIN, Opt.flag("graceful"), Opt.flag("remove-logs")),
                  (s, l) -> withDomain(s, l, vm -> DomainLifecycle.destroy(s, vm)))),
          Map.entry(
              "domdirtyrate-calc",
              new Command(
                  List.of(DOMAIN, Opt.string("seconds"), Opt.string("mode")),
                  (s, l) -> withDomain(s, l, vm -> DirtyRateCommands.calc(s, l, vm)))),
          Map.entry(
              "domstats",
              new Command(
                  List.of(DOMAIN, Opt.flag("dirtyrate")),
                  (s, l) -> withDomain(s, l, vm -> DirtyRateCommands.domstats(s, l, vm)))),
          Map.entry(
              "undefine",
              new Command(
                  List.of(DOMAIN, Opt.flag("nvram"), Opt.flag("keep-nvram")),
                  (s, l) -> withDomain(s, l, vm -> DomainLifecycle.undefine(s, vm)))),
          Map.entry(
              "dumpxml",
              new Command(
                  List.of(
                      DOMAIN,
                      Opt.flag("inactive"),
                      Opt.flag("security-info"),
                      Opt.flag("update-cpu"),
                      Opt.flag("migratable")),
                  this::dumpxml)),
          Map.entry(
              "nodedev-detach",
              new Command(
                  List.of(Opt.data("device"), Opt.string("driver")),
                  (s, l) -> devices.nodedevDetach(s, l))),
          Map.entry(
              "nodedev-reattach",
              new Command(List.of(Opt.data("device")), (s, l) -> devices.nodedevReattach(s, l))),
          Map.entry(
              "attach-device",
              new Command(
                  deviceOpts(), (s, l) -> withDomain(s, l, vm -> devices.attach(s, l, vm)))),
          Map.entry(
              "detach-device",
              new Command(
                  deviceOpts(), (s, l) -> withDomain(s, l, vm -> devices.detach(s, l, vm)))),
          Map.entry(
              "qemu-agent-command",
              new Command(
                  List.of(
                      DOMAIN,
                      Opt.string("timeout"),
                      Opt.flag("async"),
                      Opt.flag("block"),
                      Opt.argv("cmd")),
                  (s, l) -> withDomain(s, l, vm -> devices.agentCommand(s, l, vm)))),
          Map.entry(
              "domifaddr",
              new Command(
                  List.of(
                      DOMAIN,
                      Opt.optionalData("interface"),
                      Opt.flag("full"),
                      Opt.string("source")),
                  (s, l) -> withDomain(s, l, vm -> devices.domifaddr(s, l, vm)))));

  private static List<Opt> deviceOpts() {
    return List.of(
        DOMAIN,
        Opt.data("file"),
        Opt.flag("persistent"),
        Opt.flag("config"),
        Opt.flag("live"),
        Opt.flag("current"));
  }

  @Override
  public Set<String> programs() {
    return Set.of("virsh");
  }

  /** {@code virsh migrate} runs on the lab's virtual clock; everything else runs at once. */
  @Override
  public Optional<io.vfmigrate.host.RunningCommand> start(
      LabContext context,
      io.vfmigrate.host.Command command,
      java.util.function.Supplier<io.vfmigrate.host.CommandResult> runNow) {
    return MigrationCommands.start(context, command);
  }

  @Override
  public ToolOutput run(LabContext context, List<String> argv, Optional<String> stdin) {
    boolean quiet = false;
    Optional<String> uri = Optional.empty();
    int i = 1;
    while (i < argv.size() && argv.get(i).startsWith("-")) {
      String arg = argv.get(i);
      if (arg.equals("-q") || arg.equals("--quiet")) {
        quiet = true;
      } else if (arg.equals("-r") || arg.equals("--readonly")) {
        // Read-only connections may still run every query the lab answers.
      } else if ((arg.equals("-c") || arg.equals("--connect")) && i + 1 < argv.size()) {
        uri = Optional.of(argv.get(++i));
      } else if (arg.startsWith("--connect=")) {
        uri = Optional.of(arg.substring("--connect=".length()));
      } else if (arg.equals("-c") || arg.equals("--connect")) {
        return ToolOutput.error(1, "virsh: option requires an argument -- '" + arg + "'\n");
      } else {
        // glibc getopt's complaint; virsh then suggests --help.
        return ToolOutput.error(
            1,
            (arg.startsWith("--")
                    ? "virsh: unrecognized option '" + arg + "'"
                    : "virsh: invalid option -- '" + arg.substring(1, 2) + "'")
                + "\n");
      }
      i++;
    }
    if (i >= argv.size()) {
      return ToolOutput.error(1, "error: the lab does not emulate virsh's interactive shell\n");
    }
    if (uri.isPresent()) {
      // With -c, virsh connects before it parses any command (even echo) and ends there when it
      // cannot: the errors, nothing on stdout (libvirt 9.0, real lab). Without it, each command
      // that needs libvirt connects in turn (below).
      VirshSession session = new VirshSession(context, quiet);
      if (connect(context, uri, session).isEmpty()) {
        return ToolOutput.of(1, "", session.finish().stderr());
      }
    }
    if (i == argv.size() - 1) {
      return commandString(context, argv.subList(0, i), argv.get(i), stdin, uri, quiet);
    }
    return command(context, argv, i, stdin, uri, quiet);
  }

  /**
   * One argument after the options: virsh parses it as a command string ({@link
   * VirshCommandString}) and runs its commands in turn on one connection, each printing what it
   * prints alone; a command that fails does not stop the next; the exit status is the last
   * command's. A connection that fails is told once, before any command (virsh connects before the
   * first command that needs it, and stops there); a string of echoes needs none.
   */
  private ToolOutput commandString(
      LabContext context,
      List<String> options,
      String text,
      Optional<String> stdin,
      Optional<String> uri,
      boolean quiet) {
    Optional<List<List<String>>> parsed = VirshCommandString.parse(text);
    if (parsed.isEmpty()) {
      return ToolOutput.error(1, "error: dangling \\\n");
    }
    List<List<String>> commands = parsed.get();
    StringBuilder out = new StringBuilder();
    StringBuilder err = new StringBuilder();
    int exit = 0;
    for (List<String> words : commands) {
      ToolOutput one;
      if (words.get(0).equals("echo")) {
        one = echo(words.subList(1, words.size()));
      } else {
        List<String> argv = new ArrayList<>(options);
        argv.addAll(words);
        // Each command meets the host's faults as it would alone (the lab's fault lines).
        Optional<FaultSpec> fault = context.faults().take(String.join(" ", argv));
        if (fault.isPresent() && !fault.get().killClient) {
          one = ToolOutput.of(fault.get().exitCode, fault.get().stdout, fault.get().stderr);
        } else if (fault.isPresent() && !fault.get().after) {
          context.faults().killClient();
          return ToolOutput.error(CommandFaults.KILLED, "");
        } else {
          one = command(context, argv, options.size(), stdin, uri, quiet);
          if (fault.isPresent()) {
            context.faults().killClient();
          }
        }
      }
      out.append(one.stdout());
      err.append(one.stderr());
      exit = one.exitCode();
    }
    return ToolOutput.of(exit, out.toString(), err.toString());
  }

  /**
   * vsh.c cmdEcho: its words joined by blanks; with {@code --err} as an error on stderr, and then,
   * as libvirt 9.0 does (real lab), an empty line on stdout.
   */
  private static ToolOutput echo(List<String> words) {
    boolean toErr = false;
    List<String> shown = new ArrayList<>();
    boolean options = true;
    for (String w : words) {
      if (options && w.equals("--")) {
        options = false;
      } else if (options && w.equals("--err")) {
        toErr = true;
      } else if (options && w.startsWith("--")) {
        return ToolOutput.error(1, "error: command 'echo' doesn't support option " + w + "\n");
      } else {
        shown.add(w);
      }
    }
    String line = String.join(" ", shown);
    return toErr ? ToolOutput.of(0, "\n", "error: " + line + "\n") : ToolOutput.ok(line + "\n");
  }

  /** One command: {@code argv.get(i)} its name, the words after it its arguments. */
  private ToolOutput command(
      LabContext context,
      List<String> argv,
      int i,
      Optional<String> stdin,
      Optional<String> uri,
      boolean quiet) {
    String name = argv.get(i);
    if (name.equals("echo")) {
      // virsh's echo needs no connection (VSH_CMD_FLAG_NOCONNECT).
      return echo(argv.subList(i + 1, argv.size()));
    }
    if (MigrationCommands.handles(name)) {
      return MigrationCommands.run(context, argv);
    }
    if (VirshHostCommands.handles(name)) {
      return VirshHostCommands.run(
          context, uri, name, argv.subList(i + 1, argv.size()), quiet, stdin);
    }
    Command command = commands.get(name);
    if (command == null) {
      return ToolOutput.error(1, "error: unknown command: '" + name + "'\n");
    }
    VirshCommandLine line;
    try {
      line = VirshCommandLine.parse(name, command.opts(), argv.subList(i + 1, argv.size()));
    } catch (VirshCommandLine.UsageException e) {
      return ToolOutput.error(1, "error: " + e.getMessage() + "\n");
    }
    VirshSession session = new VirshSession(context, quiet);
    Optional<LabContext> connected = connect(context, uri, session);
    if (connected.isEmpty()) {
      // No -c (with -c the connection was made first): this command's errors, then virsh's
      // blank line after a command (libvirt 9.0: "virsh list --all --name" prints "\n").
      return session.finish();
    }
    VirshSession connectedSession = new VirshSession(connected.get(), quiet);
    command.handler().run(connectedSession, line);
    return connectedSession.finish();
  }

  /**
   * Opens the connection through the lab's one libvirt connector ({@link MigrationTarget#connect}):
   * the local host for {@code qemu:///system} (or no URI), a lab host for {@code
   * qemu+ssh://HOST/system}; virsh prints libvirt's error after its own first line.
   */
  private static Optional<LabContext> connect(
      LabContext context, Optional<String> uri, VirshSession session) {
    MigrationTarget.Connection connection =
        MigrationTarget.connect(context, uri.orElse("qemu:///system"));
    if (connection.host().isEmpty()) {
      session.error("failed to connect to the hypervisor");
      session.error(connection.error());
    }
    return connection.host();
  }

  /** virsh-util.c virshLookupDomainBy: by id, then UUID, then name. */
  public static Optional<VmSpec> lookup(HostSpec host, String key) {
    for (VmSpec vm : host.vms) {
      if (key.matches("\\d+") && DomainLayout.id(host, vm) == Integer.parseInt(key)) {
        return Optional.of(vm);
      }
    }
    for (VmSpec vm : host.vms) {
      if (key.equalsIgnoreCase(DomainLayout.uuid(vm)) || key.equals(vm.name)) {
        return Optional.of(vm);
      }
    }
    return Optional.empty();
  }

  private static void withDomain(
      VirshSession session, VirshCommandLine line, java.util.function.Consumer<VmSpec> action) {
    String key = line.required("domain");
    Optional<VmSpec> vm = lookup(session.context().host(), key);
    if (vm.isEmpty()) {
      session.error("failed to get domain '" + key + "'");
      return;
    }
    action.accept(vm.get());
  }

  private void version(VirshSession session, VirshCommandLine line) {
    HostSpec host = session.context().host();
    String libvirt = VirshVersions.libvirt(host).orElse("10.0.0");
    session.print("Compiled against library: libvirt " + libvirt + "\n");
    session.print("Using library: libvirt " + libvirt + "\n");
    session.print("Using API: QEMU " + libvirt + "\n");
    Optional<String> qemu = VirshVersions.qemu(host);
    if (qemu.isPresent()) {
      session.print("Running hypervisor: QEMU " + qemu.get() + "\n");
    }
    if (line.flag("daemon")) {
      session.print("Running against daemon: " + libvirt + "\n");
    }
  }

  /** virsh-domain-monitor.c cmdList, with virshDomainSorter's order (active by id, then name). */
  private void list(VirshSession session, VirshCommandLine line) {
    HostSpec host = session.context().host();
    List<VmSpec> shown = new ArrayList<>();
    for (VmSpec vm : host.vms) {
      if (listed(line, vm)) {
        shown.add(vm);
      }
    }
    shown.sort(
        Comparator.comparing((VmSpec vm) -> !DomainLayout.active(vm))
            .thenComparing(vm -> DomainLayout.active(vm) ? DomainLayout.id(host, vm) : 0)
            .thenComparing(vm -> vm.name));
    boolean table =
        line.flag("table") || !(line.flag("name") || line.flag("uuid") || line.flag("id"));
    if (!table) {
      for (VmSpec vm : shown) {
        int id = DomainLayout.id(host, vm);
        if (line.flag("id") && id < 0 && !line.flag("uuid") && !line.flag("name")) {
          continue;
        }
        StringBuilder row = new StringBuilder();
        String sep = "";
        if (line.flag("uuid")) {
          row.append(DomainLayout.uuid(vm));
          sep = " ";
        }
        if (line.flag("id")) {
          row.append(sep).append(id < 0 ? "-" : Integer.toString(id));
          sep = " ";
        }
        if (line.flag("name")) {
          row.append(sep).append(vm.name);
        }
        session.print(row + "\n");
      }
      return;
    }
    VirshTable rows = new VirshTable(List.of("Id", "Name", "State"));
    for (VmSpec vm : shown) {
      int id = DomainLayout.id(host, vm);
      rows.add(List.of(id < 0 ? "-" : Integer.toString(id), vm.name, vm.state));
    }
    session.print(rows.render(!session.quiet()));
  }

  private static boolean listed(VirshCommandLine line, VmSpec vm) {
    boolean anyState =
        line.flag("state-running")
            || line.flag("state-paused")
            || line.flag("state-shutoff")
            || line.flag("state-other");
    if (anyState) {
      return (line.flag("state-running") && "running".equals(vm.state))
          || (line.flag("state-paused") && "paused".equals(vm.state))
          || (line.flag("state-shutoff") && "shut off".equals(vm.state));
    }
    if (line.flag("all")) {
      return true;
    }
    if (line.flag("inactive")) {
      return !DomainLayout.active(vm);
    }
    return DomainLayout.active(vm);
  }

  private void domstate(VirshSession session, VirshCommandLine line) {
    withDomain(
        session,
        line,
        vm -> {
          if (line.flag("reason")) {
            String reason =
                vm.stateReason != null
                    ? vm.stateReason
                    : switch (vm.state) {
                      case "running" -> "booted";
                      case "paused" -> "user";
                      default -> "shutdown";
                    };
            session.print(vm.state + " (" + reason + ")\n");
          } else {
            session.print(vm.state + "\n");
          }
        });
  }

  /**
   * virsh-domain.c cmdResume and qemu_driver.c qemuDomainResume: a paused domain runs again (reason
   * unpaused). A domain that a migration job holds cannot be changed: libvirt waits for the job's
   * lock for 30 s and gives up.
   */
  private void resume(VirshSession session, VmSpec vm) {
    LabContext context = session.context();
    String refused = null;
    if (!DomainLayout.active(vm)) {
      refused = "Requested operation is not valid: domain is not running";
    } else if (RunningMigrations.outgoing(context.lab(), context.hostName(), vm.name).isPresent()) {
      refused = MigrationCommands.JOB_LOCKED + "remoteDispatchDomainMigrateBegin3Params)";
    } else if (RunningMigrations.incoming(context.lab(), context.hostName(), vm.name).isPresent()) {
      refused = MigrationCommands.JOB_LOCKED + "remoteDispatchDomainMigratePrepare3Params)";
    } else if ("running".equals(vm.state)) {
      refused = "Requested operation is not valid: domain is already running";
    }
    if (refused != null) {
      session.error("Failed to resume domain '" + vm.name + "'");
      session.error(refused);
      return;
    }
    MigrationDomains.state(vm, "running", "unpaused");
    // As virsh 9.0.0 prints it (checked against its test:///default driver).
    session.printExtra("Domain '" + vm.name + "' resumed\n");
  }

  private void dumpxml(VirshSession session, VirshCommandLine line) {
    withDomain(
        session,
        line,
        vm ->
            session.print(
                line.flag("migratable")
                    ? DomainXmlRenderer.migratable(session.context().host(), vm)
                    : DomainXmlRenderer.render(
                        session.context().host(), vm, line.flag("inactive"))));
  }
}
