package io.vfmigrate.tools.virsh;

import io.vfmigrate.host.Command;
import io.vfmigrate.host.CommandResult;
import io.vfmigrate.host.CommandTimeoutException;
import io.vfmigrate.host.Host;
import io.vfmigrate.model.InvalidInputException;
import io.vfmigrate.model.Names;
import io.vfmigrate.tools.ToolException;
import io.vfmigrate.tools.ToolRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The virsh commands that describe a host for the general migration prerequisites: {@code
 * capabilities}, {@code hypervisor-cpu-compare}, {@code nodememstats}, {@code freepages}, and
 * {@code -c URI uri} to see whether this host reaches a peer's libvirt the way {@code virsh
 * migrate} will from here.
 */
public final class VirshHost {
  /** How long a peer's libvirt may take to answer before it counts as unreachable. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern WORD = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}");

  private final ToolRunner runner;

  public VirshHost(Host host) {
    this.runner = new ToolRunner(host, Virsh.PACKAGE);
  }

  /** {@code virsh capabilities}. */
  public HostCapabilities capabilities() {
    return HostCapabilities.parse(VirshText.body(runner.run("virsh", "capabilities").stdout()));
  }

  /**
   * {@code virsh domcapabilities --virttype T --arch A --machine M}: what this host's libvirt
   * offers for a domain of that kind; empty when its emulator does not have that machine type, the
   * question libvirt asks before it starts a domain (an incoming migration included).
   */
  public java.util.Optional<DomainCapabilities> domainCapabilities(
      String virttype, String arch, String machine) {
    CommandResult result = runner.execute(domainCapabilitiesCommand(virttype, arch, machine));
    if (result.succeeded()) {
      return java.util.Optional.of(DomainCapabilities.parse(VirshText.body(result.stdout())));
    }
    if (result.errorText().contains("' is not supported by emulator '")) {
      return java.util.Optional.empty();
    }
    throw ToolException.failed(runner.host().name(), result, "");
  }

  /**
   * The command {@link #domainCapabilities} runs, for the guards' batched reads; an empty
   * virtualization type or architecture is left to libvirt's default.
   */
  public static Command domainCapabilitiesCommand(String virttype, String arch, String machine) {
    List<String> argv = new ArrayList<>(List.of("virsh", "domcapabilities"));
    if (!virttype.isEmpty()) {
      argv.addAll(List.of("--virttype", word(virttype)));
    }
    if (!arch.isEmpty()) {
      argv.addAll(List.of("--arch", word(arch)));
    }
    argv.addAll(List.of("--machine", word(machine)));
    return Command.of(argv).inCLocale();
  }

  /** {@code virsh nodememstats}. */
  public NodeMemory nodememstats() {
    return NodeMemory.parse(runner.run("virsh", "nodememstats").stdout());
  }

  /** {@code virsh freepages --pagesize SIZE --all}: free pages of one size on every NUMA node. */
  public FreePages freepages(long sizeKib) {
    if (sizeKib <= 0) {
      throw new InvalidInputException("A page size must be positive.", "give it in KiB.");
    }
    return FreePages.parse(
        runner.run("virsh", "freepages", "--pagesize", Long.toString(sizeKib), "--all").stdout());
  }

  /**
   * {@code virsh hypervisor-cpu-compare --error --virttype T --arch A [--machine M] /dev/stdin}:
   * whether this host's hypervisor can run the CPU the domain XML {@code domainXml} defines. The
   * XML goes on the command's standard input (virsh reads the file with {@code virFileReadAll},
   * which takes a pipe), so the comparison is one read-only exec, with no temporary file to create
   * and remove; the guards ask it in their batch.
   */
  public CpuComparison hypervisorCpuCompare(
      String domainXml, String virttype, String arch, String machine) {
    CommandResult result =
        runner.read(hypervisorCpuCompareCommand(domainXml, virttype, arch, machine));
    if (result.succeeded()) {
      return CpuComparison.parse(result.stdout());
    }
    return CpuComparison.incompatible(result.errorText())
        .orElseThrow(() -> ToolException.failed(runner.host().name(), result, ""));
  }

  /** The command {@link #hypervisorCpuCompare} runs, for the guards' batched reads. */
  public static Command hypervisorCpuCompareCommand(
      String domainXml, String virttype, String arch, String machine) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "virsh",
                "hypervisor-cpu-compare",
                "--error",
                "--virttype",
                word(virttype),
                "--arch",
                word(arch)));
    if (!machine.isEmpty()) {
      argv.add("--machine");
      argv.add(word(machine));
    }
    argv.add(STDIN);
    return Command.of(argv).withStdin(domainXml).inCLocale();
  }

  /** The file name under which virsh reads its standard input. */
  static final String STDIN = "/dev/stdin";

  /**
   * The domain XML in {@code virsh dumpxml}'s stdout, as {@link Virsh#dumpxml} parses it (without
   * the empty line virsh ends its output with).
   */
  public static String dumpxmlBody(String stdout) {
    return VirshText.body(stdout);
  }

  /** The probe {@link #connect} runs: {@code virsh -c URI?no_tty=1 uri}. */
  public static Command connectCommand(String uri) {
    String probe = Names.libvirtUri(uri) + (uri.contains("?") ? "&" : "?") + "no_tty=1";
    return Command.of("virsh", "-c", probe, "uri");
  }

  /**
   * {@code virsh -c URI uri} with {@code no_tty=1} added to the URI: libvirt then runs ssh with
   * {@code -T -o BatchMode=yes -e none}, so a password or host-key prompt is a failure, as it would
   * be for {@code virsh migrate} run without a terminal.
   */
  public PeerConnection connect(String uri) {
    Command command = connectCommand(uri);
    String probe = command.argv().get(2);
    CommandResult result;
    try {
      result = runner.execute(command.withTimeout(CONNECT_TIMEOUT));
    } catch (CommandTimeoutException e) {
      return new PeerConnection(
          probe,
          false,
          "no answer within " + CONNECT_TIMEOUT.toSeconds() + " s: " + e.getMessage());
    }
    if (result.succeeded()) {
      return new PeerConnection(probe, true, "");
    }
    // virsh's error lines on one line, without their 'error: ' prefixes.
    String error =
        String.join(
            ": ",
            result
                .errorText()
                .strip()
                .lines()
                .map(l -> l.startsWith("error: ") ? l.substring(7) : l)
                .filter(l -> !l.isBlank())
                .toList());
    return new PeerConnection(
        probe, false, error.isEmpty() ? "virsh exited with " + result.exitCode() : error);
  }

  private static String word(String value) {
    if (value == null || !WORD.matcher(value).matches()) {
      throw new InvalidInputException(
          "Invalid virsh argument '" + value + "'.",
          "use a machine type, architecture or virtualization type as libvirt names it.");
    }
    return value;
  }
}
